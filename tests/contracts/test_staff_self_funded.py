"""Issue #34: a person staff enrol as paying herself signs the same training contract (L6353-3) as one who
enrols herself online: she is mailed to sign it, her file and her space show it awaiting her signature, and
nothing is invoiced to her before she signs and her ten days to withdraw have run out — no split needed."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from portal.contracts import service as contracts
from portal.contracts.models import TrainingContract
from portal.invoicing import service as invoicing
from portal.invoicing.models import Invoice
from portal.learners import enrolments
from portal.learning.models import Enrollment
from portal.timeutil import to_paris
from portal.vault.service import account_id_for_email
from tests.support.contracts import LEA_ADDRESS, NEWCOMER, advanced_session, newcomer, sign_contract
from tests.support.helpers import csrf_token, outbox, readable, run_jobs, submit, text_of
from tests.support.learning_fixtures import signed_in

TODAY = date(2026, 12, 1)


def enrol_paying_herself(app) -> Enrollment:
    """Staff enrol Léa (her account exists, so she can sign in) as « particulier »: no split set."""
    newcomer(app)
    with app.app_context():
        staff = account_id_for_email("gestion@petale.test")
        session = advanced_session()
        done = enrolments.enrol(session.id, [enrolments.Newcomer(email=NEWCOMER)], contracts.SELF_FUNDED, staff,
                                TODAY)
        return Enrollment.get_by_id(done.arrivals[0].enrollment_id)


def test_staff_enrolling_her_as_paying_herself_asks_her_to_sign_and_bars_invoices_until_then(demo):
    enrollment = enrol_paying_herself(demo)
    with demo.app_context():
        price = enrollment.session.course.price_cents
        assert not invoicing.plan(enrollment.id).shares, "no split set: her share is the whole price by default"
        with pytest.raises(invoicing.InvoiceRefused, match="contrat de formation n'est pas encore signé"):
            invoicing.issue_invoice(enrollment.id, "learner", None, None, today=TODAY + timedelta(days=30))
    staff = signed_in(demo, "gestion@petale.test")
    refused = submit(staff, "/gestion/factures", {"enrollment_id": enrollment.id, "payer_type": "learner"})
    assert refused.status_code == 409
    assert "contrat de formation n'est pas encore signé" in readable(refused.get_data(as_text=True))
    desk = readable(staff.get(f"/gestion/inscriptions/{enrollment.id}/contrat").get_data(as_text=True))
    assert "En attente de sa signature" in desk, "her file's « Contrat et échéancier » shows it awaited"
    run_jobs(demo)
    asked = [m for m in outbox(demo) if "contrat" in m["Subject"].lower() and NEWCOMER in m["To"]]
    assert len(asked) == 1, [m["Subject"] for m in outbox(demo)]
    page = f"/mon-espace/inscriptions/{enrollment.id}/contrat"
    assert page in text_of(asked[0])
    learner = signed_in(demo, NEWCOMER)
    assert "Un contrat vous attend" in readable(learner.get("/mon-espace").get_data(as_text=True))
    assert "Lire et signer votre contrat" in readable(learner.get("/mon-espace/contrats").get_data(as_text=True))
    html = learner.get(page).get_data(as_text=True)
    fingerprint = html.split('name="fingerprint" value="')[1].split('"')[0]
    signed = learner.post(page, data={"fingerprint": fingerprint, "accept": "y", "csrf_token": csrf_token(html),
                                      "postal_address": LEA_ADDRESS})
    assert signed.status_code == 303
    with demo.app_context():
        contract = TrainingContract.get(TrainingContract.enrollment == enrollment.id)
        assert (contract.share_cents, contract.funding) == (price, contracts.SELF_FUNDED)
        signed_on = to_paris(contract.signed_at).date()  # the withdrawal period counts Paris days
        with pytest.raises(invoicing.InvoiceRefused, match="délai de rétractation"):
            invoicing.issue_invoice(enrollment.id, "learner", None, None, today=signed_on + timedelta(days=5),
                                    part="deposit", deposit_cents=1000)
        assert not Invoice.select().exists()
        assert contracts.charge_refusal(enrollment.id, signed_on + timedelta(days=11)) is None
    assert "Un contrat vous attend" not in readable(learner.get("/mon-espace").get_data(as_text=True))


def test_a_split_setting_her_share_to_nothing_still_frees_her_from_signing(demo):
    enrollment = enrol_paying_herself(demo)
    with demo.app_context():
        price = enrollment.session.course.price_cents
        invoicing.set_shares(enrollment.id, {"learner": 0, "employer": price})
        assert contracts.learner_share(Enrollment.get_by_id(enrollment.id)) == 0
        assert contracts.charge_refusal(enrollment.id, TODAY) is None
        assert contracts.to_sign(enrollment.account_id) == []


def test_her_online_enrolment_needs_no_second_contract(demo):
    """She enrolled herself by signing: nothing more is asked of her."""
    contract = sign_contract(demo, datetime(2026, 12, 1, 9, 30))
    with demo.app_context():
        assert contracts.to_sign(contract.account_id) == []
