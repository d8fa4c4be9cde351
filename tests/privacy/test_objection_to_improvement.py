"""Article 21: /mes-donnees explains how her history serves to improve the courses and lets her object in
one click; from then on no aggregate counts her, until she withdraws it."""
from __future__ import annotations

import json
import re
from html import unescape

from portal.improvement import lesson_figures
from portal.vault import service as vault
from tests.support.cohorts import course_lessons, followed, learners_in, session_named
from tests.support.exports import exported
from tests.support.helpers import submit
from tests.support.learning_fixtures import signed_in


def _counted(app) -> int:
    with app.app_context():
        session = session_named("Session A")
        staff = vault.account_id_for_email("gestion@petale.test")
        return lesson_figures.report(lesson_figures.session_scope(staff, "staff", session.id)).group.value


def test_she_objects_in_one_click_and_leaves_every_aggregate_then_comes_back(demo):
    with demo.app_context():
        session = session_named("Session A")
        for account in learners_in(session, 5):
            followed(account, course_lessons(session), finished=1)
    antoine = signed_in(demo, "apprenant@petale.test")
    page = re.sub(r"\s+", " ", unescape(antoine.get("/mes-donnees").get_data(as_text=True)))
    assert "intérêt légitime" in page and "Compté dans les chiffres d'ensemble" in page
    assert 'href="#opposition"' in page and "Je m'oppose à cet usage de mes données" in page
    assert _counted(demo) == 6
    response = submit(antoine, "/mes-donnees/opposition", {"objecting": "oui"}, page="/mes-donnees")
    assert response.status_code == 302 and response.headers["Location"].endswith("/mes-donnees#opposition")
    page = re.sub(r"\s+", " ", unescape(antoine.get("/mes-donnees").get_data(as_text=True)))
    assert "vos données ne comptent plus" in page and "Vous vous y opposez depuis le" in page
    assert "vous vous y êtes opposé" in page
    assert _counted(demo) == 5
    data = json.loads(exported(demo, antoine).read("data.json"))
    assert [o["purpose"] for o in data["objections"]] == ["improvement"]
    submit(antoine, "/mes-donnees/opposition", {"objecting": "non"}, page="/mes-donnees")
    assert _counted(demo) == 6
    assert "Je m'oppose à cet usage" in unescape(antoine.get("/mes-donnees").get_data(as_text=True))


def test_a_choice_that_is_neither_is_refused_in_words(demo):
    antoine = signed_in(demo, "apprenant@petale.test")
    response = submit(antoine, "/mes-donnees/opposition", {"objecting": "peut-être"}, page="/mes-donnees")
    assert response.status_code == 400 and "Choisissez de vous opposer" in unescape(response.get_data(as_text=True))


def test_an_english_reader_reads_the_objection_in_english(demo):
    from portal.accounts.models import Account

    with demo.app_context():
        Account.update(language="en").where(Account.display_name == "Antoine").execute()
    page = unescape(signed_in(demo, "apprenant@petale.test").get("/mes-donnees").get_data(as_text=True))
    assert "I object to this use of my data" in page and "Improving our courses" in page
    assert "legitimate interest" in page
