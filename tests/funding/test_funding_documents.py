"""A funding file's documents: the portal's own are linked by themselves; those from outside are uploaded,
checked by their content, kept in the vault zone's files, audited, and archived or erased with the rest."""
from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path

from fpdf import FPDF
from PIL import Image
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from portal.accounts.models import Account
from portal.archive.models import ArchivedRecord
from portal.contracts import service as contracts
from portal.funding.models import FundingDocument, FundingFile
from portal.invoicing import service as invoicing
from portal.learning.models import Enrollment, TrainingSession
from portal.retention import sweep
from portal.vault import service as vault
from portal.vault.models import AuditEntry
from tests.support.contracts import sign_contract
from tests.support.helpers import csrf_token, pdf_text, readable
from tests.support.invoices import HOME
from tests.support.learning_fixtures import signed_in

SIGNED = "Convention signée par Fleurs du Marais"


def a_pdf(text: str = SIGNED) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, text)
    return bytes(pdf.output())


def a_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 16, 46)).save(out, "PNG")
    return out.getvalue()


def antoine_file(app, staff) -> int:
    with app.app_context():
        antoine = Account.get(Account.display_name == "Antoine")
        enrollment = Enrollment.get(Enrollment.account_id == antoine.id)
    page = staff.get("/gestion/financements").get_data(as_text=True)
    opened = staff.post(f"/gestion/financements/ouvrir/{enrollment.id}", data={"csrf_token": csrf_token(page)})
    return int(opened.headers["Location"].rsplit("/", 1)[1])


def upload(staff, file_id: int, kind: str, content: bytes, name: str = "piece.pdf"):
    page = staff.get(f"/gestion/financements/{file_id}").get_data(as_text=True)
    # Encoded in memory: the test client would spool a large body to a temporary file it never closes.
    boundary, body = encode_multipart(MultiDict({"csrf_token": csrf_token(page), "kind": kind,
                                                 "document": FileStorage(io.BytesIO(content), name)}))
    return staff.post(f"/gestion/financements/{file_id}/fichiers", data=body,
                      content_type=f"multipart/form-data; boundary={boundary}")


def test_the_portal_s_own_documents_are_linked_not_missing(demo):
    staff = signed_in(demo, "gestion@petale.test")
    file_id = antoine_file(demo, staff)
    page = unescape(staff.get(f"/gestion/financements/{file_id}").get_data(as_text=True))
    row = page.split("Relevé de réalisation", 1)[1].split("</tr>", 1)[0]
    assert "produite par le portail" in row and "/releve.pdf" in row
    assert "/certificat-de-realisation.pdf" in page
    row = page.split("<td>Convocation</td>", 1)[1].split("</tr>", 1)[0]
    assert "produite par le portail" in row and "/convocation.pdf" in row, "the convocation is the portal's too"
    invoice_row = page.split("<td>Facture</td>", 1)[1].split("</tr>", 1)[0]
    assert "manquante" in invoice_row, "no invoice yet"
    with demo.app_context():
        from portal.invoicing import service as invoicing

        enrollment_id = FundingFile.get_by_id(file_id).enrollment_id
        number = invoicing.issue_invoice(enrollment_id, "learner", HOME, None).number
    page = unescape(staff.get(f"/gestion/financements/{file_id}").get_data(as_text=True))
    invoice_row = page.split("<td>Facture</td>", 1)[1].split("</tr>", 1)[0]
    assert f"/gestion/factures/{number}.pdf" in invoice_row and "produite par le portail" in invoice_row


