"""The signed token a lesson view carries: issued when a learner's page that counts time on a lesson is
rendered (the lesson itself, the bouquet workshop of its exercise), presented by every heartbeat.

Apart from portal.player.tracking so that pages of other capabilities can issue one without importing what
tracking records into (progress, certificates, personalisation)."""
from __future__ import annotations

import secrets
import uuid
from datetime import datetime

from flask import current_app
from itsdangerous import URLSafeTimedSerializer

MAX_AGE_SECONDS = 12 * 3600  # a view lives half a day


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="petale-lesson-view")


def view_token(account_id: uuid.UUID, lesson_id: int) -> str:
    return _serializer().dumps({"v": secrets.token_hex(12), "a": str(account_id), "l": lesson_id})


def read(token: str) -> tuple[dict, datetime]:
    """The token's data and when it was issued (naive UTC). Raises itsdangerous.BadSignature (expired too)."""
    data, issued = _serializer().loads(token, max_age=MAX_AGE_SECONDS, return_timestamp=True)
    return data, issued.replace(tzinfo=None)
