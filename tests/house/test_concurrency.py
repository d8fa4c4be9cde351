"""A whole class at once, over real HTTP: requests fired together at a served instance (a real SQLite
file, or PostgreSQL with PETALE_TEST_DB=postgresql) while the job thread writes too. No answer is a
server error, and what must not double-count (attempt limits, time credited, enrolments, exports,
payments) stays exact."""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from portal.contracts.models import TrainingContract
from portal.forum.models import Post, Thread
from portal.invoicing.models import Invoice
from portal.jobs import enqueue
from portal.jobs.inprocess import run_due
from portal.jobs.models import PENDING, RUNNING, JobRecord
from portal.learning.catalogue import enroll
from portal.learning.models import (
    Enrollment,
    Lesson,
    LessonProgress,
    QuizAttempt,
    SessionTrainer,
    TimeOnTask,
    TrainingSession,
)
from portal.payments import signature
from portal.privacy.models import DataRequest, Export
from portal.signin.service import Signup, create_confirmed_account
from portal.timeutil import paris_today
from portal.vault.models import Payment
from portal.vault.service import account_id_for_email
from tests.support import jobs_for_tests
from tests.support.environment import free_port
from tests.support.invoices import learner_invoice, webhook_for
from tests.support.learning_fixtures import answers, lesson_named
from tests.support.served import Visitor, served

PASSWORD = "un-mot-de-passe-solide"


@pytest.fixture
def site(demo):
    with served(demo, free_port()) as base:
        demo.base = base
        yield demo


@pytest.fixture
def busy_jobs(site):
    """The in-process job thread writing all along, as it does under `make run`."""
    stop = threading.Event()
    rounds = []

    def work():
        while not stop.is_set():
            with site.app_context():
                enqueue(jobs_for_tests.record, f"r{len(rounds)}")
                rounds.append(run_due(site))
            time.sleep(0.005)

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    yield rounds
    stop.set()
    thread.join(timeout=30)
    assert rounds, "the job thread never ran"


def new_learners(app, count: int, session_title: str = "Session A") -> list[str]:
    """Confirmed learners enrolled in a running session of the fundamentals course."""
    emails = []
    with app.app_context():
        session = TrainingSession.get(TrainingSession.title == session_title)
        for n in range(count):
            email = f"classe{n}@example.org"
            account = create_confirmed_account(
                Signup(f"Élève {n}", email, "+33612345678", f"Élève {n}", PASSWORD), "learner")
            enroll(account.id, session.id, "self", paris_today())
            emails.append(email)
    return emails


def signed_in(app, email: str) -> Visitor:
    visitor = Visitor(app.base)
    assert visitor.login(email, PASSWORD).status_code == 302
    return visitor


