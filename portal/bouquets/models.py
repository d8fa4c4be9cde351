"""Briefs, drafts in progress, immutable submissions and trainers' comments (main zone)."""
from __future__ import annotations

import peewee

from portal.db import MainModel
from portal.learning.models import Lesson, TrainingSession
from portal.timeutil import utcnow


class Brief(MainModel):
    """A client's order ("commande client") that a bouquet exercise asks the learner to fulfil."""

    lesson = peewee.ForeignKeyField(Lesson, backref="briefs", on_delete="CASCADE")
    title = peewee.CharField(max_length=120)
    occasion = peewee.CharField(max_length=32)
    budget_cents = peewee.IntegerField()
    harmony = peewee.CharField(max_length=24)
    month = peewee.IntegerField()
    style = peewee.CharField(max_length=16, default="rond")
    vase_height_cm = peewee.IntegerField(null=True)
    local_season = peewee.BooleanField(default=False)
    created_by = peewee.UUIDField()
    created_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "bouquet_brief"


class Draft(MainModel):
    """The bouquet in progress, saved at every change so the learner resumes where they left it."""

    account_id = peewee.UUIDField()
    brief = peewee.ForeignKeyField(Brief, on_delete="CASCADE")
    groups = peewee.TextField(default="[]")  # JSON list of builder groups, in insertion order
    tie_height_cm = peewee.IntegerField(default=25)
    updated_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "bouquet_draft"
        indexes = ((("account_id", "brief"), True),)


class Submission(MainModel):
    """An immutable snapshot of a bouquet and its evaluation; never updated."""

    account_id = peewee.UUIDField(index=True)
    brief = peewee.ForeignKeyField(Brief, on_delete="CASCADE")
    # The session she followed when she submitted it: only that session's trainers see it, even after
    # she moves to another session of the course.
    session = peewee.ForeignKeyField(TrainingSession, null=True, on_delete="SET NULL")
    snapshot = peewee.TextField()  # JSON: groups, tie height, brief, evaluation
    total = peewee.IntegerField()
    submitted_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "bouquet_submission"


class Comment(MainModel):
    submission = peewee.ForeignKeyField(Submission, backref="comments", on_delete="CASCADE")
    trainer_id = peewee.UUIDField()
    body = peewee.TextField()
    created_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "bouquet_comment"
