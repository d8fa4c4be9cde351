"""Explicit, separate, withdrawable consent to marketing mail, and the one-click unsubscribe token."""
from __future__ import annotations

import uuid

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from portal import db
from portal.privacy.models import MARKETING, ConsentEvent
from portal.privacy.versions import current_version_number

SOURCE_SPACE = "espace personnel"
SOURCE_LINK = "lien de désinscription"
SOURCE_ONE_CLICK = "désinscription en un clic"


def history(account_id: uuid.UUID, purpose: str = MARKETING) -> list[ConsentEvent]:
    return list(ConsentEvent.select().where((ConsentEvent.account_id == account_id) & (ConsentEvent.purpose == purpose))
                .order_by(ConsentEvent.created_at.desc(), ConsentEvent.id.desc()))


def granted(account_id: uuid.UUID, purpose: str = MARKETING) -> bool:
    latest = (ConsentEvent.select(ConsentEvent.granted)
              .where((ConsentEvent.account_id == account_id) & (ConsentEvent.purpose == purpose))
              .order_by(ConsentEvent.created_at.desc(), ConsentEvent.id.desc()).first())
    return bool(latest and latest.granted)  # never given means no


def record(account_id: uuid.UUID, wanted: bool, source: str, purpose: str = MARKETING) -> bool:
    """Append a change (nothing when the state does not change). Returns whether it changed."""
    if granted(account_id, purpose) == wanted:
        return False
    with db.atomic():
        ConsentEvent.create(account_id=account_id, purpose=purpose, granted=wanted, policy_version=current_version_number(),
                            source=source)
    return True


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="petale-unsubscribe")


def unsubscribe_token(account_id: uuid.UUID) -> str:
    """No expiry: an unsubscribe link in an old message must still work (RFC 8058)."""
    return _serializer().dumps({"a": str(account_id), "p": MARKETING})


def account_for_unsubscribe(token: str) -> uuid.UUID | None:
    try:
        data = _serializer().loads(token)
        return uuid.UUID(data["a"]) if data.get("p") == MARKETING else None
    except (BadSignature, KeyError, TypeError, ValueError, AttributeError):
        return None
