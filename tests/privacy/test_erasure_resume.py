"""Crashes in the privacy machinery. An erasure killed half-way is finished later, not left half done:
the account is marked "erasing" with its request first; every step after can run again; the daily sweep
and `flask privacy resume` finish what a crash interrupted, without a second request in the register.
A sweep killed mid-run is closed as interrupted by the next."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from portal.accounts.models import DELETED, ERASING, Account
from portal.accounts.personal_data import DELETED_NAME
from portal.db import close_zones
from portal.learning.models import Enrollment
from portal.privacy import erasure
from portal.privacy.models import DataRequest
from portal.retention.models import RetentionRun
from portal.retention.sweep import daily_sweep, sweep
from portal.timeutil import utcnow
from portal.vault import service as vault
from portal.vault.models import Credential, Identity
from tests.support.busy_learner import PERSON, TRACES, a_busy_learner
from tests.support.helpers import run_jobs


class Killed(BaseException):
    """The process dies here (BaseException: nothing catches it on the way)."""


def erasure_killed_before_the_vault(app, monkeypatch, email: str) -> Account:
    with app.app_context():
        account = Account.get_by_id(vault.account_id_for_email(email))
        monkeypatch.setattr(erasure.vault, "erase_identity", lambda account_id: (_ for _ in ()).throw(Killed()))
        with pytest.raises(Killed):
            erasure.delete_account(account, notify=False)
        monkeypatch.undo()
        return Account.get_by_id(account.id)


def requests_of(account_id) -> list[DataRequest]:
    return list(DataRequest.select().where((DataRequest.account_id == account_id) & (DataRequest.kind == "erasure")))


def test_an_erasure_killed_between_the_zones_is_finished_by_resume(demo, monkeypatch):
    half = erasure_killed_before_the_vault(demo, monkeypatch, "apprenant@petale.test")
    with demo.app_context():
        # What the crash left: the account marked "erasing" with its request open; the capabilities'
        # erasures and the vault's run in one transaction of both zones, so both rolled back together.
        assert half.status == ERASING and half.display_name != DELETED_NAME
        assert Enrollment.select().where(Enrollment.account_id == half.id).exists()
        assert Identity.select().where(Identity.account_id == half.id).exists()
        assert Credential.select().where(Credential.account_id == half.id).exists()
        [open_request] = requests_of(half.id)
        assert open_request.closed_at is None
        assert erasure.resume_erasures() == 1
        assert not Identity.select().where(Identity.account_id == half.id).exists()
        assert not Credential.select().where(Credential.account_id == half.id).exists()
        assert Account.get_by_id(half.id).status == DELETED
        assert not Enrollment.select().where(Enrollment.account_id == half.id).exists()
        [closed] = requests_of(half.id)  # the same request, now closed: no second one
        assert closed.id == open_request.id and closed.closed_at is not None
        assert erasure.resume_erasures() == 0


def test_the_daily_sweep_and_the_command_finish_interrupted_erasures(demo, monkeypatch):
    first = erasure_killed_before_the_vault(demo, monkeypatch, "apprenant@petale.test")
    second = erasure_killed_before_the_vault(demo, monkeypatch, "apprenante2@petale.test")
    with demo.app_context():
        daily_sweep()
        assert Account.get_by_id(first.id).status == DELETED
        assert Account.get_by_id(second.id).status == DELETED
    result = demo.test_cli_runner().invoke(args=["privacy", "resume"])
    assert result.exit_code == 0 and "0 effacement(s)" in result.output


def test_asking_again_while_an_erasure_is_unfinished_opens_no_second_request(demo, monkeypatch):
    half = erasure_killed_before_the_vault(demo, monkeypatch, "apprenant@petale.test")
    with demo.app_context():
        erasure.delete_account(Account.get_by_id(half.id), notify=False)  # the person, or the dpo, asks again
        assert len(requests_of(half.id)) == 1 and Account.get_by_id(half.id).status == DELETED


def test_a_killed_sweeps_run_is_closed_as_interrupted_by_the_next(demo):
    with demo.app_context():
        killed = RetentionRun.create(as_of=date(2026, 12, 1), started_at=utcnow() - timedelta(hours=3))
        report = sweep(date(2026, 12, 1))  # the same day again: the killed run does not count as done
        assert report.as_of == date(2026, 12, 1)
        closed = RetentionRun.get_by_id(killed.id)
        assert closed.interrupted and closed.finished_at is not None
        assert RetentionRun.select().where(RetentionRun.finished_at.is_null()).count() == 0


def test_after_a_crash_between_the_zones_and_the_resume_no_file_holds_anything_of_the_person(make_app,
                                                                                          monkeypatch):
    """The raw files, as test_erasure reads them: the person's name, address and phone are nowhere
    (SQLite); on PostgreSQL the same rows are checked by SQL above. The register: one closed request."""
    app = make_app()
    a_busy_learner(app)
    with app.app_context():
        account = Account.get_by_id(vault.account_id_for_email(PERSON["email"]))
    half = erasure_killed_before_the_vault(app, monkeypatch, PERSON["email"])
    with app.app_context():
        assert half.status == ERASING
        assert erasure.resume_erasures() == 1
        [request] = requests_of(account.id)
        assert request.closed_at is not None
    run_jobs(app)
    close_zones()
    if not app.config["DATABASE_URL"].startswith("sqlite"):
        return
    leftovers = []
    for path in sorted(Path(app.instance_path).rglob("*")):
        if not path.is_file() or path.name.startswith("archive.db"):
            continue  # the archive keeps the legal records, with the name as issued
        data = path.read_bytes()
        leftovers += [f"{path.name}: {trace}" for trace in TRACES
                      if trace.encode() in data or trace.encode("utf-16-le") in data]
    assert leftovers == []
