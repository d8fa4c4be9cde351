"""The legal clocks for accounts that stay active: a training's proofs leave the operational database when
it ends, invoices when their fiscal year closes; the person still reads them, through an audited path;
staff, trainer and dpo logins follow the inactivity rule."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from html import unescape

from portal.accounts.models import Account
from portal.archive.models import ArchivedRecord
from portal.funding import service as funding
from portal.funding.models import FundingFile
from portal.invoicing import received
from portal.invoicing import service as invoicing
from portal.invoicing.models import Invoice
from portal.learning.models import Enrollment, TimeOnTask, TrainingSession
from portal.retention import sweep
from portal.vault import service as vault
from portal.vault.models import AuditEntry, InvoiceParty, Payment
from portal.vault.service import Party
from tests.support.helpers import csrf_token, login, outbox, pdf_text, run_jobs
from tests.support.invoices import HOME
from tests.support.learning_fixtures import signed_in

EMPLOYER = Party("Fleurs du Marais SARL", "3 rue du Temple, 75004 Paris", "404833048")


def antoine(app) -> Account:
    with app.app_context():
        return Account.get(Account.display_name == "Antoine")


def ended_training_with_a_file(app, status_path: tuple[str, ...]) -> tuple[int, date]:
    """Antoine's enrolment, its session ended, its funding file moved along status_path."""
    staff_id = vault.account_id_for_email("gestion@petale.test")
    with app.app_context():
        enrollment = Enrollment.get(Enrollment.account_id == antoine(app).id)
        file = funding.open_file(enrollment.id, staff_id)
        funding.save_details(file, funding.FileDetails("opco", "OPCO EP", "EP-2026-0042", "employee", ""))
        funding.add_document(file, "agreement", "signée le 12/11, classée GED n° 481", staff_id)
        for status in status_path:
            funding.move(FundingFile.get_by_id(file.id), status, staff_id,
                         "Réglé par l'OPCO hors du portail" if status == "paid" else "")
        session = TrainingSession.get_by_id(enrollment.session_id)
        return enrollment.id, session.ends_on


def test_a_finished_training_s_proofs_move_to_the_archive_and_she_still_reads_them(demo):
    with demo.app_context():
        enrollment_id, ends_on = ended_training_with_a_file(demo, ("submitted", "accepted", "paid"))
        assert sweep.sweep(ends_on).trainings_moved == 0, "the last day of the training is still the training"
        report = sweep.sweep(ends_on + timedelta(days=1))
        assert report.trainings_moved == 1
        assert not FundingFile.select().where(FundingFile.enrollment == enrollment_id).exists()
        records = {r.kind: r for r in ArchivedRecord.select().where(ArchivedRecord.account_id == antoine(demo).id)}
        assert set(records) == {"attendance_proof", "funding_proof"}
        assert records["attendance_proof"].purge_after == ends_on.replace(year=ends_on.year + 5)
        assert records["funding_proof"].purge_after == ends_on.replace(year=ends_on.year + 10)
        assert '"holder": "Antoine Apprenant"' in records["funding_proof"].payload
        assert sweep.sweep(ends_on + timedelta(days=2)).trainings_moved == 0, "moved once"
        audited = AuditEntry.select().count()
    learner = signed_in(demo, "apprenant@petale.test")
    page = unescape(learner.get("/mes-pieces-archivees").get_data(as_text=True))
    assert "Justificatifs de présence" in page and "Contrats et dossiers de financement" in page
    assert "payé" in page and "Convention ou contrat (signée le 12/11, classée GED n° 481)" in page
    assert "paid" not in page and "agreement" not in page
    with demo.app_context():
        [entry] = AuditEntry.select().where(AuditEntry.id > 0).order_by(AuditEntry.id.desc()).limit(1)
        assert AuditEntry.select().count() == audited + 1
        assert entry.workflow == "consultation de ses pièces archivées" and entry.subject_id == entry.actor_id
    other = signed_in(demo, "apprenante2@petale.test")
    assert "Aucune pièce" in unescape(other.get("/mes-pieces-archivees").get_data(as_text=True))


