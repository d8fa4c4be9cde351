"""Settlements as staff record them on the payment form, and the invoices the payments tests settle: two
trainees of one OPCO, each with the OPCO's invoice, Antoine with his own share too."""
from __future__ import annotations

from datetime import timedelta

from portal.funding import service as funding
from portal.invoicing import service as invoicing
from portal.timeutil import paris_today
from portal.vault.service import account_id_for_email
from tests.support.billing import OPCO, agreed, amelie, antoine
from tests.support.contracts import share_signed, step_billed
from tests.support.helpers import submit

SETTLE = "/gestion/encaissements/nouveau"


def two_trainees_of_one_opco(app, days_ago: int = 60) -> dict[str, str]:
    """Antoine: OPCO 700 €, learner 190 €. Amélie: OPCO 840 € (her 50 € are billed by the tests that need
    them). Issued `days_ago` (due 30 days later)."""
    issued = paris_today() - timedelta(days=days_ago)
    antoine_id, amelie_id = antoine(app), amelie(app)
    with app.app_context():
        file = funding.open_file(amelie_id, account_id_for_email("gestion@petale.test"))
        funding.save_details(file, funding.FileDetails("opco", "OPCO EP", "EP-2026-0077", "employee", ""))
        agreed(file)
        invoicing.set_shares(antoine_id, {"funder": 70000, "learner": 19000})
        invoicing.set_shares(amelie_id, {"funder": 84000, "learner": 5000})
        share_signed(antoine_id, issued - timedelta(days=11), one_step=True)
        share_signed(amelie_id, issued - timedelta(days=11), one_step=True)  # her 50 €: step_billed(amelie_id, day)
        return {"antoine_opco": invoicing.issue_invoice(antoine_id, "funder", OPCO, None, today=issued).number,
                "antoine": step_billed(antoine_id, issued).number,
                "amelie_opco": invoicing.issue_invoice(amelie_id, "funder", OPCO, None, today=issued).number}


def settle(staff, received: dict, parts: dict[str, str]):
    data = {"received_on": paris_today().isoformat(), "method": "transfer", **received}
    for n, (number, amount) in enumerate(parts.items()):
        data[f"allocations-{n}-number"] = number
        data[f"allocations-{n}-amount"] = amount
    return submit(staff, SETTLE, data)
