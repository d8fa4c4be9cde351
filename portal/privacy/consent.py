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


def record(account_id: uuid.UUID, wanted: bool, source: str, purpose: str = MARKETING,
           even_unchanged: bool = False) -> bool:
    """Append a change (nothing when the state does not change). Returns whether it changed.
    even_unchanged: her objection sent to the dpo is kept in her history even when she had never said yes,
    so that what she asked, and when, can be shown to her."""
    if granted(account_id, purpose) == wanted:
        if even_unchanged:
            with db.atomic():
                append_consent(account_id, purpose, wanted, current_version_number(), source)
        return False
    with db.atomic():
        append_consent(account_id, purpose, wanted, current_version_number(), source)
    return True
