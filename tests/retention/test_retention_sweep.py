"""The inactive-account lifecycle with --as-of dates: warning, keep-link, archiving, purge, drills."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from html import unescape

import pytest

from portal import mail
from portal.accounts.models import Account
from portal.archive.models import ArchivedRecord
from portal.jobs.models import JobRecord
from portal.retention import sweep
from portal.vault.models import Identity
from tests.support.helpers import link_in, login, outbox, run_jobs
from tests.support.retention import AS_OF, idle, recent_everyone_else


def warnings_sent(app):
    with app.app_context():
        return JobRecord.select().where(JobRecord.args.contains("inactive_warning")).count()


def test_a_year_without_login_brings_one_warning_with_a_keep_link(demo):
    recent_everyone_else(demo)
    idle(demo)
    with demo.app_context():
        report = sweep.sweep(AS_OF)
        assert report.warned == 1
        again = sweep.sweep(AS_OF)
        assert again.warned == 0 and again.archived == 0, "a second run changes nothing"
    assert warnings_sent(demo) == 1
    run_jobs(demo)
    [message] = [m for m in outbox(demo) if m["Subject"] == "Souhaitez-vous garder votre compte Pétale ?"]
    assert "31/01/2028" in message.get_body(preferencelist=("plain",)).get_content()
    keep = link_in(message, "/compte/garder/")
    anonymous = demo.test_client()
    assert "Je garde mon compte" in anonymous.get(keep).get_data(as_text=True)
    assert anonymous.post(keep).status_code == 200
    with demo.app_context():
        assert Account.get(Account.display_name == "Antoine").inactive_warned_at is None
    used = anonymous.post(keep)
    assert used.status_code == 400 and "déjà servi" in unescape(used.get_data(as_text=True))
    assert anonymous.post(keep[:-4] + "abcd").status_code == 400


def test_logging_in_answers_the_warning(demo):
    recent_everyone_else(demo)
    account_id = idle(demo)
    with demo.app_context():
        sweep.sweep(AS_OF)
    login(demo.test_client(), "apprenant@petale.test", "petale-demo")
    with demo.app_context():
        assert Account.get_by_id(account_id).inactive_warned_at is None


def test_two_months_without_answer_archive_the_account_and_purge_old_records(demo):
    recent_everyone_else(demo)
    account_id = idle(demo)
    with demo.app_context():
        sweep.sweep(AS_OF)
        assert sweep.sweep(AS_OF + timedelta(days=30)).archived == 0, "not before two months"
        ArchivedRecord.create(account_id=account_id, kind="invoice", reference="old-1", payload="{}",
                              purge_after=date(2028, 1, 1))
        report = sweep.sweep(AS_OF + timedelta(days=62))
        assert report.archived == 1 and report.purged == 1
        account = Account.get_by_id(account_id)
        assert account.status == "deleted"
        assert not Identity.select().where(Identity.account_id == account_id).exists()
        kinds = {r.kind for r in ArchivedRecord.select().where(ArchivedRecord.account_id == account_id)}
        assert kinds == {"funding_proof", "attendance_proof"}
        assert sweep.sweep(AS_OF + timedelta(days=62)).archived == 0


def test_a_date_before_the_last_sweep_is_refused(demo):
    with demo.app_context():
        sweep.sweep(AS_OF)
        with pytest.raises(sweep.SweepRefused, match="une date antérieure n'est pas possible"):
            sweep.sweep(AS_OF - timedelta(days=1))
    result = demo.test_cli_runner().invoke(args=["retention", "sweep", "--as-of", "2027-11-30"])
    assert result.exit_code == 1 and "une date antérieure n'est pas possible" in result.output
    ok = demo.test_cli_runner().invoke(args=["retention", "sweep", "--as-of", "2027-12-02"])
    assert ok.exit_code == 0 and "Balayage au 02/12/2027" in ok.output


def test_an_interrupted_sweep_resumes_without_sending_twice(demo, monkeypatch):
    from portal.signin.service import Signup, create_confirmed_account

    recent_everyone_else(demo)
    with demo.app_context():
        for n in range(5):
            account = create_confirmed_account(
                Signup(f"Dormeur {n}", f"dormeur{n}@example.org", "+33612345678", f"Dormeur {n}", "mot-de-passe-x1"),
                "learner")
            Account.update(last_login_at=datetime(2026, 1, 1)).where(Account.id == account.id).execute()
    monkeypatch.setattr(sweep, "BATCH", 2)
    real_send = mail.send_many
    calls = {"n": 0}

    def flaky_send(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("the machine stopped here")
        return real_send(*args, **kwargs)

    monkeypatch.setattr(mail, "send_many", flaky_send)
    with demo.app_context():
        with pytest.raises(RuntimeError):
            sweep.sweep(AS_OF)
        assert Account.select().where(Account.inactive_warned_at.is_null(False)).count() == 2
    monkeypatch.setattr(mail, "send_many", real_send)
    with demo.app_context():
        assert sweep.sweep(AS_OF).warned == 3
    assert warnings_sent(demo) == 5
