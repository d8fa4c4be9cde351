"""The trainer's queue: the unanswered questions of the sessions she teaches."""
from __future__ import annotations

import uuid

import peewee

from portal.accounts.models import GONE, Account
from portal.forum.models import Thread
from portal.learning import membership


def trainer_session_ids(trainer_id: uuid.UUID) -> peewee.SelectQuery:
    return membership.sessions_taught_by(trainer_id)


def waiting_threads(trainer_id: uuid.UUID) -> peewee.ModelSelect:
    """Unanswered questions of the trainer's sessions, from askers whose account still exists: a
    question left by a person erased since has no one to read the answer."""
    return (Thread.select(Thread).join(Account, on=(Account.id == Thread.author_id))
            .where(Thread.session.in_(trainer_session_ids(trainer_id)) & Thread.answered_at.is_null()
                   & Account.status.not_in(GONE)))


def unanswered_count(trainer_id: uuid.UUID) -> int:
    return waiting_threads(trainer_id).count()
