"""Operational reminders with --as-of dates: session start D-7/D-1, module releases, course updates,
inactivity nudges (kept as records); each once, restricted accounts not nudged, unsubscribed ones
still reminded."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from html import unescape

from portal.accounts.models import Account
from portal.course_admin import service as manage
from portal.learning.models import Course, Enrollment, LearningEvent, Lesson, Module, ModuleRelease, TrainingSession
from portal.privacy import consent
from portal.reminders import service
from portal.reminders.models import CourseUpdate, DropoutNudge
from tests.support.helpers import outbox, run_jobs, text_of
from tests.support.learning_fixtures import signed_in

T = date(2030, 3, 1)  # far from the demo's own sessions


def accounts(app):
    with app.app_context():
        return (Account.get(Account.display_name == "Antoine").id, Account.get(Account.display_name == "Amélie").id)


def new_session(app, starts_on: date, ends_on: date, learners, enrolled_on: date | None = None) -> int:
    with app.app_context():
        course = Course.get(Course.slug == "art-floral-les-fondamentaux")
        session = TrainingSession.create(course=course, title="Session test", starts_on=starts_on, ends_on=ends_on)
        for account_id in learners:
            Enrollment.create(account_id=account_id, session=session, funding="self",
                              enrolled_at=datetime.combine(enrolled_on or starts_on - timedelta(days=20), time(9)))
        return session.id


def subjects(app, prefix: str) -> list:
    run_jobs(app)
    return [m for m in outbox(app) if m["Subject"].startswith(prefix)]


def test_session_start_is_announced_at_d7_and_d1_once_each(demo):
    antoine, _ = accounts(demo)
    new_session(demo, T + timedelta(days=7), T + timedelta(days=60), [antoine])
    with demo.app_context():
        consent.record(antoine, False, consent.SOURCE_SPACE)  # no marketing, still operational mail
        assert service.send_due(T).session_starts == 1
        assert service.send_due(T).session_starts == 0, "a second run the same day sends nothing"
        assert service.send_due(T + timedelta(days=3)).session_starts == 0
        assert service.send_due(T + timedelta(days=6)).session_starts == 1
    week, day = subjects(demo, "Votre formation commence")
    assert week["Subject"] == "Votre formation commence dans 7 jours" and "apprenant@petale.test" in week["To"]
    assert day["Subject"] == "Votre formation commence demain"
    assert "08/03/2030" in text_of(day) and "/mon-espace" in text_of(day)


def test_a_released_module_is_announced_to_the_session_with_a_link_to_its_first_lesson(demo):
    antoine, amelie = accounts(demo)
    session_id = new_session(demo, T - timedelta(days=10), T + timedelta(days=60), [antoine, amelie])
    with demo.app_context():
        colours = Module.get(Module.title == "Les couleurs")
        ModuleRelease.create(session=session_id, module=colours, release_on=T + timedelta(days=1))
        first = Lesson.get((Lesson.module == colours) & (Lesson.position == 1))
        assert service.send_due(T).releases == 0, "not before its date"
        assert service.send_due(T + timedelta(days=2)).releases == 2, "a missed day is caught up"
        assert service.send_due(T + timedelta(days=2)).releases == 0
    messages = subjects(demo, "Nouveau module disponible : Les couleurs")
    assert len(messages) == 2 and f"/lecon/{first.id}" in text_of(messages[0])


def test_a_release_reaches_her_the_day_her_own_lessons_open(demo):
    """A person paying herself has her lessons held until her withdrawal period is over: the release is
    announced to her that day, not on the day it opened to the others."""
    antoine, amelie = accounts(demo)
    session_id = new_session(demo, T - timedelta(days=10), T + timedelta(days=60), [antoine, amelie])
    with demo.app_context():
        colours = Module.get(Module.title == "Les couleurs")
        ModuleRelease.create(session=session_id, module=colours, release_on=T)
        Enrollment.update(opens_from=T + timedelta(days=8)).where(
            (Enrollment.session == session_id) & (Enrollment.account_id == amelie)).execute()
        assert service.send_due(T).releases == 1, "Antoine only: Amélie's lessons are still held"
        assert service.send_due(T + timedelta(days=7)).releases == 0
        assert service.send_due(T + timedelta(days=9)).releases == 1, "hers, the day after they opened"
        assert service.send_due(T + timedelta(days=10)).releases == 0
    to = [m["To"] for m in subjects(demo, "Nouveau module disponible : Les couleurs")]
    assert len(to) == 2 and "apprenante2@petale.test" in to[1]


def test_content_updates_reach_the_learners_of_sessions_not_over(demo):
    antoine, amelie = accounts(demo)
    new_session(demo, T - timedelta(days=10), T + timedelta(days=60), [antoine])
    new_session(demo, T - timedelta(days=100), T - timedelta(days=1), [amelie])  # already over
    with demo.app_context():
        lesson = Lesson.get(Lesson.title == "La spirale")
        data = {name: getattr(lesson, name) for name in manage.LESSON_FIELDS}
        manage.save_lesson(lesson.id, {**data, "pass_mark": 80})
        assert CourseUpdate.select().count() == 0, "a new pass mark is not news"
        manage.save_lesson(lesson.id, {**data, "body": data["body"] + "\n\nAjout : la ligature."})
        manage.add_lesson(lesson.module_id, {**data, "title": "Le bouquet bulle", "position": 2})
        assert service.send_due(T).updates == 1
        assert service.send_due(T).updates == 0
    [message] = subjects(demo, "Du nouveau dans « Art floral — les fondamentaux »")
    body = text_of(message)
    assert "apprenant@petale.test" in message["To"]
    assert "La spirale (leçon mise à jour)" in body and "Le bouquet bulle (nouvelle leçon)" in body


def test_seven_days_without_activity_during_a_running_session_bring_one_nudge_per_spell(demo):
    antoine, amelie = accounts(demo)
    session_id = new_session(demo, T - timedelta(days=20), T + timedelta(days=60), [antoine, amelie])
    with demo.app_context():
        course = Course.get(Course.slug == "art-floral-les-fondamentaux")
        LearningEvent.create(account_id=antoine, verb="http://adlnet.gov/expapi/verbs/experienced",
                             object_iri="x", course=course, timestamp=datetime.combine(T - timedelta(days=10), time(9)))
        Account.update(restricted_at=datetime(2030, 1, 1)).where(Account.id == amelie).execute()
        assert service.send_due(T).nudges == 1, "Amélie's processing is restricted: not nudged"
        assert service.send_due(T + timedelta(days=1)).nudges == 0, "one nudge per silent spell"
        [record] = DropoutNudge.select()
        assert record.account_id == antoine and record.sent_on == T
        LearningEvent.create(account_id=antoine, verb="http://adlnet.gov/expapi/verbs/experienced",
                             object_iri="x", course=course, timestamp=datetime.combine(T + timedelta(days=2), time(9)))
        assert service.send_due(T + timedelta(days=5)).nudges == 0, "active three days ago"
        assert service.send_due(T + timedelta(days=10)).nudges == 1, "silent again: a new spell"
        assert service.send_due(T + timedelta(days=61)).nudges == 0, "the session is over"
    messages = subjects(demo, "On vous attend dans « Art floral — les fondamentaux »")
    assert len(messages) == 2 and "10 jours" in text_of(messages[0])
    staff = signed_in(demo, "gestion@petale.test")
    page = unescape(staff.get(f"/gestion/sessions/{session_id}").get_data(as_text=True))
    assert "Relances d'assiduité" in page and page.count("Antoine") >= 2


def test_the_daily_job_is_scheduled_and_the_cli_runs_a_drill(demo):
    from jobs.schedule import PERIODIC

    assert "reminders" in {p.name for p in PERIODIC}
    antoine, _ = accounts(demo)
    new_session(demo, T + timedelta(days=1), T + timedelta(days=60), [antoine])
    result = demo.test_cli_runner().invoke(args=["reminders", "send", "--as-of", T.isoformat()])
    assert result.exit_code == 0 and "Rappels au 01/03/2030 : 1 début(s) de session" in result.output
    bad = demo.test_cli_runner().invoke(args=["reminders", "send", "--as-of", "01/03/2030"])
    assert bad.exit_code != 0 and "Traceback" not in bad.output


def test_a_mail_whose_date_came_through_a_jobs_arguments_writes_it_as_the_recipients_pages_do(demo):
    antoine, amelie = accounts(demo)
    new_session(demo, T + timedelta(days=7), T + timedelta(days=60), [antoine, amelie])
    with demo.app_context():
        Account.update(language="en").where(Account.id == amelie).execute()
        assert service.send_due(T).session_starts == 2
    run_jobs(demo)
    [french] = [m for m in outbox(demo) if m["Subject"] == "Votre formation commence dans 7 jours"]
    [english] = [m for m in outbox(demo) if m["Subject"] == "Your course starts in 7 days"]
    assert "08/03/2030" in text_of(french)
    assert "8 Mar 2030" in text_of(english) and "08/03/2030" not in text_of(english)
