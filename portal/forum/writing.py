"""Asking, answering, marking a solution or a reference answer, editing and deleting one's own message."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal import db, mail
from portal.accounts.models import Account
from portal.forum import new_answers, reply_address
from portal.forum.models import Post, Thread
from portal.forum.threads import EDIT_WINDOW, MAX_BODY, TITLE_MAX, ForumRefused
from portal.learning import membership
from portal.learning.markup import render_markdown
from portal.learning.models import Enrollment, Lesson, Module, TrainingSession
from portal.links import external_url
from portal.timeutil import utcnow


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
        raise ForumRefused(_l("Vous n'avez pas d'inscription à une session de cette formation."))
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
                  url=external_url("question_desk.question", thread_id=thread.id),
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
        # Answering in her own thread, she has read what came before: her space stops saying it is new.
        new_answers.mark_read(account.id, thread)
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
