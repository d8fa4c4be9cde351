"""Deleting an account: content erased at once, legal records archived, no trace left in any file."""
from __future__ import annotations

import json
import logging
import re
import sqlite3
from email.header import decode_header, make_header
from html import unescape
from pathlib import Path

from portal.accounts.models import Account
from portal.archive.models import ArchivedRecord
from portal.db import close_zones
from portal.forum.models import Post
from portal.forum.threads import ERASED
from portal.learning.models import Enrollment, LearningEvent, TrainingSession
from portal.privacy.models import DataRequest
from tests.support.busy_learner import PERSON, TRACES, a_busy_learner, delete, her_farewell, post
from tests.support.helpers import login, run_jobs, submit


def test_deletion_needs_the_password_and_the_confirmation(make_app):
    app = make_app()
    client = a_busy_learner(app)
    wrong = post(client, "/mes-donnees/suppression", {"password": "pas-le-bon", "understood": "y"},
                 "/mes-donnees/suppression")
    assert wrong.status_code == 401 and "le compte n&#39;a pas été supprimé" in wrong.get_data(as_text=True)
    unticked = post(client, "/mes-donnees/suppression", {"password": PERSON["password"]}, "/mes-donnees/suppression")
    assert unticked.status_code == 422 and "Cochez la case pour confirmer." in unticked.get_data(as_text=True)
    with app.app_context():
        assert Account.get(Account.display_name == "Zéphyrine").status == "active"


def test_deletion_erases_content_archives_legal_records_and_ends_the_session(make_app):
    app = make_app()
    client = a_busy_learner(app)
    with app.app_context():
        account = Account.get(Account.display_name == "Zéphyrine")
    response = delete(client)
    assert response.status_code == 200 and "Votre compte est supprimé" in unescape(response.get_data(as_text=True))
    # The lessons her browser kept for the road, and anything queued, go too.
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    assert client.get("/mon-espace").status_code == 302
    assert login(app.test_client(), PERSON["email"], PERSON["password"]).status_code == 401
    with app.app_context():
        tombstone = Account.get_by_id(account.id)
        assert tombstone.status == "deleted" and tombstone.display_name == "Compte supprimé"
        assert not LearningEvent.select().where(LearningEvent.account_id == account.id).exists()
        assert not Enrollment.select().where(Enrollment.account_id == account.id).exists()
        assert [p.body for p in Post.select().where(Post.author_id == account.id)] == [ERASED]
        records = {r.kind: r for r in ArchivedRecord.select().where(ArchivedRecord.account_id == account.id)}
        assert set(records) == {"funding_proof", "attendance_proof"}
        attendance = json.loads(records["attendance_proof"].payload)
        assert attendance["holder"] == "Zéphyrine Quetzalcoatl" and attendance["funding"] == "cpf"
        session = TrainingSession.get(TrainingSession.title == "Session A")
        assert records["attendance_proof"].purge_after == session.ends_on.replace(year=session.ends_on.year + 5)
        assert records["funding_proof"].purge_after == session.ends_on.replace(year=session.ends_on.year + 10)
        erasure = DataRequest.get((DataRequest.account_id == account.id) & (DataRequest.kind == "erasure"))
        assert erasure.closed_at is not None


def test_no_trace_of_the_person_is_left_in_any_file(make_app, caplog):
    # Everything the application logs, at its most verbose (peewee's own SQL debug log is not
    # enabled by the application).
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="petale")
    app = make_app()
    client = a_busy_learner(app)
    instance = Path(app.instance_path)
    # A long-running server keeps connections open (other threads, workers): SQLite then keeps
    # its WAL file, and erased rows with it, unless the erasure checkpoints it.
    others = [sqlite3.connect(instance / f"{zone}.db") for zone in ("main", "vault")
              if app.config["DATABASE_URL"].startswith("sqlite")]
    for other in others:
        other.execute("SELECT count(*) FROM sqlite_master").fetchone()
    delete(client)
    run_jobs(app)
    close_zones()
    leftovers, farewells = [], []
    for path in sorted(instance.rglob("*")):
        if not path.is_file() or path.name.startswith("archive.db"):
            continue  # the archive keeps the legal records, with the name as issued
        if her_farewell(path):
            farewells.append(path)  # the mail sent to her: with no relay, the outbox is where mail goes
            continue
        data = path.read_bytes()
        for trace in TRACES:
            if trace.encode() in data or trace.encode("utf-16-le") in data:
                leftovers.append(f"{path.name}: {trace}")
    assert leftovers == []
    assert len(farewells) == 1, "her farewell is in the outbox, not cleared with the mails to her"
    for other in others:
        other.close()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert not any(trace in logged for trace in TRACES)


