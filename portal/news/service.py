"""Compose, preview and send a news message; the sending job goes by batches of BATCH accounts, each
recipient under its own once-key, so a retried or resumed job mails nobody twice; consent and restriction
are checked again when each mail is delivered (portal.mail.deliver)."""
from __future__ import annotations

import uuid

from flask_babel import lazy_gettext as _l

from portal import db, mail
from portal.jobs import enqueue, job
from portal.news.models import NewsMessage
from portal.refusals import Refused
from portal.standing.service import marketing_audience
from portal.timeutil import utcnow

BATCH = 200


class NewsRefused(Refused):
    pass


def audience_size() -> int:
    return len(marketing_audience())


def paragraphs(body: str) -> list[str]:
    """The text as its author typed it, paragraph by paragraph (blank lines between)."""
    return [" ".join(part.split()) for part in body.replace("\r\n", "\n").split("\n\n") if part.strip()]


def send(subject: str, body: str, by: uuid.UUID) -> NewsMessage:
    subject, body = " ".join((subject or "").split()), (body or "").strip()
    if not subject or not body:
        raise NewsRefused(_l("Un objet et un texte sont nécessaires."))
    with db.atomic():
        news = NewsMessage.create(subject=subject, body=body, created_by=by, sent_at=utcnow())
        enqueue(send_news, news.id)
    return news


@job(_l("Envoi d'une lettre de nouveautés"))
def send_news(news_id: int) -> None:
    news = NewsMessage.get_or_none(NewsMessage.id == news_id)
    if news is None or news.finished_at is not None:
        return
    context = {"news_subject": news.subject, "paragraphs": paragraphs(news.body)}
    after = None
    while True:
        batch = marketing_audience(after=after, limit=BATCH)
        if not batch:
            break
        with db.atomic():
            queued = mail.send_once_many("news_message", [(f"news:{news.id}:{account_id}", account_id, context)
                                                          for account_id in batch], kind=mail.MARKETING)
            NewsMessage.update(queued=NewsMessage.queued + queued).where(NewsMessage.id == news.id).execute()
        after = batch[-1]
    with db.atomic():
        NewsMessage.update(finished_at=utcnow()).where(NewsMessage.id == news.id).execute()


def history(limit: int = 20) -> list[NewsMessage]:
    return list(NewsMessage.select().order_by(NewsMessage.id.desc()).limit(limit))