def test_a_funding_file_still_being_processed_follows_the_contracts_clock_all_the_same(demo):
    """Neither paid nor refused when the training ends: archived then, as it stands, and gone from the
    working database (the funder's payment is followed on its invoice), not kept there indefinitely."""
    with demo.app_context():
        enrollment_id, ends_on = ended_training_with_a_file(demo, ("submitted",))
        sweep.sweep(ends_on + timedelta(days=1))
        assert not FundingFile.select().where(FundingFile.enrollment == enrollment_id).exists()
        assert Enrollment.get_by_id(enrollment_id).records_archived_on == ends_on + timedelta(days=1)
        [kept] = ArchivedRecord.select().where((ArchivedRecord.kind == "funding_proof")
                                               & (ArchivedRecord.reference == f"funding_proof-{enrollment_id}"))
        assert json.loads(kept.payload)["status"] == "submitted"
        assert kept.purge_after == ends_on.replace(year=ends_on.year + 10)


def test_invoices_move_when_their_fiscal_year_closes_unless_they_are_still_to_be_paid(demo):
    with demo.app_context():
        enrollment_id = Enrollment.get(Enrollment.account_id == antoine(demo).id).id
        # Instalments of 100 € each, well within the price; the employer's is paid by transfer.
        part = [invoicing.Line("Module", 1, 10000)]
        paid = invoicing.issue_invoice(enrollment_id, "learner", HOME, None, today=date(2026, 3, 2), lines=part)
        unpaid = invoicing.issue_invoice(enrollment_id, "learner", HOME, None, today=date(2026, 4, 2), another=True,
                                         lines=part)
        employer = invoicing.issue_invoice(enrollment_id, "employer", EMPLOYER, None, today=date(2026, 5, 2),
                                           lines=part)
        cancelled = invoicing.issue_invoice(enrollment_id, "learner", HOME, None, today=date(2026, 12, 1), another=True,
                                            lines=part)
        credit = invoicing.issue_credit_note(cancelled.number, "Erreur de montant", None, today=date(2027, 1, 5))
        received.receive(paid.number, antoine(demo).id, paid.total_cents, "pay_1", datetime(2026, 3, 3), "4242")
        received.receive(employer.number, antoine(demo).id, employer.total_cents, "vir_1", datetime(2026, 6, 1), "",
                             method="transfer", reference="VIR FLEURS DU MARAIS")
        report = sweep.sweep(date(2027, 1, 10))
        remaining = {i.number for i in Invoice.select()}
        assert remaining == {unpaid.number, cancelled.number, credit.number}
        assert report.invoices_moved == 2
        assert not InvoiceParty.select().where(InvoiceParty.number.in_([paid.number, employer.number])).exists()
        assert not Payment.select().where(Payment.invoice_number == paid.number).exists()
        archived = {r.reference: r for r in ArchivedRecord.select().where(ArchivedRecord.kind == "invoice")}
        assert set(archived) == {paid.number, employer.number}
        assert archived[paid.number].purge_after == date(2036, 12, 31)
        assert '"card_last4": "4242"' in archived[paid.number].payload
        # The pair cancelled across two years moves once both years are closed.
        assert sweep.sweep(date(2028, 1, 3)).invoices_moved == 2
        assert {i.number for i in Invoice.select()} == {unpaid.number}
        # Numbering goes on from where it was: no number is given twice.
        again = invoicing.issue_invoice(enrollment_id, "learner", HOME, None, today=date(2026, 12, 30), another=True,
                                        lines=part)
        assert again.seq == 5
        assert invoicing.plan(enrollment_id).billed_cents == 40000, "what moved still counts: 3 moved, 1 open"
    learner = signed_in(demo, "apprenant@petale.test")
    assert "mes pièces archivées" in learner.get("/mes-factures").get_data(as_text=True)
    page = unescape(learner.get("/mes-pieces-archivees").get_data(as_text=True))
    assert paid.number in page and employer.number in page and "•••• 4242" in page and "(avoir)" in page
    document = learner.get(f"/mes-pieces-archivees/factures/{paid.number}.pdf")
    assert document.status_code == 200 and paid.number in pdf_text(document.data)
    # Addressed to the employer, not to her; and never another person's.
    assert learner.get(f"/mes-pieces-archivees/factures/{employer.number}.pdf").status_code == 404
    assert signed_in(demo, "apprenante2@petale.test").get(
        f"/mes-pieces-archivees/factures/{paid.number}.pdf").status_code == 404


