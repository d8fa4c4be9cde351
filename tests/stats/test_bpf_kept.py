"""The BPF of an open year is counted once and shown again while nothing it counts was written (its stamp, one
statement) and for BPF_FRESH_SECONDS at most: a second view does not recount the year, an invoice or an
enrolment written between two views is counted at the second, the hours learners add appear once the kept
figures are older than BPF_FRESH_SECONDS, and a closed year is read from its facts, never kept."""
from __future__ import annotations

import time
from datetime import date, datetime
from html import unescape

from portal import recount
from portal.accounts.models import Account
from portal.invoicing import service as invoicing
from portal.learning.models import Enrollment, Lesson, TimeOnTask, TrainingSession
from portal.stats import snapshot
from portal.vault.service import Party
from tests.support.bpf_cohort import YEAR, cohort
from tests.support.learning_fixtures import signed_in
from tests.support.querycount import count_queries

PAGE = f"/gestion/statistiques?annee={YEAR}"


def view(app, client) -> tuple[str, list[str]]:
    with app.app_context(), count_queries() as statements:
        response = client.get(PAGE)
    assert response.status_code == 200
    return unescape(response.get_data(as_text=True)), list(statements)


def test_a_second_view_reads_the_kept_figures_and_counts_nothing_again(demo):
    cohort(demo, ["employee"] * 4)
    staff = signed_in(demo, "gestion@petale.test")
    first, counting = view(demo, staff)
    again, kept = view(demo, staff)
    assert again.split("<main")[1] == first.split("<main")[1]
    assert any("time_on_task" in sql for sql in counting)
    assert not any("time_on_task" in sql for sql in kept), "the year's days of work are not read again"
    assert len(kept) < len(counting), (len(kept), len(counting))
    assert "chiffres comptés le" in again


def test_an_invoice_or_an_enrolment_written_between_two_views_is_counted_at_the_second(demo):
    cohort(demo, ["employee"] * 4)
    staff = signed_in(demo, "gestion@petale.test")
    before, _ = view(demo, staff)
    assert "890,00" in before
    with demo.app_context():
        enrollment = Enrollment.select().join(TrainingSession).where(TrainingSession.title == "Session 2031").first()
        invoicing.set_shares(enrollment.id, {"employer": 89000})
        other = Enrollment.select().join(TrainingSession).where(
            (TrainingSession.title == "Session 2031") & (Enrollment.id != enrollment.id)).first()
        invoicing.issue_invoice(other.id, "employer", Party("Maison Florale", "Lyon"), None, today=date(YEAR, 3, 1))
    after, _ = view(demo, staff)
    assert "1 780,00" in after.replace("\u202f", " ").replace("\xa0", " "), "the second invoice, counted at once"
    with demo.app_context():
        session = TrainingSession.get(TrainingSession.title == "Session 2031")
        newcomer = Account.create(display_name="Nouvelle", role="learner", confirmed_at=datetime(YEAR, 1, 1))
        Enrollment.create(account_id=newcomer.id, session=session, funding="cpf")
        # Her hour of the year, written with the enrolment: a trainee is one who was trained in the year.
        lesson = TimeOnTask.select().join(Lesson).first().lesson
        TimeOnTask.create(account_id=newcomer.id, lesson=lesson, day=date(YEAR, 3, 1), seconds=3600)
    enrolled, _ = view(demo, staff)
    with demo.app_context():
        assert snapshot.counted(YEAR).report.cell("F-1", "total").trainees == 5
    assert enrolled != after


def test_hours_added_appear_once_the_kept_figures_are_older_than_bpf_fresh_seconds(demo, monkeypatch):
    cohort(demo, ["employee"] * 4)
    staff = signed_in(demo, "gestion@petale.test")
    view(demo, staff)
    with demo.app_context():
        account = Account.get(Account.display_name == "Stagiaire 0")
        TimeOnTask.update(seconds=TimeOnTask.seconds + 7200).where(TimeOnTask.account_id == account.id).execute()
        assert snapshot.counted(YEAR).report.cell("F-1", "total").seconds == 4 * 3600, "kept: a heartbeat's seconds"
    later = time.monotonic() + demo.config["BPF_FRESH_SECONDS"] + 1
    monkeypatch.setattr(recount.time, "monotonic", lambda: later)
    with demo.app_context():
        assert snapshot.counted(YEAR).report.cell("F-1", "total").seconds == 6 * 3600


def test_a_closed_year_is_read_from_its_facts_and_never_kept(demo):
    from portal.stats.bpf import close_years

    cohort(demo, ["employee"] * 3)
    with demo.app_context():
        close_years(date(YEAR + 1, 1, 10))
        found = snapshot.counted(YEAR)
        assert found.counted_at is None and YEAR not in demo.extensions.get("petale_kept_bpf", {})
        assert found.report.cell("F-1", "total").trainees == 3
    page, _ = view(demo, signed_in(demo, "gestion@petale.test"))
    assert "chiffres comptés le" not in page
