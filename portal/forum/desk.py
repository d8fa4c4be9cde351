"""The trainer's desk: the questions waiting in her sessions, each with what she needs to answer it
without opening the thread (the question itself, where it was asked, who asked and where that learner
stands in the course), and the answer that claims a question once, whoever answers first.

Five queries whatever the queue's length: the waiting threads with their module, lesson, session and
asker; their opening messages; the askers' completed lessons; the courses' lesson counts; nothing per
item.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import peewee
from flask import current_app
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from portal import db
from portal.accounts.models import Account
from portal.forum.models import Post, Thread
from portal.forum.queue import trainer_session_ids, unanswered_count, waiting_threads
from portal.forum.threads import ForumRefused
from portal.forum.writing import answer_as_trainer, rendered
from portal.learning.models import Lesson, LessonProgress, Module, TrainingSession
from portal.timeutil import utcnow

EXCERPT_CHARS = 280


@dataclass(frozen=True)
class DeskItem:
    thread_id: int
    title: str
    excerpt: str  # plain text, shortened
    body_html: Markup  # the whole question, sanitised when it was written
    shortened: bool
    module_id: int
    module_title: str
    lesson_title: str | None
    session_id: int
    session_title: str
    asker_name: str
    asked_at: datetime
    overdue: bool
    lessons_done: int
    lessons_total: int

    @property
    def progress_percent(self) -> int:
        return round(100 * self.lessons_done / self.lessons_total) if self.lessons_total else 0


@dataclass(frozen=True)
class Desk:
    items: list[DeskItem]  # after the filters, oldest first
    waiting: int  # before the filters: what the navigation counts
    sessions: list[tuple[int, str]]  # filter choices: the trainer's sessions with questions waiting
    modules: list[tuple[int, str]]
    overdue_after: timedelta


class AlreadyAnswered(ForumRefused):
    """Another trainer answered while this one was writing."""

    status = 409  # the question changed under her: a conflict, not a mistake in what she wrote

    def __init__(self, thread: Thread, by: str, at: datetime):
        super().__init__(_l("%(name)s a déjà répondu à cette question.", name=by))
        self.thread, self.by, self.at = thread, by, at


def reminder_hours() -> int:
    """After how many hours a waiting question is marked late on the desk (and its trainer reminded)."""
    return current_app.config["FORUM_REMINDER_HOURS"]


def waiting_desk(trainer_id: uuid.UUID, filters: dict[str, int]) -> Desk:
    """The desk as the trainer's home shows it, with her filters (session, module)."""
    return desk(trainer_id, timedelta(hours=reminder_hours()), session_id=filters.get("session"),
                module_id=filters.get("module"))


def desk(trainer_id: uuid.UUID, overdue_after: timedelta, session_id: int | None = None,
         module_id: int | None = None) -> Desk:
    rows = list(
        waiting_threads(trainer_id)
        .select(Thread.id, Thread.title, Thread.author_id, Thread.created_at, Module.id, Module.title,
                Module.course, Lesson.title, TrainingSession.id, TrainingSession.title, Account.display_name)
        .switch(Thread).join(Module)
        .switch(Thread).join(TrainingSession)
        .switch(Thread).join(Lesson, peewee.JOIN.LEFT_OUTER)
        .order_by(Thread.created_at, Thread.id).tuples()
    )
    sessions = sorted({(row[8], row[9]) for row in rows}, key=lambda choice: choice[1])
    modules = sorted({(row[4], row[5]) for row in rows}, key=lambda choice: choice[1])
    shown = [row for row in rows if (session_id is None or row[8] == session_id)
             and (module_id is None or row[4] == module_id)]
    questions = _opening_messages([row[0] for row in shown])
    done = _lessons_done({(row[2], row[6]) for row in shown})
    totals = _lesson_totals({row[6] for row in shown})
    limit = utcnow() - overdue_after
    items = []
    for (thread_id, title, author_id, created_at, module, module_title, course, lesson_title, session,
         session_title, asker) in shown:
        body, body_html = questions.get(thread_id, ("", None))
        html = Markup(body_html) if body_html is not None else Markup(rendered(body))
        excerpt, shortened = _excerpt(html)
        items.append(DeskItem(thread_id, title, excerpt, html, shortened, module, module_title, lesson_title,
                              session, session_title, asker, created_at, created_at < limit,
                              done.get((author_id, course), 0), totals.get(course, 0)))
    return Desk(items, len(rows), sessions, modules, overdue_after)