def fire(calls) -> list:
    """Start every call at the same moment (a barrier), return their results in order."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def account_id(app, email: str):
    with app.app_context():
        return account_id_for_email(email)


def test_a_class_answering_one_quiz_together_gets_no_error(site, busy_jobs):
    quiz = lesson_named(site, "Quiz : outils et préparation")
    people = [signed_in(site, email) for email in new_learners(site, 10)]
    data = answers(site, quiz, single_right=False)
    tokens = [person.token(f"/lecon/{quiz.id}") for person in people]
    calls = [lambda p=p, t=t: p.post(f"/lecon/{quiz.id}/quiz", data, token=t)
             for p, t in zip(people, tokens, strict=True) for _ in range(3)]
    statuses = [response.status_code for response in fire(calls)]
    assert all(status < 500 for status in statuses), statuses
    assert statuses.count(303) == len(calls), statuses  # each answer recorded, then shown (post/redirect/get)
    with site.app_context():
        assert QuizAttempt.select().where(QuizAttempt.lesson == quiz.id).count() >= 30
        counts = [QuizAttempt.select().join(Lesson).where(
            (QuizAttempt.lesson == quiz.id)
            & (QuizAttempt.account_id == account_id(site, f"classe{n}@example.org"))).count() for n in range(10)]
    assert counts == [3] * 10


def test_ten_clicks_on_valider_use_exactly_the_attempts_left(site, busy_jobs):
    quiz = lesson_named(site, "Quiz : outils et préparation")
    [email] = new_learners(site, 1)
    person = signed_in(site, email)
    token = person.token(f"/lecon/{quiz.id}")
    data = answers(site, quiz, single_right=False)
    responses = fire([lambda: person.post(f"/lecon/{quiz.id}/quiz", data, token=token)] * 10)
    statuses = [r.status_code for r in responses]
    assert all(status < 500 for status in statuses), statuses
    assert statuses.count(303) == quiz.max_attempts, statuses
    refused = [r.text for r in responses if r.status_code == 422]
    assert len(refused) == 10 - quiz.max_attempts
    assert all("toutes les tentatives" in text for text in refused)
    with site.app_context():
        used = QuizAttempt.select().where(
            (QuizAttempt.lesson == quiz.id) & (QuizAttempt.account_id == account_id(site, email))).count()
    assert used == quiz.max_attempts


class PastSigner(TimestampSigner):
    """Signs as if 30 s ago: the page was opened a beat's period before the first heartbeat (a gap longer than
    the period and its slack would credit nothing, portal/player/tracking.py)."""

    def get_timestamp(self) -> int:
        return int(time.time()) - 30


def test_heartbeats_from_many_tabs_credit_each_tab_once(site, busy_jobs):
    lesson = lesson_named(site, "Bienvenue dans la formation")
    [email] = new_learners(site, 1)
    person = signed_in(site, email)
    learner = account_id(site, email)
    person.token(f"/lecon/{lesson.id}")  # the lesson opened once, as a person would
    views = URLSafeTimedSerializer(site.config["SECRET_KEY"], salt="petale-lesson-view", signer=PastSigner)
    tabs = [views.dumps({"v": f"tab{n:02d}", "a": str(learner), "l": lesson.id}) for n in range(6)]
    token = person.token(f"/lecon/{lesson.id}")
    # Each tab's first beat arrives four times at once (retries over a bad network), plus a second beat.
    calls = [lambda v=view, s=seq: person.post(f"/lecon/{lesson.id}/battement", {"view": v, "seq": str(s)},
                                               token=token)
             for view in tabs for seq in (1, 1, 1, 1, 2)]
    statuses = [r.status_code for r in fire(calls)]
    assert statuses == [204] * len(calls)
    with site.app_context():
        credited = sum(row.seconds for row in TimeOnTask.select().where(
            (TimeOnTask.account_id == learner) & (TimeOnTask.lesson == lesson.id)))
    # One credit per tab (the 30 s since the page opened, and the requests' own seconds, within the 45 s of a
    # period and its slack); the copies and the immediate second beat add nothing: twice would be 60 s or more.
    assert 30 * len(tabs) <= credited <= 45 * len(tabs)


def test_double_clicked_enrolment_enrols_once(site, busy_jobs):
    with site.app_context():
        session = TrainingSession.get(TrainingSession.title == "Perfectionnement — prochaine session")
        slug = session.course.slug
        create_confirmed_account(Signup("Nouvelle Élève", "nouvelle@example.org", "+33612345678", "Nouvelle",
                                        PASSWORD), "learner")
    person = signed_in(site, "nouvelle@example.org")
    token = person.token(f"/cours/{slug}")
    # Her employer pays: she is enrolled at once (paying herself, she signs a contract first: see below).
    form = {"session_id": str(session.id), "funding": "employer"}
    statuses = [r.status_code for r in fire([lambda: person.post(f"/cours/{slug}/inscription", form, token=token)] * 8)]
    assert all(status in (302, 303) for status in statuses), statuses
    with site.app_context():
        assert Enrollment.select().where(
            Enrollment.account_id == account_id(site, "nouvelle@example.org")).count() == 1


def test_double_clicked_contract_signature_signs_and_enrols_once(site, busy_jobs):
    with site.app_context():
        session = TrainingSession.get(TrainingSession.title == "Perfectionnement — prochaine session")
        create_confirmed_account(Signup("Autre Élève", "autre@example.org", "+33612345679", "Autre", PASSWORD),
                                 "learner")
    person = signed_in(site, "autre@example.org")
    page = f"/cours/{session.course.slug}/contrat?session={session.id}"
    token = person.token(page)
    html = person.get(page).text
    fingerprint = html.split('name="fingerprint" value="')[1].split('"')[0]
    form = {"session_id": str(session.id), "fingerprint": fingerprint, "accept": "y",
            "postal_address": "3 rue des Roses\n75011 Paris"}
    url = f"/cours/{session.course.slug}/contrat"
    statuses = [r.status_code for r in fire([lambda: person.post(url, form, token=token)] * 8)]
    assert statuses.count(303) == 1 and all(status in (303, 422) for status in statuses), statuses
    with site.app_context():
        someone = account_id(site, "autre@example.org")
        assert Enrollment.select().where(Enrollment.account_id == someone).count() == 1
        assert TrainingContract.select().where(TrainingContract.account_id == someone).count() == 1


def test_double_clicked_export_opens_one_export_and_one_request(site, busy_jobs):
    [email] = new_learners(site, 1)
    person = signed_in(site, email)
    token = person.token("/mes-donnees")
    statuses = [r.status_code for r in fire([lambda: person.post("/mes-donnees/export", {}, token=token)] * 6)]
    assert all(status in (302, 303) for status in statuses), statuses
    learner = account_id(site, email)
    with site.app_context():
        assert Export.select().where(Export.account_id == learner).count() == 1
        assert DataRequest.select().where(
            (DataRequest.account_id == learner) & (DataRequest.kind == "portability")).count() == 1


def test_failed_logins_at_once_answer_a_page_not_an_error(site, busy_jobs):
    emails = new_learners(site, 4)
    visitors = [Visitor(site.base) for _ in range(12)]
    tokens = [v.token("/connexion") for v in visitors]
    calls = [lambda v=v, t=t, e=emails[n % 4]: v.post("/connexion", {"email": e, "password": "pas-le-bon-mot"}, token=t)
             for n, (v, t) in enumerate(zip(visitors, tokens, strict=True))]
    statuses = [r.status_code for r in fire(calls)]
    assert all(status < 500 for status in statuses), statuses


def test_the_job_thread_and_a_class_write_together(site, busy_jobs):
    """Lessons marked done while jobs run: every click recorded, every job row run."""
    people = [signed_in(site, email) for email in new_learners(site, 8)]
    lesson = lesson_named(site, "Bienvenue dans la formation")
    tokens = [p.token(f"/lecon/{lesson.id}") for p in people]
    statuses = [r.status_code for r in fire(
        [lambda p=p, t=t: p.post(f"/lecon/{lesson.id}/terminer", {}, token=t)
         for p, t in zip(people, tokens, strict=True)])]
    assert statuses == [302] * len(people), statuses
    learners = [account_id(site, f"classe{n}@example.org") for n in range(8)]
    with site.app_context():
        done = LessonProgress.select().where(
            (LessonProgress.lesson == lesson.id) & LessonProgress.account_id.in_(learners)
            & LessonProgress.completed_at.is_null(False)).count()
        locked = [(job.func, job.last_error)
                  for job in JobRecord.select().where(JobRecord.last_error.contains("locked"))]
        recorded = JobRecord.select().where(JobRecord.func.contains("jobs_for_tests.record"))
        waiting = recorded.where(JobRecord.status.in_([PENDING, RUNNING])).count()
    assert done == len(people)
    assert locked == [], "no job failed because a learner was writing:\n" + "\n".join(e for _, e in locked)
    assert waiting <= 2, "the job thread kept up: only the rounds enqueued last may still wait"


def test_the_payment_webhook_delivered_many_times_at_once_pays_once(site, busy_jobs):
    number = learner_invoice(site)
    body = webhook_for(site, number, "evt_a")
    again_under_another_id = body.replace(b'"evt_a"', b'"evt_b"')
    with site.app_context():
        secret = signature.webhook_secret()
    deliveries = [body] * 5 + [again_under_another_id] * 3

    def deliver(raw: bytes):
        return requests.post(site.base + "/paiements/webhook", data=raw, timeout=60, headers={
            signature.HEADER: signature.sign(raw, secret), "Content-Type": "application/json"})

    statuses = [r.status_code for r in fire([lambda raw=raw: deliver(raw) for raw in deliveries])]
    assert all(status < 500 for status in statuses), statuses
    assert statuses.count(200) == 2, "each event id is applied once"
    with site.app_context():
        [paid] = Payment.select().where(Payment.invoice_number == number)
        assert Invoice.get(Invoice.number == number).paid_cents == paid.amount_cents, "its paid total, once"


def test_two_trainers_answering_one_question_at_once_post_one_answer(site, busy_jobs):
    with site.app_context():
        spring = TrainingSession.get(TrainingSession.title == "Session A")
        SessionTrainer.create(session=spring, account_id=account_id_for_email("formateur2@petale.test"))
        thread = Thread.get(Thread.title == "Combien de variétés dans un petit bouquet rond ?")
    trainers = []
    for email in ("formatrice@petale.test", "formateur2@petale.test"):
        visitor = Visitor(site.base)
        assert visitor.login(email, "petale-demo").status_code == 302
        trainers.append((visitor, visitor.token("/formateur")))
    calls = [lambda v=v, t=t, n=n: v.post(f"/formateur/questions/{thread.id}/reponse",
                                          {f"q{thread.id}-body": f"Réponse {n}"}, token=t,
                                          headers={"HX-Request": "true"})
             for n, (v, t) in enumerate(trainers * 4)]
    statuses = sorted(response.status_code for response in fire(calls))
    assert statuses == [200] + [409] * 7, statuses
    with site.app_context():
        assert Post.select().where((Post.thread == thread.id) & (Post.by_trainer == True)).count() == 1  # noqa: E712
