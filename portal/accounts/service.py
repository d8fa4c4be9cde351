"""The account lookups every package needs: the signed-in account of a session, an account by its id.
The flows that change an account (sign-up, login, reset, profile) are portal.signin's."""
from __future__ import annotations

import uuid

from portal.accounts.models import Account
from portal.prepared import Prepared, Slot


def load_session_account(session_id: str) -> Account | None:
    """flask-login's user loader: "<uuid>:<session version>", stale versions rejected."""
    raw_id, _, version = session_id.partition(":")
    try:
        account_id = uuid.UUID(raw_id)
        version_number = int(version)
    except ValueError:
        return None
    return _SESSION_ACCOUNT.first(account=account_id, version=version_number)


# Every signed-in request loads its account: the query is prepared once.
_SESSION_ACCOUNT = Prepared(lambda: Account.select().where(
    (Account.id == Slot("account")) & (Account.session_version == Slot("version")) & (Account.status == "active")
))


# The row other packages are handed: they read its fields and never query through it.
AccountRow = Account


def account_or_none(account_id: uuid.UUID) -> Account | None:
    return Account.get_or_none(Account.id == account_id)


def accounts_by_id(account_ids: list[uuid.UUID]) -> dict[uuid.UUID, Account]:
    """account id -> account, in one query (an empty list still asks, and finds nothing)."""
    return {a.id: a for a in Account.select().where(Account.id.in_(account_ids or [None]))}
