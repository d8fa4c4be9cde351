"""Module Q&A: threads belong to one session's module, so trainers see only their cohorts."""
from __future__ import annotations

import peewee

from portal.db import MainModel
from portal.learning.models import Module, TrainingSession
from portal.timeutil import utcnow


class Thread(MainModel):
    module = peewee.ForeignKeyField(Module, on_delete="CASCADE")
    session = peewee.ForeignKeyField(TrainingSession, on_delete="CASCADE")
    author_id = peewee.UUIDField()
    title = peewee.CharField(max_length=160)
    created_at = peewee.DateTimeField(default=utcnow)
    last_activity_at = peewee.DateTimeField(default=utcnow)
    answered_at = peewee.DateTimeField(null=True)  # first trainer answer
    solution_id = peewee.IntegerField(null=True)  # the post marked as the solution

    class Meta:
        table_name = "forum_thread"
        indexes = ((("session", "module", "last_activity_at"), False), (("session", "answered_at"), False))


class Post(MainModel):
    thread = peewee.ForeignKeyField(Thread, backref="posts", on_delete="CASCADE")
    author_id = peewee.UUIDField(index=True)
    by_trainer = peewee.BooleanField(default=False)
    body = peewee.TextField()
    # The body rendered and sanitised when it is written (Markdown cost a thread page more than its
    # queries). Same row, so it is erased with the body; NULL (older rows) means render when shown.
    body_html = peewee.TextField(null=True)
    created_at = peewee.DateTimeField(default=utcnow)
    edited_at = peewee.DateTimeField(null=True)
    deleted_at = peewee.DateTimeField(null=True)
    hidden_at = peewee.DateTimeField(null=True)

    class Meta:
        table_name = "forum_post"
        indexes = ((("thread", "created_at"), False),)


class ModerationEntry(MainModel):
    """Why staff hid a post: kept even if the post is later erased."""

    post = peewee.ForeignKeyField(Post, on_delete="CASCADE")
    staff_id = peewee.UUIDField()
    reason = peewee.TextField()
    created_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "forum_moderation"
