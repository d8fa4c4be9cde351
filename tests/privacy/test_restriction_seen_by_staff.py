"""Restriction means stored, not used (GDPR art. 18(2)): every staff screen about a restricted person says
so, and reading her identity, printing a document in her name or billing her asks for the legal ground,
which the access journal keeps."""
from __future__ import annotations

from html import unescape

from portal.accounts.models import Account
from portal.certificates import service as certificates
from portal.funding.models import FundingFile
from portal.invoicing.models import Invoice
from portal.learning.models import Enrollment, TrainingSession
from portal.privacy import restriction
from portal.vault.models import AuditEntry
from tests.support.funding import open_file
from tests.support.helpers import submit
from tests.support.learning_fixtures import signed_in
from tests.support.settlements import two_trainees_of_one_opco

GROUND = "Obligation envers l'OPCO : justificatif de présence demandé"


def restricted_antoine(app):
    with app.app_context():
        antoine = Account.get(Account.display_name == "Antoine")
        restriction.restrict(antoine.id, detail="contestation", ground="accuracy")
        return antoine.id, Enrollment.get(Enrollment.account_id == antoine.id).id


def reads_with_ground(app) -> int:
    with app.app_context():
        return AuditEntry.select().where(AuditEntry.reason.contains("motif légal")).count()


def test_a_funding_file_shows_no_identity_until_a_ground_is_given(demo):
    staff = signed_in(demo, "gestion@petale.test")
    file_id = open_file(demo, staff)
    restricted_antoine(demo)
    masked = unescape(staff.get(f"/gestion/financements/{file_id}").get_data(as_text=True))
    assert "Traitement limité." in masked and "Antoine Apprenant" not in masked and "Motif légal" in masked
    assert reads_with_ground(demo) == 0
    shown = unescape(staff.get(f"/gestion/financements/{file_id}", query_string={"motif": GROUND})
                     .get_data(as_text=True))
    assert "Antoine Apprenant" in shown and GROUND in shown
    assert reads_with_ground(demo) == 1


def test_printing_a_restricted_persons_document_asks_for_the_ground(demo):
    staff = signed_in(demo, "gestion@petale.test")
    _, enrollment_id = restricted_antoine(demo)
    page = unescape(staff.get(f"/gestion/releves/{enrollment_id}").get_data(as_text=True))
    assert "Traitement limité depuis le" in page and "releve.csv" in page
    refused = staff.get(f"/gestion/releves/{enrollment_id}/releve.pdf")
    assert refused.status_code == 409 and "motif légal" in unescape(refused.get_data(as_text=True))
    printed = staff.get(f"/gestion/releves/{enrollment_id}/releve.pdf", query_string={"motif": GROUND})
    assert printed.status_code == 200 and printed.mimetype == "application/pdf"
    assert reads_with_ground(demo) == 1


def test_billing_a_restricted_learner_asks_for_the_ground(demo):
    staff = signed_in(demo, "gestion@petale.test")
    _, enrollment_id = restricted_antoine(demo)
    with demo.app_context():
        before = Invoice.select().count()
    fields = {"enrollment_id": str(enrollment_id), "payer_type": "learner", "payer_address": "5 place des Vosges"}
    refused = submit(staff, "/gestion/factures", fields, page="/gestion/factures")
    assert refused.status_code == 409 and "motif légal" in unescape(refused.get_data(as_text=True))
    with demo.app_context():
        assert Invoice.select().count() == before
    issued = submit(staff, "/gestion/factures", {**fields, "ground": GROUND}, page="/gestion/factures")
    assert issued.status_code == 303
    with demo.app_context():
        assert Invoice.select().count() == before + 1
        assert AuditEntry.select().where(AuditEntry.action == "facturation").count() == 1


def test_her_convocation_asks_the_ground_on_her_file_and_prints_with_it(demo):
    """The file's « Convocation (PDF) » link left it for the session's page, the ground's question folded away
    there (a newcomer walk, 08/12/2026): the file asks it in place, a plain form, then the document comes."""
    staff = signed_in(demo, "gestion@petale.test")
    account_id, enrollment_id = restricted_antoine(demo)
    page = unescape(staff.get(f"/gestion/apprenants/{account_id}").get_data(as_text=True))
    form = page.split(f'action="/gestion/inscriptions/{enrollment_id}/convocation.pdf"')[1].split("</form>")[0]
    assert 'name="motif"' in form and "Convocation (PDF)" in form, "the ground asked in place, on her file"
    assert f'href="/gestion/inscriptions/{enrollment_id}/convocation.pdf"' not in page, "no link leaving unasked"
    printed = staff.get(f"/gestion/inscriptions/{enrollment_id}/convocation.pdf", query_string={"motif": GROUND})
    assert printed.status_code == 200 and printed.mimetype == "application/pdf"
    assert reads_with_ground(demo) == 1
    with demo.app_context():
        [entry] = AuditEntry.select().where(AuditEntry.reason.contains("motif légal"))
        assert GROUND in entry.reason and entry.subject_id == account_id