def test_a_farewell_mail_goes_out_before_the_address_is_erased(make_app, smtp_server):
    controller, handler = smtp_server
    app = make_app(MAIL_URL=f"smtp://127.0.0.1:{controller.port}")
    client = a_busy_learner_smtp(app, handler)
    handler.messages.clear()
    delete(client)
    [farewell] = handler.messages
    assert "zephyrine.quetzalcoatl@example.org" in farewell["To"]
    assert "Votre compte P" in str(make_header(decode_header(farewell["Subject"])))


def a_busy_learner_smtp(app, handler):
    from portal.demo.seed import seed

    with app.app_context():
        seed()
    client = app.test_client()
    submit(client, "/inscription", PERSON)
    run_jobs(app)
    body = handler.messages[-1].get_payload()[0].get_payload(decode=True).decode()
    confirm = re.search(r"http://petale\.test(/confirmer/\S+)", body).group(1)
    submit(client, confirm, {})
    login(client, PERSON["email"], PERSON["password"])
    return client



class Refusing:
    """An SMTP server that refuses one recipient the way real ones do: quoting the address back."""

    def __init__(self) -> None:
        self.refused: set[str] = set()
        self.messages: list = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd hook)
        if address in self.refused:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd hook)
        self.messages.append(envelope.content)
        return "250 OK"


def test_a_refused_address_is_kept_neither_in_the_job_outbox_nor_in_the_logs(make_app, caplog):
    """A mail the server refused, its job failed for good, then the account deleted: staff saw the
    error without the address, and nothing of the person is left in any file or log line."""
    from aiosmtpd.controller import Controller

    from portal.jobs.models import FAILED, JobRecord
    from tests.support.environment import free_port

    caplog.set_level(logging.DEBUG, logger="petale")
    handler = Refusing()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        app = make_app(MAIL_URL=f"smtp://127.0.0.1:{controller.port}", JOB_MAX_ATTEMPTS=1)
        client = a_busy_learner_raw(app, handler)
        handler.refused.add(PERSON["email"])
        with app.app_context():
            account = Account.get(Account.display_name == "Zéphyrine")
            from portal.mail import send

            send(account.id, "restriction_lifted", reason="essai")
        run_jobs(app)
        with app.app_context():
            [failed] = JobRecord.select().where(JobRecord.status == FAILED)
            # A permanent refusal fails at once, said in words, the address replaced.
            assert "refusé définitivement" in failed.last_error and "[adresse]" in failed.last_error
            assert not any(trace in failed.last_error for trace in TRACES)
        delete(client)  # the farewell is refused too: the erasure goes on, and logs no address
        run_jobs(app)
    finally:
        controller.stop()
    close_zones()
    with app.app_context():
        assert Account.get_by_id(account.id).status == "deleted"
    for path in Path(app.instance_path).rglob("*"):
        if path.is_file() and not path.name.startswith("archive.db"):
            assert not any(trace.encode() in path.read_bytes() for trace in TRACES), path.name
    logged = "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
    assert "farewell mail for a deleted account could not be sent" in logged
    assert not any(trace in logged for trace in TRACES)


def a_busy_learner_raw(app, handler):
    """Signed up and confirmed through the raw-envelope SMTP handler."""
    from email import message_from_bytes
    from email.policy import default

    from portal.demo.seed import seed

    with app.app_context():
        seed()
    client = app.test_client()
    submit(client, "/inscription", PERSON)
    run_jobs(app)
    message = message_from_bytes(handler.messages[-1], policy=default)
    body = message.get_body(preferencelist=("plain",)).get_content()
    submit(client, re.search(r"http://petale\.test(/confirmer/\S+)", body).group(1), {})
    login(client, PERSON["email"], PERSON["password"])
    return client
