"""How a trainer hears of new questions: a mail for each, or a weekly digest."""
from __future__ import annotations

import uuid

from flask_babel import lazy_gettext as _l

from portal import db
from portal.accounts.models import Account
from portal.forum.threads import ForumRefused

QUESTION_MAIL = ("each", "weekly")


def set_question_mail(trainer_id: uuid.UUID, choice: str) -> None:
    if choice not in QUESTION_MAIL:
        raise ForumRefused(_l("Choix inconnu."))
    with db.atomic():
        Account.update(question_mail=choice).where(Account.id == trainer_id).execute()
