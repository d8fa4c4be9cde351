"""Satisfaction surveys: hot on finishing (in her space and by mail), cold three months after the session,
one reminder each, provider-edited questions, results never about fewer than five people, and answers
that nothing links back to her once the round closes."""
from __future__ import annotations

import json
from datetime import timedelta
from html import unescape

import peewee

from portal.accounts.models import Account
from portal.db import ZONES
from portal.improvement import lesson_figures, survey_answers, survey_results, survey_rounds
from portal.improvement.models import COLD, HOT, SurveyAnswer, SurveyInvitation, SurveyQuestion, SurveyResponse
from portal.learning.models import TrainingSession
from portal.schema import zone_models
from portal.standing.objection import set_objection
from portal.timeutil import paris_today, utcnow
from portal.vault import service as vault
from tests.support.certificates import complete_course
from tests.support.cohorts import learners_in, session_named
from tests.support.exports import exported
from tests.support.helpers import outbox, run_jobs, submit, text_of
from tests.support.learning_fixtures import signed_in
from tests.support.person_columns import holds_something_about_a_person

TODAY = paris_today()


def _answer_all(survey, text="Plus de vidéos sur les couleurs", scale="5"):
    given = {q.id: (scale if q.answer_kind == "scale" else text) for q in survey.questions}
    return survey_answers.answer(survey, given, TODAY)


def _group_answers(app, session_title: str, n: int, *, scale="4", objecting: int = 0) -> list:
    """n learners of a session invited hot and answering; the first `objecting` of them then object."""
    with app.app_context():
        session = session_named(session_title)
        people = learners_in(session, n, "Répondant")
        survey_rounds.invite(HOT, [(p, session.id) for p in people], TODAY)
        for person in people:
            invitation = SurveyInvitation.get((SurveyInvitation.account_id == person) & (SurveyInvitation.kind == HOT))
            _answer_all(survey_answers.survey_for(person, invitation.id, TODAY), text=f"Avis {person}", scale=scale)
        for person in people[:objecting]:
            set_objection(person, True)
        return people


def _results(app, session_title: str):
    with app.app_context():
        staff = vault.account_id_for_email("gestion@petale.test")
        scope = lesson_figures.session_scope(staff, "staff", session_named(session_title).id)
        return {r.kind: r for r in survey_results.results(scope)}


def test_finishing_the_course_offers_the_hot_survey_in_her_space_and_by_mail(demo):
    complete_course(demo, "Amélie")
    [invitation_mail] = [m for m in outbox(demo) if "Votre avis sur" in m["Subject"]]
    assert "apprenante2@petale.test" in invitation_mail["To"]
    assert "/questionnaires/" in text_of(invitation_mail)
    amelie = signed_in(demo, "apprenante2@petale.test")
    space = unescape(amelie.get("/mon-espace").get_data(as_text=True))
    assert "Donner mon avis sur" in space
    with demo.app_context():
        invitation = SurveyInvitation.get((SurveyInvitation.kind == HOT) & (
            SurveyInvitation.account_id == vault.account_id_for_email("apprenante2@petale.test")))
        questions = survey_answers.survey_for(invitation.account_id, invitation.id, TODAY).questions
    url = f"/questionnaires/{invitation.id}"
    refused = submit(amelie, url, {f"q{questions[0].id}": "9"})
    assert refused.status_code == 422 and "Choisissez une note de 1 à 5" in unescape(refused.get_data(as_text=True))
    data = {f"q{q.id}": ("5" if q.answer_kind == "scale" else "Plus de vidéos") for q in questions}
    assert submit(amelie, url, data).status_code == 302
    assert "Donner mon avis sur" not in unescape(amelie.get("/mon-espace").get_data(as_text=True))
    assert amelie.get(url).status_code == 409  # answered once
    exported_surveys = json.loads(exported(demo, amelie).read("data.json"))["surveys"]
    assert exported_surveys[0]["kind"] == "hot"
    assert {a["text"] for a in exported_surveys[0]["answers"]} >= {"Plus de vidéos"}
    # Another learner cannot open her questionnaire.
    assert signed_in(demo, "apprenant@petale.test").get(url).status_code == 404