def test_a_document_link_followed_without_the_ground_asks_it_and_comes_back(demo):
    """A link to her document from a screen that could not ask (a funding file's list of documents): a page
    asking the ground, sending to the same document, and the way back."""
    staff = signed_in(demo, "gestion@petale.test")
    account_id, enrollment_id = restricted_antoine(demo)
    address = f"/gestion/inscriptions/{enrollment_id}/convocation.pdf"
    asked = staff.get(address, headers={"Referer": f"http://localhost/gestion/apprenants/{account_id}"})
    text = unescape(asked.get_data(as_text=True))
    assert asked.status_code == 409 and "Indiquez le motif légal de cet usage" in text.replace("\u00a0", " ")
    assert f'action="{address}"' in text and 'name="motif"' in text
    assert f'href="/gestion/apprenants/{account_id}"' in text, "back to where she came from"
    assert reads_with_ground(demo) == 0


def test_her_invoice_printed_again_asks_the_ground_on_her_file_as_her_other_documents(demo):
    """An issued invoice printed again reads her name and address from the vault: for a restricted person,
    asked like her convocation, in place on her file, the ground kept with the read."""
    invoices = two_trainees_of_one_opco(demo)
    staff = signed_in(demo, "gestion@petale.test")
    account_id, _ = restricted_antoine(demo)
    number = invoices["antoine"]
    page = unescape(staff.get(f"/gestion/apprenants/{account_id}").get_data(as_text=True))
    assert f'href="/gestion/factures/{number}.pdf"' not in page
    assert f'formaction="/gestion/factures/{number}.pdf"' in page and f"Facture {number} (PDF)" in page
    asked = staff.get(f"/gestion/factures/{number}.pdf")
    assert asked.status_code == 409 and 'name="motif"' in asked.get_data(as_text=True)
    printed = staff.get(f"/gestion/factures/{number}.pdf", query_string={"motif": GROUND})
    assert printed.status_code == 200 and printed.mimetype == "application/pdf"
    with demo.app_context():
        [entry] = AuditEntry.select().where(AuditEntry.reason.contains("motif légal"))
        assert entry.fields == "invoice_party" and GROUND in entry.reason


def test_her_attestation_printed_again_asks_the_ground(demo):
    staff = signed_in(demo, "gestion@petale.test")
    account_id, enrollment_id = restricted_antoine(demo)
    with demo.app_context():
        certificate = certificates.issue(account_id, Enrollment.get_by_id(enrollment_id).session.course_id)
    address = f"/gestion/attestations/{certificate.code}.pdf"
    page = unescape(staff.get(f"/gestion/apprenants/{account_id}").get_data(as_text=True))
    assert f'formaction="{address}"' in page and f'href="{address}"' not in page
    assert staff.get(address).status_code == 409
    assert reads_with_ground(demo) == 0
    printed = staff.get(address, query_string={"motif": GROUND})
    assert printed.status_code == 200 and printed.mimetype == "application/pdf"
    assert reads_with_ground(demo) == 1


def test_her_convention_carries_the_ground_the_file_was_opened_with_and_asks_it_otherwise(demo):
    """The convention names her: its link on a restricted person's funding file carries the ground given there;
    followed without it, the ground is asked, as for her other documents."""
    staff = signed_in(demo, "gestion@petale.test")
    file_id = open_file(demo, staff)
    with demo.app_context():
        FundingFile.update(funder_type="opco", funder_name="OPCO EP").where(FundingFile.id == file_id).execute()
    restricted_antoine(demo)
    address = f"/gestion/financements/{file_id}/convention.pdf"
    shown = unescape(staff.get(f"/gestion/financements/{file_id}", query_string={"motif": GROUND})
                     .get_data(as_text=True))
    assert f"{address}?motif=" in shown
    asked = staff.get(address)
    assert asked.status_code == 409 and 'name="motif"' in asked.get_data(as_text=True)
    printed = staff.get(address, query_string={"motif": GROUND})
    assert printed.status_code == 200 and printed.mimetype == "application/pdf"


def rows_of(page: str, name: str) -> list[str]:
    """The table rows naming this person on a staff list."""
    rows = [row.split("</tr>")[0] for row in page.split("<tr")[1:]]
    return [row for row in rows if name in row]


