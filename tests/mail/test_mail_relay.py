"""The outgoing relay, as a mail server sees it (RFC 5321 §4.5.4.1): a relay down, timing out or answering
4xx keeps the mail, retried at a capped interval for days (MAIL_RETRY_SECONDS), never given up after five
attempts in seven and a half minutes; a 5xx about the message fails it at once, with the reason in
words; staff see on their home the mails waiting for the relay, and since when. With an aiosmtpd relay of
the test's own; timings scaled through the configuration, or the runner's clock moved on."""
from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta
from html import unescape

from aiosmtpd.controller import Controller

from jobs.schedule import PERIODIC
from portal import db, mail
from portal.jobs.inprocess import InProcessRunner
from portal.jobs.models import DONE, FAILED, PENDING, RUNNING, JobRecord, PeriodicRun
from portal.jobs.runner import execute
from portal.signin.service import Signup, create_confirmed_account
from portal.timeutil import utcnow
from tests.support.environment import free_port
from tests.support.helpers import login, run_jobs

PASSWORD = "un-mot-de-passe-solide"
DELIVER = "portal.mail.deliver"


class Relay:
    """Collects what it accepts; answers RCPT for some addresses as told (4xx, 5xx)."""

    def __init__(self, replies: dict[str, str] | None = None) -> None:
        self.replies = replies or {}
        self.received: list[str] = []  # one recipient per mail accepted

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd hook)
        if address in self.replies:
            return self.replies[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.received.extend(envelope.rcpt_tos)
        return "250 OK"


def person(n: int | str, role: str = "learner"):
    return create_confirmed_account(Signup(f"Personne {n}", f"personne{n}@example.org", "+33612345678", f"P{n}",
                                           PASSWORD), role)


def mail_to(people) -> None:
    with db.atomic():
        for account in people:
            mail.send(account.id, "password_changed", reset_url="http://petale.test/mot-de-passe")


def mail_jobs() -> list[JobRecord]:
    return list(JobRecord.select().where(JobRecord.func == DELIVER).order_by(JobRecord.id))


def staff_home(app) -> str:
    client = app.test_client()
    assert login(client, "personnegestion@example.org", PASSWORD).status_code == 302
    return unescape(client.get("/gestion").get_data(as_text=True))


def test_a_relay_down_longer_than_five_attempts_then_up_delivers_every_mail_exactly_once(make_app):
    port = free_port()
    backoff = 0.05
    app = make_app(MAIL_URL=f"smtp://127.0.0.1:{port}", JOB_BACKOFF_SECONDS=backoff, JOB_MAX_ATTEMPTS=5,
                   MAIL_RETRY_SECONDS=600, MAIL_RETRY_MAX_INTERVAL_SECONDS=0.3)
    old_window = backoff * (1 + 2 + 4 + 8)  # what five attempts used to cover: 7.5 min with the defaults
    with app.app_context():
        people = [person(n) for n in range(5)]
        person("gestion", "staff")
        # The periodic jobs (backups, sweeps, reminders) ran just now: only the mails are due.
        PeriodicRun.insert_many([{"name": p.name, "last_enqueued_at": utcnow()} for p in PERIODIC]).execute()
        mail_to(people)
    runner = InProcessRunner(app, poll_seconds=0.02)
    runner.start()
    relay = Relay()
    controller = Controller(relay, hostname="127.0.0.1", port=port)
    try:
        down_since = time.monotonic()
        with app.app_context():
            while time.monotonic() - down_since < 2 * old_window or min(j.attempts for j in mail_jobs()) <= 5:
                assert {job.status for job in mail_jobs()} <= {PENDING, RUNNING}, "a mail was given up"
                assert time.monotonic() - down_since < 60, [(j.status, j.attempts) for j in mail_jobs()]
                time.sleep(0.05)
        page = staff_home(app)
        assert "5 courriels attendent le relais de courrier depuis le" in page
        assert "Dernière réponse : Relais de courrier injoignable (ConnectionRefusedError" in page

        controller.start()  # the relay is back
        with app.app_context():
            while {job.status for job in mail_jobs()} != {DONE}:
                assert time.monotonic() - down_since < 60, [(j.status, j.attempts) for j in mail_jobs()]
                time.sleep(0.05)
        time.sleep(10 * 0.02)  # a few more rounds of the runner: nothing is sent again
    finally:
        runner.stop()
        runner.join(timeout=10)
        if controller.loop.is_running():
            controller.stop()
    assert Counter(relay.received) == {f"personne{n}@example.org": 1 for n in range(5)}
    assert "attendent le relais" not in staff_home(app)


def test_a_4xx_reply_keeps_the_mail_and_a_5xx_fails_it_at_once_with_the_reason_in_words(make_app):
    relay = Relay({"personnelater@example.org": "451 4.3.0 Mailbox busy, try again later",
                   "personneunknown@example.org": "550 5.1.1 <personneunknown@example.org>: user unknown"})
    controller = Controller(relay, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        app = make_app(MAIL_URL=f"smtp://127.0.0.1:{controller.port}")
        with app.app_context():
            person("gestion", "staff")
            mail_to([person("later"), person("unknown"), person("ok")])
        run_jobs(app)
    finally:
        controller.stop()
    assert relay.received == ["personneok@example.org"]
    with app.app_context():
        later, unknown, ok = mail_jobs()
        assert ok.status == DONE
        assert later.status == PENDING and "451" in later.last_error and "sera renvoyé" in later.last_error
        assert unknown.status == FAILED and unknown.attempts == 1
        assert unknown.last_error.startswith("Relais de courrier : ce courriel a été refusé définitivement")
        assert "550" in unknown.last_error and "user unknown" in unknown.last_error
        assert "personneunknown@example.org" not in unknown.last_error, "the outbox keeps no address"
    page = staff_home(app)
    assert "1 courriel attend le relais de courrier depuis le" in page and "Mailbox busy" in page


def test_mail_is_retried_for_five_days_at_most_half_an_hour_apart_then_reported(make_app):
    """The defaults, on the runner's clock: no sleeping through five days."""
    app = make_app(MAIL_URL=f"smtp://127.0.0.1:{free_port()}")  # nobody listens there
    with app.app_context():
        mail_to([person(1)])
        [job] = mail_jobs()
        queued, now, intervals = job.created_at, utcnow(), []
        while now - queued < timedelta(days=5):
            assert execute(job.id, backoff_seconds=app.config["JOB_BACKOFF_SECONDS"], now=now) == PENDING
            job = JobRecord.get_by_id(job.id)
            intervals.append(job.run_after - now)
            now = job.run_after
        assert intervals[:3] == [timedelta(seconds=30), timedelta(seconds=60), timedelta(seconds=120)]
        assert max(intervals) == timedelta(minutes=30) and intervals[-1] == timedelta(minutes=30)
        assert len(intervals) > 200, "tried all along, far beyond JOB_MAX_ATTEMPTS"
        assert execute(job.id, backoff_seconds=app.config["JOB_BACKOFF_SECONDS"], now=now) == FAILED
        job = JobRecord.get_by_id(job.id)
        assert job.last_error.startswith(f"Abandonnée après {len(intervals) + 1} essais, le délai de reprise écoulé.")
        assert "ConnectionRefusedError" in job.last_error


def test_a_job_that_fails_for_a_bug_still_stops_after_its_attempts_even_a_mail(make_app):
    """Only the relay's passing failures are exempt: an ordinary failure counts, as before."""
    app = make_app(JOB_BACKOFF_SECONDS=0)
    with app.app_context():
        account = person(2)
        with db.atomic():
            mail.send(account.id, "no_such_template")
        for _ in range(5):
            run_jobs(app)
        [job] = mail_jobs()
        assert job.status == FAILED and job.attempts == 5
