"""The webhook signature both sides compute: HMAC-SHA256 over "<timestamp>.<body>", sent as
`Petale-Signature: t=<unix time>,v1=<hex>`."""
from __future__ import annotations

import hashlib
import hmac
import time

from flask import current_app

HEADER = "Petale-Signature"
TOLERANCE_SECONDS = 300


class BadSignature(Exception):
    pass


def webhook_secret() -> str:
    """PAYMENT_WEBHOOK_SECRET; the local test provider shares one derived from SECRET_KEY, a real
    provider gives its own."""
    configured = current_app.config.get("PAYMENT_WEBHOOK_SECRET")
    if configured:
        return configured
    return hmac.new(current_app.config["SECRET_KEY"].encode(), b"petale-payment-webhook", hashlib.sha256).hexdigest()


def sign(body: bytes, secret: str, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def check(body: bytes, header: str | None, secret: str, now: float | None = None) -> None:
    """Raises BadSignature (with a French reason) unless the header signs this body recently."""
    try:
        parts = dict(item.split("=", 1) for item in (header or "").split(","))
        timestamp, given = int(parts["t"]), parts["v1"]
    except (ValueError, KeyError):
        raise BadSignature("En-tête de signature absent ou illisible.") from None
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, given):
        raise BadSignature("Signature invalide.")
    if abs((time.time() if now is None else now) - timestamp) > TOLERANCE_SECONDS:
        raise BadSignature("Horodatage trop ancien : l'événement est refusé.")
