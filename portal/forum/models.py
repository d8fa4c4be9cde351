"""Module Q&A: threads belong to one session's module, so trainers see only their cohorts."""
from __future__ import annotations

import peewee

from portal.db import MainModel
from portal.learning.models import Lesson, Module, TrainingSession
from portal.timeutil import utcnow


class Thread(MainModel):
    module = peewee.ForeignKeyField(Module, on_delete="CASCADE")
    # The lesson she was reading when she asked (the player's link carries it); None when asked from the
    # module's page, or once the lesson is removed from the course.
    lesson = peewee.ForeignKeyField(Lesson, null=True, on_delete="SET NULL")
    session = peewee.ForeignKeyField(TrainingSession, on_delete="CASCADE")
    author_id = peewee.UUIDField()
    title = peewee.CharField(max_length=160)
    created_at = peewee.DateTimeField(default=utcnow)
    last_activity_at = peewee.DateTimeField(default=utcnow)
    answered_at = peewee.DateTimeField(null=True)  # first trainer answer
    solution_id = peewee.IntegerField(null=True)  # the post marked as the solution
    # When the asker last read the answers (from her space, or answering): later trainer answers are new.
    asker_read_at = peewee.DateTimeField(null=True)

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
    # A trainer's answer marked as a reference: shown under the module to every session of the course,
    # without the asker's name.
    reference_at = peewee.DateTimeField(null=True)
    # What every session reads: a title and a text the trainer wrote or approved when marking it, so the
    # asker's own question stays in her session.
    reference_title = peewee.CharField(max_length=160, null=True)
    reference_body = peewee.TextField(null=True)
    reference_body_html = peewee.TextField(null=True)

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


class ReplyAddress(MainModel):
    """The single-use address a trainer's question notification is sent from (Reply-To): a reply to it
    becomes her answer. The token is random; the address also carries its HMAC, so a guessed or altered
    address is refused before the database is asked."""

    token = peewee.CharField(max_length=24, primary_key=True)
    thread = peewee.ForeignKeyField(Thread, on_delete="CASCADE")
    account_id = peewee.UUIDField(index=True)  # the trainer it was sent to
    created_at = peewee.DateTimeField(default=utcnow)
    used_at = peewee.DateTimeField(null=True)

    class Meta:
        table_name = "forum_reply_address"
