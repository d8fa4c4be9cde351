"""The text of a learner search, kept for the page its post redirects to: sealed (AES-GCM, a key derived from
SECRET_KEY), because the signed session cookie is readable by whoever holds it, and a searched name, address or
phone number must stay out of the address bar, the server's logs and any readable cookie."""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app

PURPOSE = b"petale:learner-search-text"


def _cipher() -> AESGCM:
    return AESGCM(hmac.new(current_app.config["SECRET_KEY"].encode(), PURPOSE, hashlib.sha256).digest())


def seal(text: str) -> str:
    nonce = os.urandom(12)
    return base64.urlsafe_b64encode(nonce + _cipher().encrypt(nonce, text.encode(), PURPOSE)).decode()


def unseal(token: object) -> str:
    """The text sealed, or "" for anything else (an old cookie, another key, a forged value)."""
    if not isinstance(token, str):
        return ""
    try:
        blob = base64.urlsafe_b64decode(token.encode())
        return _cipher().decrypt(blob[:12], blob[12:], PURPOSE).decode() if len(blob) > 12 else ""
    except (InvalidTag, ValueError, binascii.Error, UnicodeDecodeError):
        return ""
