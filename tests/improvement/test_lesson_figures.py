"""Lesson analytics: figures per session and course for its trainers and staff, never about fewer than
five people, never counting a restricted or objecting person."""
from __future__ import annotations

from portal.accounts.models import Account
from portal.improvement import lesson_figures
from portal.improvement.minimum_group import MIN_GROUP, count, share
from portal.learning.models import Question
from portal.standing.objection import set_objection
from portal.timeutil import utcnow
from portal.vault import service as vault
from tests.support.cohorts import attempted, course_lessons, followed, learners_in, session_named
from tests.support.learning_fixtures import signed_in
from tests.support.querycount import count_queries

TOO_FEW = "trop peu de personnes pour afficher ce chiffre"


def _trainer(email: str):
    return vault.account_id_for_email(email)


def _scope(session):
    return lesson_figures.session_scope(_trainer("formatrice@petale.test"), "trainer", session.id)


def test_a_group_of_four_shows_no_figure_and_a_group_of_five_does(demo):
    """Session A holds Antoine; three more make four people, a fourth more makes five."""
    with demo.app_context():
        session = session_named("Session A")
        lessons = course_lessons(session)
        for account in learners_in(session, 3):
            followed(account, lessons, finished=2)
        url = f"/analyses/sessions/{session.id}"
    trainer = signed_in(demo, "formatrice@petale.test")
    page = trainer.get(url).get_data(as_text=True)
    assert TOO_FEW in page and "<table" not in page and "<svg" not in page
    csv = trainer.get(url + "/lecons.csv").get_data(as_text=True)
    assert TOO_FEW in csv and csv.count("\r\n") == 2  # the header and the words, no lesson line
    with demo.app_context():
        followed(learners_in(session, 1, "Cinquième")[0], lessons, finished=2)
    page = trainer.get(url).get_data(as_text=True)
    assert "<table" in page and "<svg" in page
    assert "Personnes comptées\u00a0: 5" in page


def test_each_figure_says_how_many_people_it_is_about_and_hides_small_cells():
    assert count(4).shown is False and count(5).shown is True and count(1).shown is False
    # Nobody counted is hidden too: beside a session of one learner, « 0 » would say she objected (a walk
    # found « Personnes comptées : 0 » once the only learner had objected).
    assert count(0).shown is False
    assert share(0, 0).shown is False
    assert share(6, 10).shown is True and share(0, 10).shown is True and share(10, 10).shown is True
    assert share(3, 4).shown is False and share(0, 4).shown is False  # about four people


def test_started_finished_median_time_and_drop_off(demo):
    with demo.app_context():
        session = session_named("Session B")  # Amélie, with no history, counts but opened nothing
        lessons = course_lessons(session)
        group = learners_in(session, 12)
        for account in group[:6]:
            followed(account, lessons, finished=len(lessons), minutes=12)
        for account in group[6:]:
            followed(account, lessons, finished=1, minutes=20)  # stop at the second lesson
        report = lesson_figures.report(lesson_figures.session_scope(
            _trainer("formateur2@petale.test"), "trainer", session.id))
    assert report.group == count(13)
    first, second, third = report.lessons[:3]
    assert (first.started.value, first.finished.value) == (12, 12)
    assert (second.started.value, second.finished.value) == (12, 6) and second.finished_share.value == 0.5
    assert third.started.value == 6 and third.started.shown is True
    assert first.median_minutes.value == 16.0  # half at 12 min, half at 20
    assert report.drop_off.lesson.id == lessons[1].id and report.drop_off.stopped_here.value == 6
    assert first.stopped_here.value == 0 and first.stopped_here.shown  # nobody stops there


def test_an_objecting_or_restricted_learner_changes_no_aggregate(demo):
    with demo.app_context():
        session = session_named("Session A")
        lessons = course_lessons(session)
        quiz = next(lesson for lesson in lessons if lesson.kind == "quiz")
        for account in learners_in(session, 6):
            followed(account, lessons, finished=3)
        scope = _scope(session)
        before = lesson_figures.report(scope), lesson_figures.lesson_detail(scope, quiz.id)
        objecting, restricted = learners_in(session, 2, "Hors compte")
        for account in (objecting, restricted):
            followed(account, lessons, finished=0, started=len(lessons), minutes=90)
            attempted(account, quiz, {q.id: (["faux"], False) for q in Question.select().where(
                Question.lesson == quiz.id)})
        set_objection(objecting, True)
        Account.update(restricted_at=utcnow()).where(Account.id == restricted).execute()
        after = lesson_figures.report(scope), lesson_figures.lesson_detail(scope, quiz.id)
        assert after == before
        set_objection(objecting, False)  # withdrawn: she counts again
        assert lesson_figures.report(scope).group.value == before[0].group.value + 1


