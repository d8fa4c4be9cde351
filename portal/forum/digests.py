"""Trainers' periodic mail about questions: a daily reminder of those waiting too long (for every
trainer), and a weekly digest for those who chose it instead of a mail per question."""
from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

import peewee
from flask import current_app
from flask_babel import lazy_gettext as _l

from portal import db, mail
from portal.accounts.models import Account
from portal.forum.models import Thread
from portal.forum.queue import waiting_threads
from portal.jobs import job
from portal.learning.models import Module
from portal.links import external_url
from portal.timeutil import paris_today, utcnow


def _active_trainers(**only) -> list[Account]:
    query = Account.select().where((Account.role == "trainer") & (Account.status == "active"))
    for name, value in only.items():
        query = query.where(getattr(Account, name) == value)
    # Read in full first: on SQLite a write begun while a read is still being stepped through cannot wait
    # for another writer ("database is locked" at once).
    return list(query)


def overdue_count(trainer_id: uuid.UUID, before: datetime) -> int:
    return waiting_threads(trainer_id).where(Thread.created_at < before).count()


@job(_l("Rappel aux formateurs des questions en attente"))
def send_overdue_reminders(day: str | None = None, now: str | None = None) -> int:
    """Once a day at most, each trainer with questions waiting longer than FORUM_REMINDER_HOURS."""
    day = day or paris_today().isoformat()
    hours = current_app.config["FORUM_REMINDER_HOURS"]
    before = (datetime.fromisoformat(now) if now else utcnow()) - timedelta(hours=hours)
    sent = 0
    for trainer in _active_trainers():
        late = overdue_count(trainer.id, before)
        if not late:
            continue
        with db.atomic():
            if mail.send(trainer.id, "forum_overdue", once_key=f"overdue:{trainer.id}:{day}", count=late,
                         hours=hours, url=external_url("trainer.space")) is not None:
                sent += 1
    return sent


def _by_module(trainer_id: uuid.UUID) -> list[dict]:
    rows = (waiting_threads(trainer_id)
            .select(Module.title, peewee.fn.COUNT(Thread.id), peewee.fn.MIN(Thread.created_at))
            .switch(Thread).join(Module).group_by(Module.id, Module.title).order_by(Module.title).tuples())
    now = utcnow()
    return [{"module": title, "count": count, "days": (now - _as_datetime(oldest)).days}
            for title, count, oldest in rows]


def _as_datetime(value) -> datetime:
    """MIN() over a datetime column comes back as text from SQLite."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


@job(_l("Résumé hebdomadaire des questions"))
def send_weekly_digests(day: str | None = None) -> int:
    """The first run of each ISO week: trainers who chose the weekly digest, with questions waiting."""
    today = date.fromisoformat(day) if day else paris_today()
    year, week, _ = today.isocalendar()
    sent = 0
    for trainer in _active_trainers(question_mail="weekly"):
        modules = _by_module(trainer.id)
        if not modules:
            continue
        with db.atomic():
            if mail.send(trainer.id, "forum_weekly", once_key=f"weekly:{trainer.id}:{year}-W{week:02d}",
                         modules=modules, count=sum(m["count"] for m in modules),
                         url=external_url("trainer.space")) is not None:
                sent += 1
    return sent
