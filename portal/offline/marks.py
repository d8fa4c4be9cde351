"""What the server tells the browser about keeping pages: which ones the service worker may keep, whose
they are, and when every copy must go."""
from __future__ import annotations

import hashlib
import hmac
import uuid

from flask import current_app
from werkzeug.wrappers import Response

KEEP_HEADER = "X-Petale-Hors-Ligne"


def keep_offline(response: Response) -> Response:
    """A learner's own page (a lesson, her space): the service worker may keep a copy for the road."""
    response.headers[KEEP_HEADER] = "oui"
    return response


def clear_browser_copies(response: Response) -> Response:
    """Signing out or deleting the account: the browser drops the kept lessons, the waiting queue and the
    service worker (Clear-Site-Data; the page's script sends what waits before signing out)."""
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


def learner_mark(account_id: uuid.UUID) -> str:
    """An opaque mark naming the learner in this browser's queue, so that items queued by one person are
    never sent in another's session; it reveals nothing of the account (keyed hash)."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"offline-queue:" + str(account_id).encode(), hashlib.sha256).hexdigest()[:20]
