"""Questions and answers per module, always filtered by the sessions a person belongs to."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import peewee
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from portal import db, mail
from portal.accounts.models import GONE, Account
from portal.forum import reply_address
from portal.forum.models import ModerationEntry, Post, Thread
from portal.learning import membership
from portal.learning.markup import render_markdown
from portal.learning.models import Course, Enrollment, Lesson, Module, TrainingSession
from portal.links import external_url
from portal.prepared import Prepared, Slot
from portal.refusals import Refused
from portal.timeutil import utcnow

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


def lesson_of(module: Module, lesson_id: int | None) -> Lesson | None:
    """The lesson she asks about, when it belongs to this module; any other id (an edited link) is
    simply not recorded."""
    if not lesson_id:
        return None
    return Lesson.get_or_none((Lesson.id == lesson_id) & (Lesson.module == module.id))


def ask(account: Account, module: Module, title: str, body: str, lesson_id: int | None = None) -> Thread:
    if account.role != "learner":
        raise ForumRefused(_l("Seuls les apprenants posent des questions."))
    title = (title or "").strip()
    if not title or len(title) > TITLE_MAX:
        raise ForumRefused(_l("Donnez un titre de 1 à %(n)s caractères.", n=TITLE_MAX))
    body = _check_body(body)
    session = (
        TrainingSession.select().join(Enrollment)
        .where(membership.active_enrollment(account.id)
               & (TrainingSession.course == module.course_id))
        .order_by(TrainingSession.starts_on.desc()).first()
    )
    if session is None:
        raise ForumRefused(_l("Vous n'êtes pas inscrit à une session de cette formation."))
    lesson = lesson_of(module, lesson_id)
    now = utcnow()
    with db.atomic():
        thread = Thread.create(module=module.id, lesson=lesson.id if lesson else None, session=session.id,
                               author_id=account.id, title=title, created_at=now, last_activity_at=now)
        Post.create(thread=thread.id, author_id=account.id, body=body, body_html=rendered(body), created_at=now)
        _notify_trainers(thread, account, module, lesson, body)
    return thread


def _notify_trainers(thread: Thread, asker: Account, module: Module, lesson: Lesson | None, body: str) -> None:
    """Each trainer of the session who chose a mail per question gets one, with her own single-use
    reply address; the others see it in their weekly digest and on their desk."""
    trainers = (Account.select(Account.id)
                .where(Account.id.in_(membership.trainers_of(thread.session_id)) & (Account.status == "active")
                       & (Account.question_mail == "each")))
    for trainer in trainers:
        mail.send(trainer.id, "forum_question", once_key=f"question:{thread.id}:{trainer.id}",
                  reply_to=reply_address.issue(thread.id, trainer.id), thread_title=thread.title,
                  module_title=module.title, lesson_title=lesson.title if lesson else None,
                  asker_name=asker.display_name, question=body,
                  url=external_url("trainer.space") + f"#q{thread.id}",
                  # The asker's id, so that erasing her account also drops this queued copy of her text.
                  about=str(asker.id))


def reply(account: Account, thread: Thread, body: str) -> Post:
    if account.role == "trainer":
        return answer_as_trainer(account, thread, body)
    body = _check_body(body)
    now = utcnow()
    with db.atomic():
        post = Post.create(thread=thread.id, author_id=account.id, body=body, body_html=rendered(body), created_at=now)
        Thread.update(last_activity_at=now).where(Thread.id == thread.id).execute()
    return post


def answer_as_trainer(trainer: Account, thread: Thread, body: str) -> Post:
    """A trainer's message in a thread (on the thread page, from her desk or by replying to the
    notification mail); the asker is mailed once per answer."""
    body = _check_body(body)
    now = utcnow()
    with db.atomic():
        post = Post.create(thread=thread.id, author_id=trainer.id, body=body, body_html=rendered(body),
                           by_trainer=True, created_at=now)
        Thread.update(last_activity_at=now).where(Thread.id == thread.id).execute()
        Thread.update(answered_at=now).where((Thread.id == thread.id) & Thread.answered_at.is_null()).execute()
        if thread.author_id != trainer.id:
            mail.send(thread.author_id, "forum_answer", once_key=f"answer:{post.id}", thread_title=thread.title,
                      url=external_url("forum.thread", thread_id=thread.id))
    return post


def mark_solution(account: Account, thread: Thread, post: Post) -> None:
    if post.thread_id != thread.id:
        raise ForumRefused(_l("Ce message n'appartient pas à cette question."))
    if not (account.id == thread.author_id or account.role == "trainer"):
        raise ForumRefused(_l("Seuls l'auteur de la question et les formateurs choisissent la solution."))
    if post.author_id == thread.author_id:
        raise ForumRefused(_l("La solution est une réponse reçue, pas un message de la personne qui demande."))
    with db.atomic():
        Thread.update(solution_id=post.id).where(Thread.id == thread.id).execute()


def set_reference(account: Account, thread: Thread, post: Post, on: bool, title: str = "", body: str = "") -> None:
    """A trainer's answer shown under the module to every session of the course, under a title and with a
    text she writes or approves: never the asker's question nor her name, which stay in her session."""
    if account.role != "trainer":
        raise ForumRefused(_l("Seuls les formateurs choisissent les réponses de référence."))
    if post.thread_id != thread.id or not post.by_trainer or post.deleted_at or post.hidden_at:
        raise ForumRefused(_l("Seule une réponse d'un formateur peut servir de référence."))
    if not on:
        with db.atomic():
            Post.update(reference_at=None, reference_title=None, reference_body=None, reference_body_html=None).where(
                Post.id == post.id).execute()
        return
    title = (title or "").strip()
    if not title or len(title) > TITLE_MAX:
        raise ForumRefused(_l("Donnez à la réponse de référence un titre de 1 à %(n)s caractères, dans vos mots : "
                              "la question de la personne reste dans sa session.", n=TITLE_MAX))
    body = _check_body(body)
    with db.atomic():
        Post.update(reference_at=utcnow(), reference_title=title, reference_body=body,
                    reference_body_html=rendered(body)).where(Post.id == post.id).execute()


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


QUESTION_MAIL = ("each", "weekly")


def set_question_mail(trainer_id: uuid.UUID, choice: str) -> None:
    if choice not in QUESTION_MAIL:
        raise ForumRefused(_l("Choix inconnu."))
    with db.atomic():
        Account.update(question_mail=choice).where(Account.id == trainer_id).execute()
