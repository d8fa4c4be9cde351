"""Explicit, separate, withdrawable consent to marketing mail, and the one-click unsubscribe token."""
from __future__ import annotations

import uuid

from portal import db
from portal.privacy.versions import current_version_number
from portal.standing.service import MARKETING, append_consent, granted
from portal.standing.service import history as history

SOURCE_SPACE = "espace personnel"
SOURCE_LINK = "lien de désinscription"
SOURCE_ONE_CLICK = "désinscription en un clic"


def record(account_id: uuid.UUID, wanted: bool, source: str, purpose: str = MARKETING) -> bool:
    """Append a change (nothing when the state does not change). Returns whether it changed."""
    if granted(account_id, purpose) == wanted:
        return False
    with db.atomic():
        append_consent(account_id, purpose, wanted, current_version_number(), source)
    return True
