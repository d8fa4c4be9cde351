"""/gestion/factures holds every invoice of a provider's history: a page at a time, filtered by state, payer
and period; an invoice is issued from its enrolment's billing page, never picked from a list of them all."""
from __future__ import annotations

from html import unescape

from tests.support.crowd import add_crowd
from tests.support.learning_fixtures import signed_in


def test_invoices_are_paged_and_filtered_by_state_payer_and_period(demo):
    add_crowd(demo, 120, paid_every=2)
    staff = signed_in(demo, "gestion@petale.test")
    first = unescape(staff.get("/gestion/factures").get_data(as_text=True))
    assert "Page 1 sur 3" in first and first.count(">FAC-2099-") == 50
    assert 'name="enrollment_id"' not in first, "no select over every enrolment: the form needs its enrolment"
    assert "fiche de l'apprenant" in first, "the form says where an invoice is issued from"
    paid = unescape(staff.get("/gestion/factures?etat=paid").get_data(as_text=True))
    assert "60 résultats" in paid and "payée" in paid and "à payer avant" not in paid
    open_learner = unescape(staff.get("/gestion/factures?etat=open&payeur=learner").get_data(as_text=True))
    assert "20 résultats" in open_learner and "financeur" not in open_learner.split("<tbody>")[1]
    period = unescape(staff.get("/gestion/factures?du=2026-01-01&au=2026-01-10").get_data(as_text=True))
    assert "10 résultats" in period
    number = unescape(staff.get("/gestion/factures?numero=FAC-2099").get_data(as_text=True))
    assert "120 résultats" in number
    assert staff.get("/gestion/factures?etat=toutes&du=hier").status_code == 422


def test_the_invoice_form_names_the_enrolment_it_comes_from(demo):
    [account] = add_crowd(demo, 1)
    staff = signed_in(demo, "gestion@petale.test")
    from portal.learning.models import Enrollment

    with demo.app_context():
        enrollment = Enrollment.get(Enrollment.account_id == account)
    billing = staff.get(f"/gestion/factures/inscriptions/{enrollment.id}").get_data(as_text=True)
    assert f"/gestion/factures?inscription={enrollment.id}" in billing
    form = unescape(staff.get(f"/gestion/factures?inscription={enrollment.id}").get_data(as_text=True))
    assert f'name="enrollment_id" value="{enrollment.id}"' in form and "Foule" in form