def test_one_reminder_a_week_later_only_to_those_who_have_not_answered_then_the_round_closes(demo):
    with demo.app_context():
        session = session_named("Session B")
        SurveyInvitation.delete().execute()  # the demo's own (Antoine's) aside
        quiet = vault.account_id_for_email("apprenante2@petale.test")  # Amélie, of Session B
        [answering] = learners_in(session, 1)
        survey_rounds.invite(HOT, [(quiet, session.id), (answering, session.id)], TODAY)
        invitation = SurveyInvitation.get(SurveyInvitation.account_id == answering)
        _answer_all(survey_answers.survey_for(answering, invitation.id, TODAY))
        assert survey_rounds.remind(TODAY + timedelta(days=6)) == 0
        assert survey_rounds.remind(TODAY + timedelta(days=7)) == 1
        assert survey_rounds.remind(TODAY + timedelta(days=8)) == 0  # one reminder each
        assert survey_rounds.close(TODAY + timedelta(days=13)) == 0
        assert survey_rounds.close(TODAY + timedelta(days=14)) == 2
        assert survey_rounds.invite(HOT, [(quiet, session.id)], TODAY + timedelta(days=15)) == 0  # asked once
    run_jobs(demo)
    reminders = [m for m in outbox(demo) if m["Subject"].startswith("Rappel")]
    assert len(reminders) == 1 and "apprenante2@petale.test" in reminders[0]["To"]


def test_the_cold_survey_goes_three_months_after_the_session_ends(demo):
    with demo.app_context():
        session = session_named("Session B")
        TrainingSession.update(ends_on=TODAY - timedelta(days=90)).where(TrainingSession.id == session.id).execute()
        report = survey_rounds.run_rounds(TODAY)
        cold = list(SurveyInvitation.select().where(SurveyInvitation.kind == COLD))
        assert report.invited >= 1 and {i.session_id for i in cold} == {session.id}
        assert survey_rounds.run_rounds(TODAY).invited == 0


def test_people_left_out_of_aggregates_are_not_asked(demo):
    with demo.app_context():
        session = session_named("Session B")
        objecting, restricted = learners_in(session, 2)
        set_objection(objecting, True)
        Account.update(restricted_at=utcnow()).where(Account.id == restricted).execute()
        TrainingSession.update(ends_on=TODAY - timedelta(days=2)).where(TrainingSession.id == session.id).execute()
        survey_rounds.run_rounds(TODAY)
        asked = {i.account_id for i in SurveyInvitation.select()}
        assert objecting not in asked and restricted not in asked and asked


def test_a_group_of_four_shows_no_figure_and_five_do(demo):
    _group_answers(demo, "Session B", 4)
    results = _results(demo, "Session B")
    assert not results[HOT].respondents.shown and results[HOT].questions == []
    _group_answers(demo, "Session B", 1)
    results = _results(demo, "Session B")
    assert results[HOT].respondents.value == 5
    scale = next(q for q in results[HOT].questions if q.answer_kind == "scale")
    assert scale.average.value == 4 and scale.satisfied.value == 1.0
    text = next(q for q in results[HOT].questions if q.answer_kind == "text")
    assert len(text.texts) == 5 and text.texts == sorted(text.texts)


def test_an_objecting_respondent_changes_no_result_and_her_answers_go_at_the_close(demo):
    _group_answers(demo, "Session B", 5)
    before = _results(demo, "Session B")
    _group_answers(demo, "Session B", 1, scale="1", objecting=1)
    assert _results(demo, "Session B") == before
    with demo.app_context():
        survey_rounds.close(TODAY + timedelta(days=14))
        assert SurveyResponse.select().count() == 5
    assert _results(demo, "Session B") == before


