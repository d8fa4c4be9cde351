"""A learner's invoice issued by staff, and the provider's webhook that says it was paid."""
from __future__ import annotations

import json

from portal.accounts.models import Account
from portal.invoicing import service as invoicing
from portal.learning.models import Enrollment
from portal.vault.models import Identity
from portal.vault.service import Party
from tests.support.helpers import submit
from tests.support.learning_fixtures import signed_in

# A learner's billing address, for an invoice to a learner whose profile keeps none (paper documents only).
HOME = Party("", "5 place des Vosges\n75004 Paris")


def antoine_enrollment(app) -> int:
    with app.app_context():
        learner = Account.get(Account.display_name == "Antoine")
        Identity.update(postal_address="5 place des Vosges, 75004 Paris").where(
            Identity.account_id == learner.id).execute()
        return Enrollment.get(Enrollment.account_id == learner.id).id



def learner_invoice(app) -> str:
    enrollment_id = antoine_enrollment(app)
    with app.app_context():
        return invoicing.issue_invoice(enrollment_id, "learner", HOME, None).number


def webhook_for(app, number: str, event_id: str = "evt_1") -> bytes:
    learner = signed_in(app, "apprenant@petale.test")
    started = submit(learner, f"/mes-factures/{number}/payer", {}, page="/mes-factures")
    token = started.headers["Location"].rsplit("/", 1)[1]
    return json.dumps({"id": event_id, "type": "payment.succeeded", "data": {
        "checkout": token, "reference": "pay_test", "amount_cents": 89000, "card_last4": "4242",
        "paid_at": "2026-11-26T10:00:00Z"}}).encode()
