"""Issue #34: once she has signed, her contract's schedule is what she is invoiced (as Digiforma and Dendreo keep
it): staff may issue its next step before its day, one step at a time, never an invoice of her share written by
hand, and never beyond the price she signed for."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from portal.contracts import billing, views
from portal.contracts.models import Instalment
from portal.invoicing import service as invoicing
from portal.payments import invoice_views
from tests.support.contracts import sign_contract
from tests.support.helpers import readable, submit
from tests.support.learning_fixtures import signed_in

SIGNED_AT = datetime(2026, 12, 1, 9, 30)
TODAY = date(2026, 12, 13)  # her ten days to withdraw have run out


def words(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", readable(response.get_data(as_text=True))).split())


def test_staff_issue_her_next_step_early_and_never_an_invoice_of_her_share_by_hand(demo, monkeypatch):
    contract = sign_contract(demo, SIGNED_AT)
    for module in (views, invoice_views, invoicing):
        monkeypatch.setattr(module, "paris_today", lambda: TODAY)
    enrollment_id = contract.enrollment_id
    staff = signed_in(demo, "gestion@petale.test")
    by_hand = submit(staff, "/gestion/factures", {"enrollment_id": enrollment_id, "payer_type": "learner",
                                                  "lines-0-description": "Solde", "lines-0-unit": "100"})
    assert by_hand.status_code == 409
    assert "Ses factures sont les échéances de son contrat de formation" in words(by_hand)
    assert f'href="/gestion/inscriptions/{enrollment_id}/contrat"' in by_hand.get_data(as_text=True), \
        "the refusal leads to the schedule"
    billing_page = words(staff.get(f"/gestion/factures/inscriptions/{enrollment_id}"))
    assert "la prochaine, acompte de" in billing_page, "said before staff try"

    page = f"/gestion/inscriptions/{enrollment_id}/contrat"
    with demo.app_context():
        steps = list(Instalment.select().where(Instalment.contract == contract.id).order_by(Instalment.position))
    assert [s.kind for s in steps] == ["deposit", "balance", "balance"]
    assert steps[-1].bills_on > TODAY, "its last step was weeks away"
    for step in steps:
        shown = staff.get(page).get_data(as_text=True)
        assert f'name="step" value="{step.id}"' in shown and "Facturer cette échéance maintenant" in shown
        assert submit(staff, f"{page}/echeance", {"step": str(step.id)}, page=page).status_code == 303
        twice = submit(staff, f"{page}/echeance", {"step": str(step.id)}, page=page)
        assert twice.status_code == 409 and "déjà facturée" in words(twice), "a second click bills nothing more"

    with demo.app_context():
        hers = [i for i in invoicing.of_enrollment(enrollment_id) if i.payer_type == "learner"]
        assert sum(i.total_cents for i in hers) == contract.share_cents == contract.price_cents
        assert {i.issued_on for i in hers} == {TODAY}
        billed_on = [s.bills_on for s in Instalment.select().where(Instalment.contract == contract.id)
                     .order_by(Instalment.position)]
        assert billed_on == [steps[0].bills_on, TODAY, TODAY], "a step issued early says the day it was"
        assert billing.bill_due(date(2027, 12, 31)) == [], "the daily job bills no step twice"
    done = words(staff.get(page))
    assert "Facturer cette échéance maintenant" not in done
    more = submit(staff, "/gestion/factures", {"enrollment_id": enrollment_id, "payer_type": "learner",
                                               "lines-0-description": "Supplément", "lines-0-unit": "10"})
    assert more.status_code == 409 and "entièrement facturé selon son échéancier" in words(more)


def test_no_step_is_issued_early_inside_her_withdrawal_period(demo, monkeypatch):
    contract = sign_contract(demo, SIGNED_AT)
    monkeypatch.setattr(views, "paris_today", lambda: SIGNED_AT.date() + timedelta(days=3))
    staff = signed_in(demo, "gestion@petale.test")
    page = f"/gestion/inscriptions/{contract.enrollment_id}/contrat"
    shown = words(staff.get(page))
    assert "Facturer cette échéance maintenant" not in shown and "dès maintenant" not in shown, "one word, not two"
    assert "Rien ne peut lui être facturé avant la fin de son délai de rétractation : à partir du 12 décembre" in shown
    with demo.app_context():
        first = Instalment.select().where(Instalment.contract == contract.id).order_by(Instalment.position).first()
    forced = submit(staff, f"{page}/echeance", {"step": str(first.id)}, page=page)
    assert forced.status_code == 409 and "délai de rétractation" in words(forced)
    with demo.app_context():
        assert invoicing.of_enrollment(contract.enrollment_id) == []
