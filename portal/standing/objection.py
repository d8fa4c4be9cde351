"""A person's objection to improving the offer (GDPR art. 21), and the one rule every aggregate follows:
who is left out of it. Restricted people (art. 18: stored, not used) and people who objected are never
counted; analytics, survey results and published figures all filter through `counted`.

Writing the objection is portal.privacy's decision (the privacy center); the row is written here only."""
from __future__ import annotations

import uuid
from datetime import datetime

import peewee

from portal.accounts.models import Account
from portal.standing.models import IMPROVEMENT, Objection


def objected_since(account_id: uuid.UUID, purpose: str = IMPROVEMENT) -> datetime | None:
    row = (Objection.select(Objection.created_at)
           .where((Objection.account_id == account_id) & (Objection.purpose == purpose)).first())
    return row.created_at if row else None


def set_objection(account_id: uuid.UUID, objecting: bool, purpose: str = IMPROVEMENT) -> bool:
    """Call inside the caller's transaction. Returns whether anything changed (a second objection keeps
    the first date)."""
    if objecting:
        if objected_since(account_id, purpose) is not None:
            return False
        Objection.create(account_id=account_id, purpose=purpose)
        return True
    return bool(Objection.delete().where((Objection.account_id == account_id)
                                         & (Objection.purpose == purpose)).execute())


def left_out_of_aggregates() -> tuple[peewee.ModelSelect, peewee.ModelSelect]:
    """The accounts no aggregate may count, as two subqueries: restricted, and objecting."""
    restricted = Account.select(Account.id).where(Account.restricted_at.is_null(False))
    objecting = Objection.select(Objection.account_id).where(Objection.purpose == IMPROVEMENT)
    return restricted, objecting


def counted(account_field) -> peewee.Expression:
    """The condition "this account may be counted in an aggregate" on a query's account-id column."""
    restricted, objecting = left_out_of_aggregates()
    return account_field.not_in(restricted) & account_field.not_in(objecting)


def is_counted(account_id: uuid.UUID) -> bool:
    """Whether this person may be counted (and asked for her opinion) at all."""
    return Account.select().where((Account.id == account_id) & counted(Account.id)).exists()
