"""The changes of an account's status that privacy and retention carry out: an erasure's two marks, the
inactivity warning and its answer, a closed login and its pseudonym. Those packages decide when; the
account row is changed here only, by id, so they never reach into the accounts model."""
from __future__ import annotations

import uuid
from datetime import datetime

import peewee

from portal.accounts.models import DEACTIVATED, DELETED, ERASING, PSEUDONYMISED, Account
from portal.timeutil import utcnow

ACTIVE = "active"


def begin_erasing(account_id: uuid.UUID) -> None:
    Account.update(status=ERASING).where((Account.id == account_id) & (Account.status != DELETED)).execute()


def finish_erasing(account_id: uuid.UUID) -> None:
    Account.update(status=DELETED).where(Account.id == account_id).execute()


def being_erased() -> list[Account]:
    """Accounts whose erasure began and did not finish (a crash half-way)."""
    return list(Account.select().where(Account.status == ERASING))


def not_erased(account_id: uuid.UUID) -> Account | None:
    """The account while anything of it is left to act on: any status but deleted."""
    return Account.get_or_none((Account.id == account_id) & (Account.status != DELETED))


def active_account(account_id: uuid.UUID) -> Account | None:
    return Account.get_or_none((Account.id == account_id) & (Account.status == ACTIVE))


def active_ids_after(cursor: uuid.UUID | None, limit: int) -> list[uuid.UUID]:
    """Active account ids in id order, the batch after `cursor` (a job mailing everyone resumes there)."""
    query = Account.select(Account.id).where(Account.status == ACTIVE).order_by(Account.id).limit(limit)
    if cursor is not None:
        query = query.where(Account.id > cursor)
    return [row.id for row in query]


def idle_unwarned(seen_before: datetime, limit: int) -> list[tuple[uuid.UUID, str]]:
    """(id, role) of active accounts not seen since `seen_before` (last login, or creation) and not warned."""
    last_seen = peewee.fn.COALESCE(Account.last_login_at, Account.created_at)
    rows = Account.select(Account.id, Account.role).where(
        (Account.status == ACTIVE) & Account.inactive_warned_at.is_null() & (last_seen < seen_before)).limit(limit)
    return [(row.id, row.role) for row in rows]


def mark_warned(account_ids: list[uuid.UUID], moment: datetime) -> None:
    Account.update(inactive_warned_at=moment).where(
        Account.id.in_(account_ids) & Account.inactive_warned_at.is_null()).execute()


def _warned_unanswered(warned_before: datetime):
    """Warned before that moment and silent. A restricted account is never among them: restriction
    means stored, not used, nor erased by a sweep (art. 18)."""
    return ((Account.status == ACTIVE) & Account.inactive_warned_at.is_null(False)
            & (Account.inactive_warned_at <= warned_before) & Account.restricted_at.is_null())


def unanswered_learners(warned_before: datetime) -> list[Account]:
    return list(Account.select().where(_warned_unanswered(warned_before) & (Account.role == "learner")))


def unanswered_team(warned_before: datetime) -> list[uuid.UUID]:
    """Trainers, staff and dpo warned and silent: their login is to close."""
    rows = Account.select(Account.id).where(_warned_unanswered(warned_before) & (Account.role != "learner"))
    return [row.id for row in rows]


def close_login(account_id: uuid.UUID) -> None:
    """Deactivated, every signed-in session ended at once."""
    Account.update(status=DEACTIVATED, session_version=Account.session_version + 1).where(
        (Account.id == account_id) & (Account.status == ACTIVE)).execute()


def closed_before(moment: datetime) -> list[uuid.UUID]:
    """Logins closed after a warning given before `moment`, not restricted."""
    rows = Account.select(Account.id).where(
        (Account.status == DEACTIVATED) & (Account.inactive_warned_at <= moment) & Account.restricted_at.is_null())
    return [row.id for row in rows]


def pseudonymise(account_id: uuid.UUID, pseudonym: str) -> None:
    Account.update(status=PSEUDONYMISED, display_name=pseudonym).where(
        (Account.id == account_id) & (Account.status == DEACTIVATED)).execute()


def reopen_login(account_id: uuid.UUID) -> bool:
    """A closed login opened again; False when the account's login was not closed."""
    return bool(Account.update(status=ACTIVE, inactive_warned_at=None, last_login_at=utcnow()).where(
        (Account.id == account_id) & (Account.status == DEACTIVATED)).execute())


def answer_warning(account_id: uuid.UUID, warned_at: datetime) -> bool:
    """The person answered the warning given at `warned_at`; False when already answered or not active."""
    return bool(Account.update(inactive_warned_at=None, last_login_at=utcnow()).where(
        (Account.id == account_id) & (Account.status == ACTIVE) & (Account.inactive_warned_at == warned_at)
    ).execute())
