"""Her objection to improving the offer (GDPR art. 21): one click in the privacy center, withdrawn the
same way. From then on no aggregate counts her (portal.standing.objection says who is left out)."""
from __future__ import annotations

import uuid

from portal import db
from portal.standing.objection import objected_since, set_objection


def record(account_id: uuid.UUID, objecting: bool) -> bool:
    """Returns whether it changed (objecting twice keeps the first date)."""
    with db.atomic():
        return set_objection(account_id, objecting)


def since(account_id: uuid.UUID):
    return objected_since(account_id)
