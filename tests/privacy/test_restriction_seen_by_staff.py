"""Restriction means stored, not used (GDPR art. 18(2)): every staff screen about a restricted person says
so, and reading her identity, printing a document in her name or billing her asks for the legal ground,
which the access journal keeps."""
from __future__ import annotations

from html import unescape

from portal.accounts.models import Account
from portal.invoicing.models import Invoice
from portal.learning.models import Enrollment
from portal.privacy import restriction
from portal.vault.models import AuditEntry
from tests.support.funding import open_file
from tests.support.helpers import submit
from tests.support.learning_fixtures import signed_in

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