def test_a_contract_she_signed_online_is_the_files_agreement_signed_with_its_pdf(demo):
    signed_at = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    contract = sign_contract(demo, signed_at)
    staff = signed_in(demo, "gestion@petale.test")
    page = staff.get("/gestion/financements").get_data(as_text=True)
    opened = staff.post(f"/gestion/financements/ouvrir/{contract.enrollment_id}", data={"csrf_token": csrf_token(page)})
    file_id = int(opened.headers["Location"].rsplit("/", 1)[1])
    page = readable(staff.get(f"/gestion/financements/{file_id}").get_data(as_text=True))
    row = page.split("<td>Convention ou contrat</td>", 1)[1].split("</tr>", 1)[0]
    assert "manquante" not in row
    assert "contrat signé en ligne le 20/11/2026" in row
    link = f"/gestion/inscriptions/{contract.enrollment_id}/contrat.pdf"
    assert link in row
    assert staff.get(link).mimetype == "application/pdf", "the link downloads the contract"
    with demo.app_context():
        contracts.withdraw(contract.account_id, contract.id, signed_at + timedelta(days=2))
    page = readable(staff.get(f"/gestion/financements/{file_id}").get_data(as_text=True))
    row = page.split("<td>Convention ou contrat</td>", 1)[1].split("</tr>", 1)[0]
    assert "rétracté le 22/11/2026" in row, "signed, then withdrawn: said so"


def test_an_uploaded_pdf_is_kept_in_the_vault_files_and_each_opening_is_audited(demo):
    staff = signed_in(demo, "gestion@petale.test")
    file_id = antoine_file(demo, staff)
    with demo.app_context():
        before = AuditEntry.select().count()
    signed = a_pdf()  # made once: FPDF stamps its creation time, so two calls may differ by a second
    assert upload(staff, file_id, "agreement", signed).status_code == 302
    page = unescape(staff.get(f"/gestion/financements/{file_id}").get_data(as_text=True))
    assert "fichier joint" in page and "PDF" in page
    document = staff.get(f"/gestion/financements/{file_id}/fichiers/agreement")
    assert document.status_code == 200 and document.mimetype == "application/pdf" and document.data == signed
    assert "no-store" in document.headers["Cache-Control"]
    with demo.app_context():
        actions = [e.action for e in AuditEntry.select().where(AuditEntry.id > 0).order_by(AuditEntry.id)][before:]
        assert "depot" in actions and actions.count("lecture") >= 2  # the page's identity, then the file
        row = FundingDocument.get((FundingDocument.file == file_id) & (FundingDocument.kind == "agreement"))
        stored = Path(demo.config["VAULT_FILES_DIR"]) / row.stored
        assert stored.read_bytes() == signed and oct(stored.stat().st_mode)[-3:] == "600"
        assert not str(stored).startswith(str(Path(demo.root_path) / "static"))
    assert upload(staff, file_id, "agreement", a_png(), "scan.png").status_code == 302, "a new copy replaces it"
    with demo.app_context():
        assert not stored.exists(), "the replaced copy is gone"
    assert signed_in(demo, "formatrice@petale.test").get(
        f"/gestion/financements/{file_id}/fichiers/agreement").status_code == 403


def test_a_renamed_file_an_empty_one_or_a_too_large_one_is_refused_and_nothing_is_kept(demo):
    staff = signed_in(demo, "gestion@petale.test")
    file_id = antoine_file(demo, staff)
    folder = Path(demo.config["VAULT_FILES_DIR"])
    for content, name, message in (
        (b"MZ\x90\x00 not a pdf at all", "convention.pdf", "PDF, JPEG et PNG"),
        (b"%PDF-1.4 truncated", "convention.pdf", "PDF, JPEG et PNG"),
        (a_png()[:40], "scan.png", "PDF, JPEG et PNG"),
        (b"", "vide.pdf", "Le fichier est vide"),
        (a_pdf("x" * 10) + b"\0" * (1536 * 1024), "gros.pdf", "dépasse 1,5 Mo"),
    ):
        response = upload(staff, file_id, "agreement", content, name)
        assert response.status_code in (413, 422), name
        assert message in unescape(response.get_data(as_text=True)), name
    assert not folder.exists() or not list(folder.iterdir())
    with demo.app_context():
        assert not FundingDocument.select().where(FundingDocument.stored.is_null(False)).exists()


