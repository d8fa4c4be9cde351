"""What the forum holds about a person: the questions she asked and the messages she wrote (trainers'
answers stay, without her words, when she goes), the single-use reply addresses sent to a trainer, and
the staff's reasons for hiding a message."""
from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l

from portal.forum.models import ModerationEntry, Post, ReplyAddress, Thread
from portal.forum.moderation import erase_author_content
from portal.forum.similar import purge_erased_terms
from portal.personal_data.registry import CONTRACT, Declaration, Person
from portal.personal_data.table import BY_KEY
from portal.timeutil import to_paris


def _held(person: Person) -> list[tuple[str, str]]:
    me = person.account_id
    return [(str(_l("Questions posées")), str(Thread.select().where(Thread.author_id == me).count())),
            (str(_l("Messages")), str(Post.select().where(Post.author_id == me).count()))]


def _exported(person: Person) -> dict:
    me = person.account_id
    return {
        "questions": [{"title": t.title, "created_at": t.created_at.isoformat(),
                       "posts": [{"author": "moi" if p.author_id == me else ("formateur" if p.by_trainer else "autre"),
                                  "body": p.body, "created_at": p.created_at.isoformat()}
                                 for p in Post.select().where(Post.thread == t.id).order_by(Post.created_at)]}
                      for t in Thread.select().where(Thread.author_id == me)],
        "posts": [{"question": p.thread.title, "body": p.body, "created_at": p.created_at.isoformat()}
                  for p in Post.select(Post, Thread).join(Thread).where(Post.author_id == me)],
    }


def _writings(person: Person) -> list[tuple[str, str]]:
    """Her questions and messages, and the trainers' answers to her questions, oldest first (another learner's
    message in her question is that learner's, not hers to be given)."""
    me = person.account_id
    posts = (Post.select(Post, Thread).join(Thread)
             .where(((Post.author_id == me) | ((Thread.author_id == me) & Post.by_trainer)) & Post.deleted_at.is_null())
             .order_by(Post.created_at, Post.id))
    written = []
    for post in posts:
        day = to_paris(post.created_at).strftime("%d/%m/%Y")
        if post.author_id != me:
            what = _l("Réponse d'un formateur, le %(d)s, à votre question « %(t)s »", d=day, t=post.thread.title)
        elif post.thread.author_id == me and post.created_at <= post.thread.created_at + FIRST_POST:
            what = _l("Votre question « %(t)s », le %(d)s", t=post.thread.title, d=day)
        else:
            what = _l("Votre message, le %(d)s, dans la question « %(t)s »", d=day, t=post.thread.title)
        written.append((str(what), post.body))
    return written


FIRST_POST = timedelta(seconds=5)  # a question and its first message are written together


def _erase(person: Person) -> None:
    erase_author_content(person.account_id)
    ReplyAddress.delete().where(ReplyAddress.account_id == person.account_id).execute()


def _posts_answered(person: Person) -> list[dict]:
    return [{"at": p.created_at.isoformat(), "question": p.thread.title, "body": p.body}
            for p in Post.select(Post, Thread).join(Thread).where(Post.author_id == person.account_id)
            .order_by(Post.created_at)]


DECLARATIONS = (
    Declaration(
        key="forum.exchanges", topic="exchanges", label=_l("Questions et messages"),
        models=(Thread, Post, ModerationEntry, ReplyAddress), retention=BY_KEY["pedagogical"], basis=CONTRACT,
        purpose=_l("Assurer la continuité de l'accompagnement par vos formateurs."),
        while_restricted=_l("Conservés et lisibles par vous et vos formateurs ; ils ne servent plus à "
                            "suggérer des questions semblables aux autres stagiaires."),
        held=_held, export=_exported, writings=_writings, erase=_erase, after_erase=purge_erased_terms,
        answers={"forum_posts": _posts_answered}),
)
