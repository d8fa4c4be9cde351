"""Explicit, separate, withdrawable consent to marketing mail, and the one-click unsubscribe token."""
from __future__ import annotations

import uuid

from portal import db
from portal.privacy.models import MARKETING, ConsentEvent
from portal.privacy.standing import granted
from portal.privacy.versions import current_version_number

SOURCE_SPACE = "espace personnel"
SOURCE_LINK = "lien de désinscription"
SOURCE_ONE_CLICK = "désinscription en un clic"


def history(account_id: uuid.UUID, purpose: str = MARKETING) -> list[ConsentEvent]:
    return list(ConsentEvent.select().where((ConsentEvent.account_id == account_id) & (ConsentEvent.purpose == purpose))
                .order_by(ConsentEvent.created_at.desc(), ConsentEvent.id.desc()))


def record(account_id: uuid.UUID, wanted: bool, source: str, purpose: str = MARKETING) -> bool:
    """Append a change (nothing when the state does not change). Returns whether it changed."""
    if granted(account_id, purpose) == wanted:
        return False
    with db.atomic():
        ConsentEvent.create(account_id=account_id, purpose=purpose, granted=wanted,
                            policy_version=current_version_number(), source=source)
    return True
