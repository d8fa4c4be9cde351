"""The trainers' answers a learner has not read yet: her space says « Réponse de … à votre question … »
until she reads them (a mail alone is easy to miss)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from portal.accounts.models import Account
from portal.forum.models import Post, Thread
from portal.prepared import Prepared, Slot
from portal.timeutil import utcnow

SHOWN = 10  # the newest; her questions page lists the rest


@dataclass(frozen=True)
class NewAnswer:
    thread_id: int
    title: str
    trainer_name: str
    answered_at: datetime


def new_answers(account_id: uuid.UUID) -> list[NewAnswer]:
    """Her questions with a trainer's answer she has not read, the latest answer first (one line each)."""
    lines: dict[int, NewAnswer] = {}
    for thread_id, title, name, at in _UNREAD.all(account=account_id):
        if thread_id not in lines and len(lines) < SHOWN:
            lines[thread_id] = NewAnswer(thread_id, title, name, at)
    return list(lines.values())


# One statement for her space (portal.prepared): the visible trainer posts of her threads since she read them.
_UNREAD = Prepared(lambda: (
    Post.select(Thread.id, Thread.title, Account.display_name, Post.created_at)
    .join(Thread)
    .switch(Post).join(Account, on=(Account.id == Post.author_id))
    .where((Thread.author_id == Slot("account")) & Post.by_trainer & Post.deleted_at.is_null()
           & Post.hidden_at.is_null() & (Post.author_id != Slot("account"))
           & (Thread.asker_read_at.is_null() | (Post.created_at > Thread.asker_read_at)))
    .order_by(Post.created_at.desc())
    .limit(200)
    .tuples()
))


def mark_read(account_id: uuid.UUID, thread: Thread) -> None:
    """She has read the answers of her question (another's thread is left as it is)."""
    Thread.update(asker_read_at=utcnow()).where((Thread.id == thread.id) & (Thread.author_id == account_id)).execute()