def test_every_staff_list_marks_the_restricted_persons_rows_and_only_hers(demo):
    """« Apprenants », « Factures », « Encaissements », « Financements »: her rows carry « traitement limité »
    (a newcomer dpo walk, 08/12/2026, found them silent); Amélie's do not."""
    two_trainees_of_one_opco(demo)
    staff = signed_in(demo, "gestion@petale.test")
    restricted_antoine(demo)
    for address in ("/gestion/apprenants", "/gestion/factures", "/gestion/encaissements", "/gestion/financements"):
        page = unescape(staff.get(address).get_data(as_text=True))
        assert rows_of(page, "Amélie") and rows_of(page, "Antoine"), address
        assert any("traitement limité" in row for row in rows_of(page, "Antoine")), address
        assert not any("traitement limité" in row for row in rows_of(page, "Amélie")), address


def test_opening_her_funding_file_asks_the_ground_in_place_then_opens_it_and_journals_it(demo):
    staff = signed_in(demo, "gestion@petale.test")
    _, enrollment_id = restricted_antoine(demo)
    address = f"/gestion/financements/ouvrir/{enrollment_id}"
    asked = submit(staff, address, {}, page="/gestion/financements")
    text = unescape(asked.get_data(as_text=True))
    assert asked.status_code == 409 and "Indiquez le motif légal de cet usage" in text.replace("\u00a0", " ")
    assert f'action="{address}"' in text and 'method="post"' in text and 'name="motif"' in text
    with demo.app_context():
        assert not FundingFile.select().where(FundingFile.enrollment == enrollment_id).exists(), "nothing written"
    assert reads_with_ground(demo) == 0
    opened = submit(staff, address, {"motif": GROUND}, page="/gestion/financements")
    assert opened.status_code == 302 and "/gestion/financements/" in opened.headers["Location"]
    with demo.app_context():
        assert FundingFile.select().where(FundingFile.enrollment == enrollment_id).exists()
        [entry] = AuditEntry.select().where(AuditEntry.reason.contains("motif légal"))
        assert GROUND in entry.reason and entry.workflow == "dossier de financement"


def test_enrolling_her_from_her_file_asks_the_ground_beside_the_session_then_enrols_and_journals(demo):
    staff = signed_in(demo, "gestion@petale.test")
    account_id, _ = restricted_antoine(demo)
    page = f"/gestion/apprenants/{account_id}"
    with demo.app_context():
        advanced = TrainingSession.get(TrainingSession.title == "Perfectionnement — prochaine session")
        before = Enrollment.select().where(Enrollment.account_id == account_id).count()
    assert 'name="motif"' in unescape(staff.get(page).get_data(as_text=True)), "the field is on her file"
    fields = {"session_id": str(advanced.id), "funding": "opco", "confirmed": "1"}
    asked = submit(staff, f"{page}/inscription", fields, page=page)
    assert asked.status_code == 409 and "motif légal" in unescape(asked.get_data(as_text=True))
    with demo.app_context():
        assert Enrollment.select().where(Enrollment.account_id == account_id).count() == before, "nothing written"
    assert reads_with_ground(demo) == 0
    preview = submit(staff, f"{page}/inscription", {**fields, "confirmed": "", "motif": GROUND}, page=page)
    assert preview.status_code == 200 and f'name="motif" value="{GROUND}"' in unescape(preview.get_data(as_text=True))
    assert reads_with_ground(demo) == 0, "a preview journals nothing"
    done = submit(staff, f"{page}/inscription", {**fields, "motif": GROUND}, page=page)
    assert done.status_code == 303
    with demo.app_context():
        assert Enrollment.select().where(Enrollment.account_id == account_id).count() == before + 1
        [entry] = AuditEntry.select().where(AuditEntry.reason.contains("motif légal"))
        assert GROUND in entry.reason and entry.subject_id == account_id and entry.workflow == "inscription"


def test_enrolling_her_from_a_sessions_page_asks_the_ground_there(demo):
    staff = signed_in(demo, "gestion@petale.test")
    restricted_antoine(demo)
    with demo.app_context():
        advanced = TrainingSession.get(TrainingSession.title == "Perfectionnement — prochaine session")
    page = f"/gestion/sessions/{advanced.id}/participants"
    fields = {"personne-email": "apprenant@petale.test", "personne-funding": "opco", "personne-confirmed": "1"}
    asked = submit(staff, f"{page}/inscription", fields, page=page)
    text = unescape(asked.get_data(as_text=True))
    assert asked.status_code == 409 and 'name="personne-motif"' in text and "motif légal" in text
    assert reads_with_ground(demo) == 0
    done = submit(staff, f"{page}/inscription", {**fields, "personne-motif": GROUND}, page=page)
    assert done.status_code == 303 and reads_with_ground(demo) == 1