def test_once_the_round_closes_no_table_links_an_answer_back_to_her(demo):
    people = _group_answers(demo, "Session B", 5)
    with demo.app_context():
        before = {r.id for r in SurveyResponse.select()}
        survey_rounds.close(TODAY + timedelta(days=14))
        # Written again: no response keeps the number that told when it came in.
        after = {r.id for r in SurveyResponse.select()}
        assert len(after) == 5 and min(after) > max(before)
        her_text = f"Avis {people[0]}"  # her free text names her account id, the worst case for a test
        answer = SurveyAnswer.get(SurveyAnswer.text == her_text)
        response = SurveyResponse.get_by_id(answer.response_id)
        assert response.invitation_id is None and len(response.month) == 7  # "2026-12": no day, no time
        # No table points at an answer or a response but the answers themselves, and nothing an answer or its
        # response still points at (question, session, course) holds anything about a person.
        every = [m for zone in ZONES for m in zone_models(zone)]
        for model in every:
            for field in model._meta.fields.values():
                if isinstance(field, peewee.ForeignKeyField) and field.rel_model in (SurveyResponse, SurveyAnswer):
                    assert model is SurveyAnswer, f"{model.__name__}.{field.name} points at an answer"
        for row in (response, answer):
            for field in row._meta.fields.values():
                if isinstance(field, peewee.ForeignKeyField) and getattr(row, field.column_name) is not None:
                    assert not holds_something_about_a_person(field.rel_model), field.rel_model.__name__
        # Her invitation says only that she was asked, like everyone else's.
        rows = {(i.answered, i.reminded_on, i.closed) for i in SurveyInvitation.select()}
        assert rows == {(False, None, True)}
        # Her erasure leaves the anonymous answer: it is nobody's any more.
    with demo.app_context():
        from portal.personal_data import registry

        registry.erase_all(registry.Person(people[0]))
        assert SurveyAnswer.select().where(SurveyAnswer.text == her_text).exists()
        assert not SurveyInvitation.select().where(SurveyInvitation.account_id == people[0]).exists()


def test_erasing_her_account_before_the_close_takes_her_linked_answers(demo):
    people = _group_answers(demo, "Session B", 1)
    with demo.app_context():
        from portal.personal_data import registry

        registry.erase_all(registry.Person(people[0]))
        assert SurveyResponse.select().count() == 0 and SurveyAnswer.select().count() == 0


def test_the_provider_edits_the_questions(demo):
    staff = signed_in(demo, "gestion@petale.test")
    page = unescape(staff.get("/gestion/questionnaires").get_data(as_text=True))
    assert "Questions par défaut" in page and "Que devrions-nous améliorer" in page
    assert submit(staff, "/gestion/questionnaires", {"kind": "hot", "answer_kind": "sideways",
                                                      "prompt": "?"}).status_code == 422
    assert submit(staff, "/gestion/questionnaires", {"kind": "hot", "answer_kind": "scale",
                                                      "prompt": "Le rythme vous a-t-il convenu ?"}).status_code == 302
    with demo.app_context():
        questions = list(SurveyQuestion.select().where(SurveyQuestion.kind == HOT).order_by(SurveyQuestion.position))
        assert questions[-1].prompt == "Le rythme vous a-t-il convenu ?" and len(questions) == 5
        first = questions[0]
    assert submit(staff, f"/gestion/questionnaires/{first.id}/retirer", {}, page="/gestion/questionnaires"
                  ).status_code == 302
    with demo.app_context():
        assert not SurveyQuestion.select().where(SurveyQuestion.id == first.id).exists()  # never answered


def test_a_trainer_reads_her_sessions_results_only(demo):
    _group_answers(demo, "Session B", 5)
    with demo.app_context():
        a, b = session_named("Session A"), session_named("Session B")
    felix, fanny = signed_in(demo, "formateur2@petale.test"), signed_in(demo, "formatrice@petale.test")
    page = unescape(felix.get(f"/analyses/sessions/{b.id}/satisfaction").get_data(as_text=True))
    assert "Personnes ayant répondu\u00a0: 5" in page and "Avis " in page
    assert fanny.get(f"/analyses/sessions/{b.id}/satisfaction").status_code == 404
    assert "trop peu de personnes" in unescape(fanny.get(f"/analyses/sessions/{a.id}/satisfaction")
                                               .get_data(as_text=True))


def test_the_survey_migration_rolls_back_and_applies_again(app):
    from portal.db import main_db
    from portal.schema import router

    tables = {"survey_question", "survey_invitation", "survey_response", "survey_answer"}
    with app.app_context():
        migrations = router("main")
        name = "059_satisfaction_surveys"
        migrations.run_one(name, migrations.migrator, fake=False, downgrade=True)
        assert not tables & set(main_db.obj.get_tables())
        migrations.run_one(name, migrations.migrator, fake=False)
        assert tables <= set(main_db.obj.get_tables())
