"""What a person may read of the questions and answers: her scope (the sessions she follows or teaches), a module's
threads, a thread's messages. Always filtered by that scope."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import peewee
from markupsafe import Markup

from portal.accounts.models import Account
from portal.forum.models import Post, Thread
from portal.learning import membership
from portal.learning.markup import render_markdown
from portal.learning.models import Course, Enrollment, Lesson, Module, TrainingSession
from portal.prepared import Prepared, Slot
from portal.refusals import Refused

EDIT_WINDOW = timedelta(minutes=30)
PAGE_SIZE = 30
THREADS_PER_PAGE = 20
MAX_BODY = 10_000
TITLE_MAX = 160  # a question's title, and a reference answer's
ERASED = "Message supprimé à la demande de son auteur"


class ForumRefused(Refused):
    """Carries the French reason."""


@dataclass(frozen=True)
class Scope:
    account_id: uuid.UUID
    role: str
    session_ids: frozenset[int] | None  # None: every session (staff)

    def allows(self, session_id: int) -> bool:
        return self.session_ids is None or session_id in self.session_ids


def scope_for(account: Account) -> Scope:
    if account.role == "staff":
        return Scope(account.id, account.role, None)
    if account.role == "trainer":
        rows = _TRAINER_SESSIONS.all(account=account.id)
    elif account.role == "learner":
        rows = _LEARNER_SESSIONS.all(account=account.id)
    else:
        return Scope(account.id, account.role, frozenset())
    return Scope(account.id, account.role, frozenset(session_id for session_id, in rows))


# Every forum page computes the scope, and a thread page reads the thread and its posts: prepared once.
_TRAINER_SESSIONS = Prepared(lambda: membership.sessions_taught_by(Slot("account")).tuples())
_LEARNER_SESSIONS = Prepared(lambda: Enrollment.select(Enrollment.session).where(
    membership.active_enrollment(Slot("account"))).tuples())
_THREAD = Prepared(lambda: Thread.select(Thread, Module, Lesson.title.alias("lesson_title")).join(Module).switch(Thread)
                   .join(Lesson, peewee.JOIN.LEFT_OUTER).where(Thread.id == Slot("thread")).limit(1))


@dataclass(frozen=True, slots=True)
class ShownPost:
    """A message as the thread page shows it, built straight from its row: a peewee model per message
    and another for its author cost a sixth of a 30-message page. Of the author, only the name."""

    id: int
    author_id: uuid.UUID
    by_trainer: bool
    body: str
    body_html: str | None  # NULL for rows written before it was kept: rendered when shown
    created_at: datetime
    edited_at: datetime | None
    deleted_at: datetime | None
    hidden_at: datetime | None
    reference_at: datetime | None
    author_name: str

    @property
    def html(self) -> Markup:
        return Markup(self.body_html) if self.body_html is not None else render_markdown(self.body)


_POSTS = Prepared(lambda: Post.select(
    Post.id, Post.author_id, Post.by_trainer, Post.body, Post.body_html, Post.created_at, Post.edited_at,
    Post.deleted_at, Post.hidden_at, Post.reference_at, Account.display_name.alias("author_name"),
).join(Account, on=(Account.id == Post.author_id)).where(Post.thread == Slot("thread"))
    .order_by(Post.created_at, Post.id).limit(PAGE_SIZE).offset(Slot("offset")).objects(ShownPost))
_POST_COUNT = Prepared(lambda: Post.select(peewee.fn.COUNT(Post.id)).join(Account, on=(Account.id == Post.author_id))
                       .where(Post.thread == Slot("thread")).tuples())


def _in_scope(query, scope: Scope):
    if scope.session_ids is None:
        return query
    return query.where(Thread.session.in_(list(scope.session_ids) or [-1]))


def _thread_listing():
    return Thread.select(Thread, Account).join(Account, on=(Account.id == Thread.author_id), attr="author")


def module_threads(scope: Scope, module: Module, page: int) -> tuple[list[Thread], int]:
    query = _in_scope(_thread_listing().where(Thread.module == module.id), scope)
    total = query.count()
    threads = list(query.order_by(Thread.last_activity_at.desc(), Thread.id.desc()).paginate(page, THREADS_PER_PAGE))
    return threads, total


def visible_thread(scope: Scope, thread_id: int) -> Thread | None:
    thread = _THREAD.first(thread=thread_id)
    if thread is None or not scope.allows(thread.session_id):
        return None
    return thread


def post_or_none(post_id: int) -> Post | None:
    """The message, whichever thread it is in: the caller checks that thread is in scope."""
    return Post.get_or_none(Post.id == post_id)


def module_or_none(scope: Scope, module_id: int) -> Module | None:
    """The module, when it belongs to a course of the person's sessions (staff: any)."""
    module = Module.get_or_none(Module.id == module_id)
    return module if module is not None and follows_course(scope, module.course_id) else None


def course_or_none(scope: Scope, course_id: int) -> Course | None:
    """The course, when the person follows or teaches one of its sessions (staff: any): its questions'
    pages answer 404 to anyone else, and never show a draft course's titles."""
    course = Course.get_or_none(Course.id == course_id)
    return course if course is not None and follows_course(scope, course.id) else None


def follows_course(scope: Scope, course_id: int) -> bool:
    if scope.session_ids is None:
        return True
    return TrainingSession.select().where((TrainingSession.course == course_id)
                                          & TrainingSession.id.in_(list(scope.session_ids) or [-1])).exists()


def thread_posts(thread: Thread, page: int) -> tuple[list[ShownPost], int]:
    total = _POST_COUNT.scalar(thread=thread.id)
    return _POSTS.all(thread=thread.id, offset=(max(page, 1) - 1) * PAGE_SIZE), total
