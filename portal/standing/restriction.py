"""The restriction mark on an account (GDPR art. 18) and the ground it was set on, as a code. Setting
and lifting it are portal.privacy's decisions (with the request in the register and the mail); the
mark itself is written here only."""
from __future__ import annotations

import uuid

from portal.accounts.models import Account
from portal.timeutil import utcnow

# The grounds of article 18(1): (a) accuracy contested, (b) unlawful processing kept rather than erased,
# (c) needed for a legal claim, (d) objection pending; and another ground in the person's words.
ACCURACY, UNLAWFUL, LEGAL_CLAIM, OBJECTION, OTHER = "accuracy", "unlawful", "legal_claim", "objection", "other"
GROUND_CODES = (ACCURACY, UNLAWFUL, LEGAL_CLAIM, OBJECTION, OTHER)


def mark_restricted(account_id: uuid.UUID, ground: str | None) -> None:
    """Marks an unrestricted account (a second restriction keeps the first date and ground)."""
    Account.update(restricted_at=utcnow(), restriction_ground=ground if ground in GROUND_CODES else None).where(
        (Account.id == account_id) & Account.restricted_at.is_null()).execute()


def clear_restricted(account_id: uuid.UUID) -> bool:
    """False when the account was not restricted."""
    return bool(Account.update(restricted_at=None, restriction_ground=None).where(
        (Account.id == account_id) & Account.restricted_at.is_null(False)).execute())


def held_for_legal_claims() -> frozenset[uuid.UUID]:
    """Accounts restricted to establish, exercise or defend a legal claim: nothing of theirs is purged."""
    return frozenset(row.id for row in Account.select(Account.id).where(
        Account.restricted_at.is_null(False) & (Account.restriction_ground == LEGAL_CLAIM)))


def restricted_accounts() -> list[Account]:
    """Every restricted account, the oldest restriction first (the dpo's home lists them)."""
    return list(Account.select().where(Account.restricted_at.is_null(False)).order_by(Account.restricted_at))
