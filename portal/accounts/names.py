"""The name the portal shows for each account (its display name, never the legal one): one lookup for
every back-office list that names people by their account id."""
from __future__ import annotations

import uuid
from collections.abc import Iterable

from portal.accounts.models import Account


def display_names(account_ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    """account id -> display name, in one query (none when there is no id); ids of accounts erased since
    map to the erased account's placeholder name, ids that never existed are left out."""
    wanted = {account_id for account_id in account_ids if account_id}
    if not wanted:
        return {}
    return dict(Account.select(Account.id, Account.display_name).where(Account.id.in_(list(wanted))).tuples())
