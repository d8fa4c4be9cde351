"""Time-on-task builders: a learner's id, the seconds credited on a lesson, a view token issued at a chosen moment."""
from __future__ import annotations

from datetime import datetime

from portal.learning import view_tokens
from portal.learning.models import TimeOnTask


def learner_id(app, email="apprenant@petale.test"):
    from portal.vault.service import account_id_for_email

    with app.app_context():
        return account_id_for_email(email)


def seconds(app, lesson_id) -> int:
    with app.app_context():
        return sum(row.seconds for row in TimeOnTask.select().where(TimeOnTask.lesson == lesson_id))


def fresh_view(app, account_id, lesson, issued: datetime):
    """A view token as if the page had been rendered at `issued`."""
    with app.app_context():
        import itsdangerous.timed as timed

        original = timed.time.time
        timed.time.time = lambda: (issued - datetime(1970, 1, 1)).total_seconds()
        try:
            return view_tokens.view_token(account_id, lesson.id)
        finally:
            timed.time.time = original
