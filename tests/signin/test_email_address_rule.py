"""Every form that takes an e-mail address (sign-up, a complaint, the dpo's intake of a letter, a staff
enrolment alone or in a group) refuses a wrong one by the same rule and says why in the same words: sign-up
used to say why while the others only said « n'est pas valide »."""
from __future__ import annotations

from datetime import date
from html import unescape

import pytest

from portal.learning.models import TrainingSession
from portal.privacy.intake import Letter, record_received
from portal.privacy.requests import RequestRefused
from portal.vault import audit
from tests.support.helpers import submit
from tests.support.learning_fixtures import signed_in

MISSING_AT = "Cette adresse électronique n'est pas valide\u00a0: il manque le signe @."
NO_DOT = "après le signe @, il faut un domaine avec un point"


def said(response) -> str:
    return unescape(response.get_data(as_text=True))


def test_sign_up_complaint_and_staff_enrolment_say_why_an_address_is_refused_in_the_same_words(demo):
    visitor = demo.test_client()
    signup = submit(visitor, "/inscription", {"email": "antoine.exemple.fr"}, page="/inscription")
    assert MISSING_AT in said(signup)
    complaint = submit(visitor, "/reclamation", {"full_name": "Odile Financeur", "email": "odile.opco.example",
                                                 "filed_as": "funder", "subject": "Retard", "course": "",
                                                 "body": "Nous attendons trois attestations."}, page="/reclamation")
    assert complaint.status_code == 422 and MISSING_AT in said(complaint)
    staff = signed_in(demo, "gestion@petale.test")
    with demo.app_context():
        session_id = TrainingSession.get(TrainingSession.title == "Session A").id
    page = f"/gestion/sessions/{session_id}/participants"
    alone = submit(staff, f"{page}/inscription", {"personne-email": "claire@dubois", "personne-full_name": "Claire"},
                   page=page)
    assert alone.status_code == 422 and NO_DOT in said(alone)
    group = submit(staff, f"{page}/groupe", {"groupe-employer": "Fleurs SARL", "groupe-funding": "employer",
                                            "groupe-people": "Claire Dubois ; claire@dubois"}, page=page)
    assert group.status_code == 422
    assert "Ligne 1\u00a0: Cette adresse électronique n'est pas valide\u00a0: " + NO_DOT in said(group)


def test_the_dpos_intake_of_a_letter_says_why_an_address_is_refused(demo):
    with demo.app_context(), pytest.raises(RequestRefused) as refused:
        record_received(Letter("access", "letter", date(2026, 12, 1), full_name="Odile Martin",
                               email="odile.martin.exemple.fr", without_account=True), audit.SYSTEM)
    assert str(refused.value.args[0]) == MISSING_AT


def test_an_invoices_billing_address_is_checked_by_the_same_rule(demo):
    from dataclasses import replace

    from portal.invoicing import service as invoicing
    from tests.support.billing import EMPLOYER, antoine

    enrollment_id = antoine(demo)
    with demo.app_context(), pytest.raises(invoicing.InvoiceRefused) as refused:
        invoicing.issue_invoice(enrollment_id, "employer", replace(EMPLOYER, email="compta.fleurs-du-marais.fr"), None)
    assert str(refused.value.args[0]) == MISSING_AT and refused.value.field == "payer_email"