def test_quiz_questions_at_the_first_attempt_and_the_most_frequent_wrong_answers(demo):
    with demo.app_context():
        session = session_named("Session B")
        lessons = course_lessons(session)
        quiz = next(lesson for lesson in lessons if lesson.kind == "quiz")
        questions = list(Question.select().where(Question.lesson == quiz.id).order_by(Question.position))
        text = next(q for q in questions if q.kind == "text")
        group = learners_in(session, 10)
        for index, account in enumerate(group):
            right = index < 4
            attempted(account, quiz, {text.id: (["sifflet" if right else "En travers"], right)}, days_ago=2)
            attempted(account, quiz, {text.id: (["sifflet"], True)}, days_ago=1)  # later attempts do not count
        detail = lesson_figures.lesson_detail(lesson_figures.session_scope(
            _trainer("gestion@petale.test"), "staff", session.id), quiz.id)
    figures = {q.prompt: q for q in detail.questions}[text.prompt]
    assert figures.first_success.value == 0.4 and figures.first_success.people == 10
    assert figures.wrong_answers == [("en travers", count(6))]


def test_a_trainer_reads_only_her_sessions_and_staff_every_one(demo):
    with demo.app_context():
        a, b = session_named("Session A"), session_named("Session B")
        lessons = course_lessons(b)
        for account in learners_in(b, 6):
            followed(account, lessons, finished=1)
        lesson = lessons[0]
    fanny, felix = signed_in(demo, "formatrice@petale.test"), signed_in(demo, "formateur2@petale.test")
    for url in (f"/analyses/sessions/{a.id}", f"/analyses/sessions/{a.id}/lecons/{lesson.id}",
                f"/analyses/sessions/{a.id}/lecons.csv"):
        assert felix.get(url).status_code == 404
        assert fanny.get(url).status_code == 200
    # The course page: Félix's figures are Session B's only; Fanny's, Session A's (too few).
    assert "Personnes comptées\u00a0: 7" in felix.get(f"/analyses/formations/{a.course_id}").get_data(as_text=True)
    assert TOO_FEW in fanny.get(f"/analyses/formations/{a.course_id}").get_data(as_text=True)
    listing = felix.get("/analyses").get_data(as_text=True)
    assert "Session B" in listing and "Session A" not in listing
    staff = signed_in(demo, "gestion@petale.test")
    listing = staff.get("/analyses").get_data(as_text=True)
    assert "Session A" in listing and "Session B" in listing
    assert staff.get(f"/analyses/formations/{a.course_id}/lecons/999999").status_code == 404


def test_the_trainer_desk_and_the_staff_navigation_lead_to_the_figures(demo):
    assert 'href="/analyses"' in signed_in(demo, "formatrice@petale.test").get("/formateur").get_data(as_text=True)
    assert 'href="/analyses"' in signed_in(demo, "gestion@petale.test").get("/gestion").get_data(as_text=True)


def test_the_session_page_costs_the_same_queries_whatever_the_group(demo):
    with demo.app_context():
        session = session_named("Session A")
        lessons = course_lessons(session)
        quiz = next(lesson for lesson in lessons if lesson.kind == "quiz")
    trainer = signed_in(demo, "formatrice@petale.test")
    spent = []
    for size in (MIN_GROUP, 4 * MIN_GROUP):
        with demo.app_context():
            for account in learners_in(session, size):
                followed(account, lessons, finished=2)
                attempted(account, quiz, {})
        for url in (f"/analyses/sessions/{session.id}", f"/analyses/sessions/{session.id}/lecons/{quiz.id}"):
            with demo.app_context(), count_queries() as statements:
                assert trainer.get(url).status_code == 200
            spent.append(len(statements))
    assert spent[:2] == spent[2:] and max(spent) <= 14, spent


def test_workshop_criteria_most_often_missed_at_the_first_bouquet(demo):
    from portal.bouquets import drafts
    from portal.bouquets.engine.builder import Group
    from portal.bouquets.models import Brief

    with demo.app_context():
        session = session_named("Session B")  # nobody has sent a bouquet there yet
        lessons = course_lessons(session)
        workshop = next(lesson for lesson in lessons if lesson.kind == "bouquet")
        brief = Brief.select().where(Brief.lesson == workshop.id).first()
        for account in learners_in(session, 5):
            drafts.add_group(account, brief, Group("rose-de-jardin", "#F9C6C9", 3, 40, 0))
            drafts.submit(account, brief)
            drafts.add_group(account, brief, Group("rose-de-jardin", "#F9C6C9", 4, 40, 0))
            drafts.submit(account, brief)  # a second try does not count
        detail = lesson_figures.lesson_detail(lesson_figures.session_scope(
            _trainer("formateur2@petale.test"), "trainer", session.id), workshop.id)
    figures = next(b for b in detail.briefs if b.brief_title == brief.title)
    assert figures.people == count(5)
    missed = dict(figures.missed)
    assert missed and all(share.value == 1.0 and share.shown for share in missed.values())  # the same bouquet


def test_the_objection_migration_rolls_back_and_applies_again(app):
    from portal.db import main_db
    from portal.schema import router

    with app.app_context():
        migrations = router("main")
        migrations.run_one("058_objection", migrations.migrator, fake=False, downgrade=True)
        assert "objection" not in main_db.obj.get_tables()
        migrations.run_one("058_objection", migrations.migrator, fake=False)
        assert "objection" in main_db.obj.get_tables()
