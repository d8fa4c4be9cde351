"""A person enrolled again in a course she followed before: a new training action, whose documents and
progress count only what she does in it, while what she learnt stays hers."""
from __future__ import annotations

import pytest

from portal.demo.seed import seed
from portal.learning.models import Lesson, Module
from tests.support.enrolling import enrol_person, enrolment_of, session_named, words_of
from tests.support.learning_fixtures import signed_in


@pytest.fixture
def full_demo(app):
    with app.app_context():
        seed()
    return app


# --- enrolled again in a course she followed before ------------------------------------------------------

def test_a_new_enrolment_in_a_course_she_followed_counts_only_what_she_does_in_it(full_demo):
    """Bérénice finished the fundamentals in the summer session; staff enrol her again in Session A: the
    preview says she followed it, and the new enrolment's participants line, relevé and her space start
    afresh, while the summer session's documents and her lessons stay hers."""
    staff = signed_in(full_demo, "gestion@petale.test")
    session_a = session_named(full_demo, "Session A")
    preview = words_of(enrol_person(staff, session_a.id, False, email="berenice@petale.test", funding="self"))
    assert "Formation déjà suivie : « Session d'été »" in preview and "nouvelle action de formation" in preview
    assert enrol_person(staff, session_a.id, True, email="berenice@petale.test", funding="self").status_code == 303
    again = enrolment_of(full_demo, "Bérénice", "Session A")
    summer = enrolment_of(full_demo, "Bérénice", "Session d'été")
    participants = words_of(staff.get(f"/gestion/sessions/{session_a.id}/participants"))
    assert "0/7 leçons" in participants and "7/7 leçons" not in participants
    csv = staff.get(f"/gestion/releves/{again.id}/releve.csv").get_data(as_text=True)
    assert ";oui" not in csv and "Progression (%);0;" in csv
    old = staff.get(f"/gestion/releves/{summer.id}/releve.csv").get_data(as_text=True)
    assert old.count(";oui") == 7, "the summer session's relevé is unchanged"
    berenice = signed_in(full_demo, "berenice@petale.test")
    space = words_of(berenice.get("/mon-espace"))
    assert "0 leçon terminée sur 7" in space and "Vous avez déjà suivi cette formation" in space
    assert "Voir mon attestation" not in space
    with full_demo.app_context():
        lesson = Lesson.select().join(Module).where(Module.course == session_a.course_id).first()
    assert berenice.get(f"/lecon/{lesson.id}").status_code == 200, "her lessons stay open to her"


def test_a_finished_session_whose_contract_went_to_the_archive_is_not_offered_to_sign(full_demo):
    """Bérénice signed and paid the summer session; once it is over its contract leaves for the legal
    archive: neither her space nor staff read that as a contract still to sign."""
    from portal.contracts import personal_data as contract_records
    from portal.timeutil import paris_today

    with full_demo.app_context():
        assert contract_records.move_ended_trainings(paris_today()) >= 1
    summer = enrolment_of(full_demo, "Bérénice", "Session d'été")
    space = words_of(signed_in(full_demo, "berenice@petale.test").get("/mon-espace"))
    assert "les fondamentaux » est à votre charge" not in space and "Session d'été, du" not in space
    staff = signed_in(full_demo, "gestion@petale.test")
    page = words_of(staff.get(f"/gestion/inscriptions/{summer.id}/contrat"))
    assert "En attente de sa signature" not in page and "archives légales" in page


def test_the_enrol_form_offers_every_funder_type_the_funding_file_offers(full_demo):
    from portal.funding.models import FUNDER_TYPES

    staff = signed_in(full_demo, "gestion@petale.test")
    page = staff.get(f"/gestion/sessions/{session_named(full_demo, 'Session A').id}/participants")
    html = page.get_data(as_text=True)
    for code in FUNDER_TYPES:
        assert html.count(f'value="{code}"') >= 2, code  # the person's form and the group's
    assert ">Région<" in html


def test_the_demo_card_payment_is_dated_in_the_past(full_demo):
    from portal.payments.models import Checkout
    from portal.timeutil import utcnow

    with full_demo.app_context():
        assert all(c.paid_at <= utcnow() for c in Checkout.select().where(Checkout.paid_at.is_null(False)))


def test_enrolling_her_again_from_her_file_says_she_followed_the_training(full_demo):
    from tests.support.helpers import submit

    staff = signed_in(full_demo, "gestion@petale.test")
    summer = enrolment_of(full_demo, "Bérénice", "Session d'été")
    page = f"/gestion/apprenants/{summer.account_id}"
    preview = words_of(submit(staff, f"{page}/inscription",
                              {"session_id": str(session_named(full_demo, "Session A").id), "funding": "self"},
                              page=page))
    assert "Formation déjà suivie : « Session d'été »" in preview and "nouvelle action de formation" in preview


def test_a_lesson_done_again_counts_in_the_new_training_and_does_not_end_it(full_demo):
    """Bérénice, enrolled again, completes the first lesson: her new training counts it (1 of 7), and its
    end-of-training questionnaire is not offered, whatever she finished the first time."""
    from portal.improvement.models import SurveyInvitation
    from portal.improvement.survey_rounds import run_rounds
    from portal.player import tracking
    from portal.timeutil import paris_today
    from tests.support.helpers import run_jobs

    staff = signed_in(full_demo, "gestion@petale.test")
    session_a = session_named(full_demo, "Session A")
    assert enrol_person(staff, session_a.id, True, email="berenice@petale.test", funding="self").status_code == 303
    again = enrolment_of(full_demo, "Bérénice", "Session A")
    with full_demo.app_context():
        lesson = (Lesson.select(Lesson, Module).join(Module).where(Module.course == session_a.course_id)
                  .order_by(Module.position, Lesson.position).first())
        tracking.complete(again.account_id, lesson, None)
    run_jobs(full_demo)
    with full_demo.app_context():
        run_rounds(paris_today())
        assert not SurveyInvitation.select().where((SurveyInvitation.account_id == again.account_id)
                                                   & (SurveyInvitation.session == session_a.id)).exists()
    assert "1/7 leçons" in words_of(staff.get(f"/gestion/sessions/{session_a.id}/participants"))
    assert "1 leçon terminée sur 7" in words_of(signed_in(full_demo, "berenice@petale.test").get("/mon-espace"))