def test_an_idle_trainer_is_warned_then_loses_the_login_but_not_her_work(demo):
    from portal.forum.models import Post
    from portal.vault.service import account_id_for_email

    with demo.app_context():
        Account.update(last_login_at=datetime(2027, 11, 20)).execute()
        trainer_id = account_id_for_email("formatrice@petale.test")
        Account.update(last_login_at=datetime(2026, 10, 1)).where(Account.id == trainer_id).execute()
        answers = Post.select().where(Post.author_id == trainer_id).count()
        assert sweep.sweep(date(2027, 12, 1)).warned == 1
    run_jobs(demo)
    [warning] = [m for m in outbox(demo) if m["Subject"] == "Votre accès à Pétale va être fermé"]
    assert "reste conservé" in warning.get_body(preferencelist=("plain",)).get_content()
    with demo.app_context():
        report = sweep.sweep(date(2028, 2, 1))
        assert report.deactivated == 1 and report.archived == 0
        account = Account.get_by_id(trainer_id)
        assert account.status == "deactivated"
        assert Post.select().where(Post.author_id == trainer_id).count() == answers
        assert vault.own_identity(trainer_id) is not None, "her name stays on what she did"
    from portal.demo.seed import DEMO_PASSWORD

    assert login(demo.test_client(), "formatrice@petale.test", DEMO_PASSWORD).status_code == 401
    runner = demo.test_cli_runner()
    result = runner.invoke(args=["retention", "reactivate", "formatrice@petale.test"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["retention", "reactivate", "personne@petale.test"]).exit_code != 0
    with demo.app_context():
        assert Account.get_by_id(trainer_id).status == "active"
    run_jobs(demo)
    assert any("/mot-de-passe/nouveau/" in m.get_body(preferencelist=("plain",)).get_content() for m in outbox(demo))


def test_the_bpf_of_a_closed_year_counts_what_moved_to_the_archive(demo):
    """The BPF of year N is prepared in N+1, after its invoices and settled funding files have moved."""
    from portal.stats import bpf

    with demo.app_context():
        enrollment_id, ends_on = ended_training_with_a_file(demo, ("submitted", "accepted", "paid"))
        year = ends_on.year
        # He followed it in that year too (a trainee with no time in a year is not counted in its BPF).
        lesson = TimeOnTask.select().where(TimeOnTask.account_id == antoine(demo).id).first().lesson
        TimeOnTask.create(account_id=antoine(demo).id, lesson=lesson, day=date(year, 1, 5), seconds=3600)
        invoice = invoicing.issue_invoice(enrollment_id, "employer", EMPLOYER, None, today=date(year, 5, 2))
        received.receive(invoice.number, antoine(demo).id, invoice.total_cents, "vir_1", datetime(year, 6, 1), "",
                             method="transfer", reference="VIR FLEURS DU MARAIS")
        before = bpf.report(year)
        assert sweep.sweep(date(year + 1, 1, 10)).invoices_moved == 1
        assert not FundingFile.select().where(FundingFile.enrollment == enrollment_id).exists()
        after = bpf.report(year)
        assert after.income == before.income and after.income
        assert {(c.frame, c.code): c.trainees for c in after.cells} == \
            {(c.frame, c.code): c.trainees for c in before.cells}
        assert after.cell("F-1", "total").trainees >= 1 and after.amount("1") == before.amount("1") > 0


def test_the_dpo_prints_an_archived_invoice_again_by_its_number_with_a_reason_in_the_log(demo):
    """An accountant asks for a closed year's invoice: staff are told the dpo keeps the archive; she finds it
    from her navigation, by number only, and the reading is written in the access log with its reason (never
    the person's name)."""
    with demo.app_context():
        enrollment_id = Enrollment.get(Enrollment.account_id == antoine(demo).id).id
        employer = invoicing.issue_invoice(enrollment_id, "employer", EMPLOYER, None, today=date(2026, 5, 2),
                                           lines=[invoicing.Line("Formation", 1, 50000)])
        received.receive(employer.number, antoine(demo).id, employer.total_cents, "vir_1", datetime(2026, 6, 1), "",
                             method="transfer", reference="VIR FLEURS DU MARAIS")
        open_one = invoicing.issue_invoice(enrollment_id, "learner", HOME, None, today=date(2027, 1, 12))
        assert sweep.sweep(date(2027, 1, 10)).invoices_moved == 1
        logged = AuditEntry.select().count()
    listing = unescape(signed_in(demo, "gestion@petale.test").get("/gestion/factures").get_data(as_text=True))
    assert employer.number not in listing and "demandez-la au délégué à la protection des données" in listing
    dpo = signed_in(demo, "dpo@petale.test")
    home = dpo.get("/dpo").get_data(as_text=True)
    assert 'href="/dpo/archives"' in home, "reachable from the dpo's navigation"
    form_page = dpo.get("/dpo/archives")
    assert form_page.status_code == 200 and "facture d'un exercice clos" in unescape(form_page.get_data(as_text=True))
    # The archive lists its documents by kind and year, and names no one.
    assert "Factures et avoirs" in unescape(form_page.get_data(as_text=True))
    listed = unescape(dpo.get("/dpo/archives", query_string={"type": "invoice"}).get_data(as_text=True))
    assert employer.number in listed and "Fleurs du Marais" not in listed and "Antoine" not in listed
    token = csrf_token(form_page.get_data(as_text=True))

    def ask(number: str, reason: str):
        response = dpo.post("/dpo/archives", data={"csrf_token": token, "number": number, "reason": reason})
        return response, "" if response.mimetype == "application/pdf" else unescape(response.get_data(as_text=True))

    response, page = ask(employer.number, "")
    assert response.status_code == 422 and "la raison est inscrite au journal" in page
    response, page = ask("2025-12", "contrôle fiscal")
    assert response.status_code == 422 and "FAC-2025-000042" in page
    response, page = ask(employer.number, "demande d'Antoine Apprenant")
    assert response.status_code == 422 and "ni le nom" in page
    response, page = ask(open_one.number, "contrôle fiscal")
    assert response.status_code == 404 and f"Aucune facture archivée ne porte le numéro {open_one.number}" in page
    with demo.app_context():
        assert AuditEntry.select().count() == logged, "nothing read, nothing logged"

    typed = employer.number.lower().replace("-0000", "-")  # "fac-2026-1": the zeros need not be typed
    response, _ = ask(typed, "contrôle fiscal 2026")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert employer.number in text and "Fleurs du Marais SARL" in text and "SIREN 404833048" in text
    with demo.app_context():
        [entry] = AuditEntry.select().order_by(AuditEntry.id)[logged:]
        assert entry.subject_id == antoine(demo).id and entry.reason == "contrôle fiscal 2026"
        assert "archive" in entry.fields and entry.action == "lecture" and entry.actor_role == "dpo"
    for other in ("gestion@petale.test", "apprenant@petale.test"):
        assert signed_in(demo, other).get("/dpo/archives").status_code == 403


def test_a_year_after_her_login_closed_a_trainers_identity_goes_and_her_work_stays_under_a_pseudonym(demo):
    from portal.forum.models import Post
    from portal.vault.service import account_id_for_email

    with demo.app_context():
        Account.update(last_login_at=datetime(2027, 11, 20)).execute()
        trainer_id = account_id_for_email("formatrice@petale.test")
        Account.update(last_login_at=datetime(2026, 10, 1)).where(Account.id == trainer_id).execute()
        answers = Post.select().where(Post.author_id == trainer_id).count()
        sweep.sweep(date(2027, 12, 1))
        assert sweep.sweep(date(2028, 2, 1)).deactivated == 1
        assert sweep.sweep(date(2029, 1, 25)).pseudonymised == 0, "not before a year"
        assert vault.own_identity(trainer_id) is not None
        assert sweep.sweep(date(2029, 2, 2)).pseudonymised == 1
        account = Account.get_by_id(trainer_id)
        assert account.status == "pseudonymised" and account.display_name.startswith("Ancien membre de l'équipe n° ")
        assert vault.own_identity(trainer_id) is None and account_id_for_email("formatrice@petale.test") is None
        assert Post.select().where(Post.author_id == trainer_id).count() == answers
        assert sweep.sweep(date(2029, 2, 3)).pseudonymised == 0
