"""Reads for /gestion/apprenants: the active learners and what they are enrolled in."""
from __future__ import annotations

import uuid

from portal.accounts.models import Account
from portal.learning.models import Course, Enrollment, TrainingSession


def active_learner_or_none(account_id: uuid.UUID) -> Account | None:
    return Account.get_or_none((Account.id == account_id) & (Account.role == "learner") & (Account.status == "active"))


def active_learners() -> list[Account]:
    """By display name."""
    return list(Account.select().where((Account.role == "learner") & (Account.status == "active"))
                .order_by(Account.display_name))


def enrollments_of_learners(account_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Enrollment]]:
    """account id -> its enrolments with session and course, in one query (an empty list still asks)."""
    found: dict[uuid.UUID, list[Enrollment]] = {}
    for e in (Enrollment.select(Enrollment, TrainingSession, Course).join(TrainingSession).join(Course)
              .where(Enrollment.account_id.in_(account_ids or [None]))):
        found.setdefault(e.account_id, []).append(e)
    return found