def question_standing(trainer_id: uuid.UUID, thread_id: int) -> str | None:
    """Where the question a notice names stands for this trainer: "waiting" on her desk, "answered" (by her or
    a colleague: the discussion is where it now lives), or None when it is no question of her sessions."""
    if waiting_threads(trainer_id).where(Thread.id == thread_id).exists():
        return "waiting"
    mine = Thread.select().where((Thread.id == thread_id) & Thread.session.in_(trainer_session_ids(trainer_id)))
    return "answered" if mine.exists() else None


def recently_answered(trainer_id: uuid.UUID, limit: int = 10) -> list[tuple[int, str, str, datetime]]:
    """The last questions answered in her sessions (by her or a colleague): the way back to a
    discussion once it has left the queue, to follow it up or keep an answer as a reference."""
    return list(Thread.select(Thread.id, Thread.title, Module.title, Thread.answered_at).join(Module)
                .where(Thread.session.in_(trainer_session_ids(trainer_id)) & Thread.answered_at.is_null(False))
                .order_by(Thread.answered_at.desc(), Thread.id.desc()).limit(limit).tuples())


@dataclass(frozen=True)
class DeskTally:
    """What changes elsewhere on the desk when a question is answered in place. shown: the questions waiting
    with the desk's filters (None without filters), which its heading counts, as its list shows them."""
    waiting: int
    answered: list[tuple[int, str, str, datetime]]
    shown: int | None = None


def tally(trainer_id: uuid.UUID, filters: dict[str, int] | None = None) -> DeskTally:
    shown = None
    if filters:
        query = waiting_threads(trainer_id)
        if filters.get("session") is not None:
            query = query.where(Thread.session == filters["session"])
        if filters.get("module") is not None:
            query = query.where(Thread.module == filters["module"])
        shown = query.count()
    return DeskTally(unanswered_count(trainer_id), recently_answered(trainer_id), shown)


def _opening_messages(thread_ids: list[int]) -> dict[int, tuple[str, str | None]]:
    if not thread_ids:
        return {}
    first = Post.select(peewee.fn.MIN(Post.id)).where(Post.thread.in_(thread_ids)).group_by(Post.thread)
    return {thread: (body, html) for thread, body, html in
            Post.select(Post.thread, Post.body, Post.body_html).where(Post.id.in_(first)).tuples()}


def _lessons_done(pairs: set[tuple[uuid.UUID, int]]) -> dict[tuple[uuid.UUID, int], int]:
    if not pairs:
        return {}
    accounts = {account for account, _ in pairs}
    courses = {course for _, course in pairs}
    query = (LessonProgress.select(LessonProgress.account_id, Module.course, peewee.fn.COUNT(LessonProgress.id))
             .join(Lesson).join(Module)
             .where(LessonProgress.account_id.in_(list(accounts)) & Module.course.in_(list(courses))
                    & LessonProgress.completed_at.is_null(False))
             .group_by(LessonProgress.account_id, Module.course).tuples())
    return {(uuid.UUID(str(account)), course): count for account, course, count in query}


def _lesson_totals(courses: set[int]) -> dict[int, int]:
    if not courses:
        return {}
    return dict(Lesson.select(Module.course, peewee.fn.COUNT(Lesson.id)).join(Module)
                .where(Module.course.in_(list(courses))).group_by(Module.course).tuples())


def _excerpt(html: Markup) -> tuple[str, bool]:
    text = html.striptags()
    if len(text) <= EXCERPT_CHARS:
        return text, False
    cut = text[:EXCERPT_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + " …", True


def answer(trainer: Account, thread_id: int, body: str) -> Post:
    """Her answer to a waiting question of one of her sessions. The question is claimed by a
    conditional update in the same transaction as the message, so of two trainers answering at once
    one posts and the other is told who answered (AlreadyAnswered), never a second answer by mistake."""
    with db.atomic():
        thread = (Thread.select().where((Thread.id == thread_id)
                                        & Thread.session.in_(trainer_session_ids(trainer.id))).first())
        if thread is None:
            raise LookupError(thread_id)
        claimed = (Thread.update(answered_at=utcnow())
                   .where((Thread.id == thread.id) & Thread.answered_at.is_null()).execute())
        if not claimed:
            first = (Post.select(Post, Account.display_name.alias("name"))
                     .join(Account, on=(Account.id == Post.author_id))
                     .where((Post.thread == thread.id) & (Post.by_trainer == True))  # noqa: E712
                     .order_by(Post.created_at, Post.id).objects().first())
            raise AlreadyAnswered(thread, first.name if first else _l("Une autre personne de l'équipe"),
                                  first.created_at if first else thread.answered_at)
        return answer_as_trainer(trainer, thread, body)
