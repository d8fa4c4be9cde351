"""The name the portal shows for each account (its display name, never the legal one): one lookup for
every back-office list that names people by their account id."""
from __future__ import annotations

import uuid
from collections.abc import Iterable

from portal.accounts.models import Account
from portal.db import MANY_KEYS


def display_names(account_ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    """account id -> display name, in one query (none when there is no id); ids of accounts erased since
    map to the erased account's placeholder name, ids that never existed are left out."""
    wanted = {account_id for account_id in account_ids if account_id}
    if not wanted:
        return {}
    query = Account.select(Account.id, Account.display_name)
    if len(wanted) <= MANY_KEYS:
        return dict(query.where(Account.id.in_(list(wanted))).tuples())
    return {account_id: name for account_id, name in query.tuples() if account_id in wanted}
