"""Each course page publishes its last twelve months: satisfaction, completion and certificate rates with
the number of people and the day they were counted; never a figure about fewer than five people, and
nobody who objected or is restricted is counted."""
from __future__ import annotations

from datetime import timedelta
from html import unescape

from portal.accounts.models import Account
from portal.certificates.models import Certificate
from portal.improvement import published_results, survey_answers, survey_rounds
from portal.improvement.models import HOT, SurveyInvitation
from portal.learning.models import TrainingSession
from portal.standing.objection import set_objection
from portal.timeutil import paris_today, utcnow
from tests.support.cohorts import course_lessons, followed, learners_in, session_named

TODAY = paris_today()


def _ended_session_with(app, finishers: int, stoppers: int, *, certified: int = 0, satisfied: int = 0,
                        unhappy: int = 0) -> list:
    """Session B, ended last week: its learners finished (or not), some certified, some answering hot."""
    with app.app_context():
        session = session_named("Session B")
        TrainingSession.update(ends_on=TODAY - timedelta(days=7)).where(TrainingSession.id == session.id).execute()
        lessons = course_lessons(session)
        done = learners_in(session, finishers, "Fin")
        for account in done:
            followed(account, lessons, finished=len(lessons))
        for account in learners_in(session, stoppers, "Arrêt"):
            followed(account, lessons, finished=2)
        for index, account in enumerate(done[:certified]):
            Certificate.create(code=f"demo-{index}-{account}", account_id=account, course=session.course_id,
                               course_version=1, session=session.id, completed_on=TODAY, hours="10,0", results="{}")
        answering = done[:satisfied + unhappy]
        survey_rounds.invite(HOT, [(a, session.id) for a in answering], TODAY)
        for index, account in enumerate(answering):
            invitation = SurveyInvitation.get(SurveyInvitation.account_id == account)
            survey = survey_answers.survey_for(account, invitation.id, TODAY)
            rating = "5" if index < satisfied else "2"
            survey_answers.answer(survey, {q.id: rating for q in survey.questions if q.answer_kind == "scale"}, TODAY)
        return done


def _published(app):
    with app.app_context():
        course_id = session_named("Session B").course_id
        return published_results.publish(course_id, TODAY)


def test_a_course_page_shows_its_rates_with_the_count_and_the_day(demo):
    _ended_session_with(demo, 6, 4, certified=5, satisfied=4, unhappy=1)
    row = _published(demo)
    # Amélie is in Session B too: 11 people; 6 finished, 5 certified; 5 respondents, 4 satisfied.
    assert (row.people, row.finished, row.certified, row.respondents, row.satisfied) == (11, 6, 5, 5, 4)
    page = unescape(demo.test_client().get("/cours/art-floral-les-fondamentaux").get_data(as_text=True))
    assert "Résultats de la formation" in page
    assert "80\u00a0%" in page and "(5 réponses au questionnaire de fin de session)" in page
    assert "55\u00a0%" in page and "(11 personnes des sessions terminées)" in page
    assert "45\u00a0%" in page


def test_never_a_figure_about_fewer_than_five(demo):
    _ended_session_with(demo, 3, 0, certified=3, satisfied=4)
    row = _published(demo)
    # 4 people in all (Amélie and three); every figure is about fewer than five.
    assert (row.people, row.finished, row.certified, row.respondents, row.satisfied) == (None, None, None, None, None)
    page = unescape(demo.test_client().get("/cours/art-floral-les-fondamentaux").get_data(as_text=True))
    results = page[page.index('id="resultats"'):page.index('id="sessions"')]  # the price's 30 % is not a result
    assert "Trop peu de personnes sur cette période pour publier des chiffres." in results and "\u00a0%" not in results


def test_an_objecting_or_restricted_learner_changes_no_published_figure(demo):
    done = _ended_session_with(demo, 8, 2, certified=6, satisfied=6, unhappy=2)
    before = _published(demo)
    with demo.app_context():
        session = session_named("Session B")
        lessons = course_lessons(session)
        objecting, restricted = learners_in(session, 2, "Hors compte")
        for account in (objecting, restricted):
            followed(account, lessons, finished=len(lessons))
        set_objection(objecting, True)
        Account.update(restricted_at=utcnow()).where(Account.id == restricted).execute()
        set_objection(done[-1], True)  # she answered (unhappy): her answers leave the figures too
    after = _published(demo)
    assert (after.respondents, after.satisfied) == (before.respondents - 1, before.satisfied)
    assert (after.people, after.finished) == (before.people - 1, before.finished - 1)


def test_the_results_and_complaints_migration_rolls_back_and_applies_again(app):
    from portal.db import main_db
    from portal.schema import router

    tables = {"published_result", "complaint", "improvement_action"}
    with app.app_context():
        migrations = router("main")
        # 062 changes the complaint table 060 creates: undone first and redone after, so that the database
        # (shared by the whole run on PostgreSQL) ends as it began.
        migrations.run_one("062_public_complaints", migrations.migrator, fake=False, downgrade=True)
        migrations.run_one("060_published_results_and_complaints", migrations.migrator, fake=False, downgrade=True)
        assert not tables & set(main_db.obj.get_tables())
        migrations.run_one("060_published_results_and_complaints", migrations.migrator, fake=False)
        migrations.run_one("062_public_complaints", migrations.migrator, fake=False)
        assert tables <= set(main_db.obj.get_tables())
        assert {"filed_as", "requester_id"} <= {c.name for c in main_db.obj.get_columns("complaint")}