def test_the_copy_moves_to_the_archive_with_the_file_and_leaves_the_vault(demo):
    staff = signed_in(demo, "gestion@petale.test")
    file_id = antoine_file(demo, staff)
    upload(staff, file_id, "agreement", a_pdf())
    with demo.app_context():
        staff_id = Account.get(Account.role == "staff").id
        file = FundingFile.get_by_id(file_id)
        from portal.funding import service as funding

        funding.save_details(file, funding.FileDetails("opco", "OPCO EP", "EP-1", "employee", ""))
        for status in ("submitted", "refused"):
            funding.move(FundingFile.get_by_id(file_id), status, staff_id)
        ends_on = TrainingSession.get_by_id(file.enrollment.session_id).ends_on
        sweep.sweep(ends_on + timedelta(days=1))
        [copy] = ArchivedRecord.select().where(ArchivedRecord.kind == "contract")
        assert copy.reference.endswith("-agreement") and '"content_type": "application/pdf"' in copy.payload
    folder = Path(demo.config["VAULT_FILES_DIR"])
    assert not list(folder.iterdir()), "the vault's copy is gone once archived"


def test_erasure_archives_the_copy_and_removes_it_from_the_vault(demo):
    from portal.privacy.erasure import delete_account

    staff = signed_in(demo, "gestion@petale.test")
    file_id = antoine_file(demo, staff)
    upload(staff, file_id, "agreement", a_pdf())
    with demo.app_context():
        delete_account(Account.get(Account.display_name == "Antoine"), notify=False)
        assert ArchivedRecord.select().where(ArchivedRecord.kind == "contract").count() == 1
    assert not list(Path(demo.config["VAULT_FILES_DIR"]).iterdir())


def test_the_convention_and_the_programme_are_made_by_the_portal_from_the_file_course_session_payer_and_price(demo):
    """An OPCO pays 700 € of Antoine's 890 €, his employer the rest: the convention names the parties, the
    training, its programme, dates, duration, price and its split, payment terms, means and sanction."""
    staff = signed_in(demo, "gestion@petale.test")
    file_id = antoine_file(demo, staff)
    with demo.app_context():
        file = FundingFile.get_by_id(file_id)
        FundingFile.update(funder_type="opco", funder_name="OPCO EP", case_number="EP-2026-0042",
                           payer_address="9 rue de Vienne\n75008 Paris").where(FundingFile.id == file_id).execute()
        vault.set_funding_identity(Enrollment.get_by_id(file.enrollment_id).account_id, "employee",
                                   "Fleurs du Marais SARL")
        invoicing.set_shares(file.enrollment_id, {"funder": 70000, "learner": None})
    page = unescape(staff.get(f"/gestion/financements/{file_id}").get_data(as_text=True))
    for label, link in (("Convention ou contrat", f"/gestion/financements/{file_id}/convention.pdf"),
                        ("Programme", f"/gestion/financements/{file_id}/programme.pdf")):
        row = page.split(f"<td>{label}</td>", 1)[1].split("</tr>", 1)[0]
        assert "manquante" not in row and link in row and "produite par le portail" in row, label
    convention = staff.get(f"/gestion/financements/{file_id}/convention.pdf")
    assert convention.status_code == 200 and convention.mimetype == "application/pdf"
    words = " ".join(pdf_words(convention.data).split())
    for said in ("Convention de formation professionnelle", "L6353-1", "Déclaration d'activité enregistrée",
                 "Fleurs du Marais SARL", "Ci-après « le client »", "Financeur de l'action : OPCO (OPCO EP)",
                 "Antoine Apprenant (1 stagiaire)", "Art floral", "Objet et objectifs", "Programme", "Module 1",
                 "heures au total", "Session « Session A », du", "890,00 €", "financeur : 700,00 €",
                 "apprenant : 190,00 €", "EP-2026-0042", "dans les 30 jours", "Moyens pédagogiques et techniques",
                 "sanction de la formation", "Pour le client : nom, qualité, signature et cachet"):
        assert said in words, said
    programme = staff.get(f"/gestion/financements/{file_id}/programme.pdf")
    text = " ".join(pdf_words(programme.data).split())
    assert programme.status_code == 200 and "Programme de formation" in text and "Module 1" in text
    assert "Antoine" not in text, "the programme is the training's: no one's name"
    with demo.app_context():
        FundingFile.update(funder_type="self").where(FundingFile.id == file_id).execute()
    refused = staff.get(f"/gestion/financements/{file_id}/convention.pdf")
    assert refused.status_code == 422 and "contrat de formation" in unescape(refused.get_data(as_text=True))


def pdf_words(data: bytes) -> str:
    """A PDF's text with its no-break spaces as plain ones."""
    return readable(pdf_text(data))
