"""Questions and answers per module, always filtered by the sessions a person belongs to."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import peewee
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from portal import db, mail
from portal.accounts.models import Account
from portal.forum.models import ModerationEntry, Post, Thread
from portal.jobs import job
from portal.learning.markup import render_markdown
from portal.learning.models import Course, Enrollment, Module, SessionTrainer, TrainingSession
from portal.links import external_url
from portal.prepared import Prepared, Slot
from portal.timeutil import paris_today, utcnow

EDIT_WINDOW = timedelta(minutes=30)
PAGE_SIZE = 30
THREADS_PER_PAGE = 20
MAX_BODY = 10_000
ERASED = "Message supprimé à la demande de son auteur"


class ForumRefused(Exception):
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
_TRAINER_SESSIONS = Prepared(lambda: SessionTrainer.select(SessionTrainer.session)
                             .where(SessionTrainer.account_id == Slot("account")).tuples())
_LEARNER_SESSIONS = Prepared(lambda: Enrollment.select(Enrollment.session).where(
    (Enrollment.account_id == Slot("account")) & (Enrollment.status == "active")).tuples())
_THREAD = Prepared(lambda: Thread.select(Thread, Module).join(Module).where(Thread.id == Slot("thread")).limit(1))


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
    author_name: str

    @property
    def html(self) -> Markup:
        return Markup(self.body_html) if self.body_html is not None else render_markdown(self.body)


_POSTS = Prepared(lambda: Post.select(
    Post.id, Post.author_id, Post.by_trainer, Post.body, Post.body_html, Post.created_at, Post.edited_at,
    Post.deleted_at, Post.hidden_at, Account.display_name.alias("author_name"),
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


def search(scope: Scope, course: Course, words: str) -> list[Thread]:
    terms = [w for w in words.split() if w][:6]
    query = _in_scope(_thread_listing().join(Module, on=(Module.id == Thread.module)).where(Module.course == course.id),
                      scope)
    for term in terms:
        like = f"%{term}%"
        in_posts = Post.select(Post.thread).where(Post.body ** like & Post.deleted_at.is_null() & Post.hidden_at.is_null())
        query = query.where((Thread.title ** like) | Thread.id.in_(in_posts))
    return list(query.order_by(Thread.last_activity_at.desc()).limit(50))


def visible_thread(scope: Scope, thread_id: int) -> Thread | None:
    thread = _THREAD.first(thread=thread_id)
    if thread is None or not scope.allows(thread.session_id):
        return None
    return thread


def thread_posts(thread: Thread, page: int) -> tuple[list[ShownPost], int]:
    total = _POST_COUNT.scalar(thread=thread.id)
    return _POSTS.all(thread=thread.id, offset=(max(page, 1) - 1) * PAGE_SIZE), total


def rendered(body: str) -> str:
    """What the thread page shows, worked out once when the message is written."""
    return str(render_markdown(body))


def _check_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ForumRefused(_l("Le message est vide."))
    if len(body) > MAX_BODY:
        raise ForumRefused(_l("Message trop long : %(n)s caractères au plus.", n=MAX_BODY))
    return body


def ask(account: Account, module: Module, title: str, body: str) -> Thread:
    if account.role != "learner":
        raise ForumRefused(_l("Seuls les apprenants posent des questions."))
    title = (title or "").strip()
    if not title or len(title) > 160:
        raise ForumRefused(_l("Donnez un titre de 1 à 160 caractères."))
    body = _check_body(body)
    session = (
        TrainingSession.select().join(Enrollment)
        .where((Enrollment.account_id == account.id) & (Enrollment.status == "active")
               & (TrainingSession.course == module.course_id))
        .order_by(TrainingSession.starts_on.desc()).first()
    )
    if session is None:
        raise ForumRefused(_l("Vous n'êtes pas inscrit à une session de cette formation."))
    now = utcnow()
    with db.atomic():
        thread = Thread.create(module=module.id, session=session.id, author_id=account.id, title=title,
                               created_at=now, last_activity_at=now)
        Post.create(thread=thread.id, author_id=account.id, body=body, body_html=rendered(body), created_at=now)
    return thread


def reply(account: Account, thread: Thread, body: str) -> Post:
    body = _check_body(body)
    now = utcnow()
    by_trainer = account.role == "trainer"
    with db.atomic():
        post = Post.create(thread=thread.id, author_id=account.id, body=body, body_html=rendered(body),
                           by_trainer=by_trainer, created_at=now)
        changes = {Thread.last_activity_at: now}
        if by_trainer and thread.answered_at is None:
            changes[Thread.answered_at] = now
        Thread.update(changes).where(Thread.id == thread.id).execute()
        if by_trainer and thread.author_id != account.id:
            mail.send(thread.author_id, "forum_answer", once_key=f"answer:{post.id}", thread_title=thread.title,
                      url=external_url("forum.thread", thread_id=thread.id))
    return post


def mark_solution(account: Account, thread: Thread, post: Post) -> None:
    if post.thread_id != thread.id:
        raise ForumRefused(_l("Ce message n'appartient pas à cette question."))
    if not (account.id == thread.author_id or account.role == "trainer"):
        raise ForumRefused(_l("Seuls l'auteur de la question et les formateurs choisissent la solution."))
    with db.atomic():
        Thread.update(solution_id=post.id).where(Thread.id == thread.id).execute()


def check_editable(account: Account, post: Post) -> None:
    _own_recent(account, post)


def _own_recent(account: Account, post: Post) -> None:
    if post.author_id != account.id:
        raise ForumRefused(_l("Vous ne pouvez modifier que vos propres messages."))
    if post.deleted_at or post.hidden_at:
        raise ForumRefused(_l("Ce message n'est plus modifiable."))
    if utcnow() - post.created_at > EDIT_WINDOW:
        raise ForumRefused(_l("Un message se modifie ou se supprime dans les 30 minutes qui suivent son envoi."))


def edit(account: Account, post: Post, body: str) -> None:
    _own_recent(account, post)
    body = _check_body(body)
    with db.atomic():
        Post.update(body=body, body_html=rendered(body), edited_at=utcnow()).where(Post.id == post.id).execute()


def delete(account: Account, post: Post) -> None:
    _own_recent(account, post)
    with db.atomic():
        # The text itself is dropped, not just hidden.
        Post.update(body="", body_html=None, deleted_at=utcnow()).where(Post.id == post.id).execute()


def hide(staff: Account, post: Post, reason: str) -> None:
    reason = (reason or "").strip()
    if staff.role != "staff":
        raise ForumRefused(_l("Seule l'équipe de gestion modère les messages."))
    if not reason or len(reason) > 500:
        raise ForumRefused(_l("Indiquez la raison (500 caractères au plus)."))
    with db.atomic():
        Post.update(hidden_at=utcnow()).where(Post.id == post.id).execute()
        ModerationEntry.create(post=post.id, staff_id=staff.id, reason=reason)


def erase_author_content(account_id: uuid.UUID) -> int:
    """On account deletion: the person's questions and messages lose their text; trainers' answers stay."""
    with db.atomic():
        Thread.update(title=ERASED).where(Thread.author_id == account_id).execute()
        return Post.update(body=ERASED, body_html=None, edited_at=utcnow()).where(
            (Post.author_id == account_id) & (Post.by_trainer == False)).execute()  # noqa: E712


def unanswered(trainer_id: uuid.UUID) -> list[Thread]:
    sessions = SessionTrainer.select(SessionTrainer.session).where(SessionTrainer.account_id == trainer_id)
    return list(_thread_listing().where(Thread.session.in_(sessions) & Thread.answered_at.is_null())
                .order_by(Thread.created_at))


def unanswered_count(trainer_id: uuid.UUID) -> int:
    sessions = SessionTrainer.select(SessionTrainer.session).where(SessionTrainer.account_id == trainer_id)
    return Thread.select().where(Thread.session.in_(sessions) & Thread.answered_at.is_null()).count()


@job
def send_daily_digests(day: str | None = None) -> int:
    """Each trainer with unanswered questions gets one digest a day, however often this runs."""
    day = day or paris_today().isoformat()
    sent = 0
    # Read in full first: on SQLite a write begun while a read is still being stepped through cannot wait
    # for another writer ("database is locked" at once).
    trainers = list(Account.select().where((Account.role == "trainer") & (Account.status == "active")))
    for trainer in trainers:
        waiting = unanswered_count(trainer.id)
        if not waiting:
            continue
        with db.atomic():
            if mail.send(trainer.id, "forum_digest", once_key=f"digest:{trainer.id}:{day}", count=waiting,
                         url=external_url("trainer.space")) is not None:
                sent += 1
    return sent

