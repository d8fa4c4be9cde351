"""Staff enrolling demo people, and reading the pages that follow: shared by the enrolment tests."""
from __future__ import annotations

import re
from html import unescape

from portal.accounts.models import Account
from portal.learning.models import Enrollment, TrainingSession
from tests.support.helpers import submit


def words_of(response) -> str:
    """A page's words as read, one space between them wherever tags or lines part them."""
    return " ".join(re.sub(r"<[^>]+>", " ", unescape(response.get_data(as_text=True))).split())


def session_named(app, title: str) -> TrainingSession:
    with app.app_context():
        return TrainingSession.get(TrainingSession.title == title)


def account_named(app, display_name: str) -> Account:
    with app.app_context():
        return Account.get(Account.display_name == display_name)


def enrolment_of(app, display_name: str, title: str) -> Enrollment | None:
    with app.app_context():
        return (Enrollment.select().join(TrainingSession)
                .where((Enrollment.account_id == account_named(app, display_name).id)
                       & (TrainingSession.title == title)).first())


def enrol_person(client, session_id: int, confirmed: bool, **fields):
    data = {f"personne-{name}": value for name, value in fields.items()}
    if confirmed:
        data["personne-confirmed"] = "1"
    page = f"/gestion/sessions/{session_id}/participants"
    return submit(client, f"{page}/inscription", data, page=page)
