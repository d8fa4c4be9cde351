"""The text of a learner search, kept for the page its post redirects to: sealed (Fernet, a key derived from
SECRET_KEY), because the signed session cookie is readable by whoever holds it, and a searched name, address or
phone number must stay out of the address bar, the server's logs and any readable cookie."""
from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app

PURPOSE = b"petale:learner-search-text"


def _fernet() -> Fernet:
    key = hmac.new(current_app.config["SECRET_KEY"].encode(), PURPOSE, hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def unseal(token: object) -> str:
    """The text sealed, or "" for anything else (an old cookie, another key, a forged value)."""
    if not isinstance(token, str):
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except (InvalidToken, UnicodeDecodeError):
        return ""
