"""Each invoice keeps what it has received, written with each payment (portal.invoicing.received), so that the
receivables of thousands of invoices are summed by the database: the stored total always equals the sum of the
invoice's payments in the vault, a command checks it (and repairs a total a crash left behind), migration 069
fills it for the invoices issued before it, and the pages that sum receivables read no payment amounts."""
from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path

from portal.db import main_db
from portal.invoicing import received
from portal.invoicing import service as invoicing
from portal.invoicing.models import Invoice
from portal.payments import receivables
from portal.schema import router
from portal.timeutil import paris_today
from portal.vault.models import Payment
from tests.support.billing import amelie
from tests.support.contracts import step_billed
from tests.support.crowd import add_crowd
from tests.support.learning_fixtures import signed_in
from tests.support.querycount import count_queries
from tests.support.settlements import SETTLE, settle, two_trainees_of_one_opco

PORTAL = Path(__file__).resolve().parents[2] / "portal"


def stored_and_summed() -> tuple[dict[str, int], dict[str, int]]:
    stored = dict(Invoice.select(Invoice.number, Invoice.paid_cents).where(Invoice.kind == "invoice").tuples())
    summed: dict[str, int] = defaultdict(int)
    for number, cents in Payment.select(Payment.invoice_number, Payment.amount_cents).tuples():
        summed[number] += cents
    return stored, {number: summed.get(number, 0) for number in stored}


def test_each_payment_grows_its_invoices_paid_total_and_a_refused_one_changes_nothing(demo):
    numbers = two_trainees_of_one_opco(demo)
    staff = signed_in(demo, "gestion@petale.test")
    assert settle(staff, {"method": "cheque", "reference": "Chèque 1", "amount": "90"},
                  {numbers["antoine"]: "90"}).status_code == 303
    batch = {numbers["antoine_opco"]: "700", numbers["amelie_opco"]: "800"}
    assert settle(staff, {"reference": "OPCO EP LOT 1", "amount": "1 500"}, batch).status_code == 303
    refused = settle(staff, {"reference": "VIR 3", "amount": "200"}, {numbers["antoine"]: "200"})
    assert refused.status_code == 422, "beyond what the invoice awaits: nothing written"
    with demo.app_context():
        stored, summed = stored_and_summed()
        assert stored == summed
        assert (stored[numbers["antoine"]], stored[numbers["antoine_opco"]], stored[numbers["amelie_opco"]]) == (
            9000, 70000, 80000)
        assert received.paid_totals_astray() == []


def test_a_payment_replayed_under_the_same_reference_is_counted_once(demo):
    numbers = two_trainees_of_one_opco(demo)
    with demo.app_context():
        invoice = invoicing.invoice_or_none(numbers["antoine"])
        for _ in range(2):
            received.receive(invoice.number, invoice.account_id, 5000, "pay_card_1", datetime(2026, 11, 2, 9), "4242")
        assert Invoice.get(Invoice.number == invoice.number).paid_cents == 5000
        assert received.paid_totals_astray() == []


def test_the_check_finds_a_total_that_disagrees_with_the_payments_and_repairs_it(demo):
    numbers = two_trainees_of_one_opco(demo)
    staff = signed_in(demo, "gestion@petale.test")
    settle(staff, {"reference": "OPCO EP", "amount": "700"}, {numbers["antoine_opco"]: "700"})
    runner = demo.test_cli_runner()
    assert runner.invoke(args=["invoices", "check-paid"]).exit_code == 0
    with demo.app_context():  # as a crash between the two databases' commits could leave it
        Invoice.update(paid_cents=0).where(Invoice.number == numbers["antoine_opco"]).execute()
    found = runner.invoke(args=["invoices", "check-paid"])
    assert found.exit_code == 1 and numbers["antoine_opco"] in found.output and "700,00" in found.output
    repaired = runner.invoke(args=["invoices", "check-paid", "--repair"])
    assert repaired.exit_code == 0 and "corrigé" in repaired.output
    with demo.app_context():
        assert received.paid_totals_astray() == []
        assert Invoice.get(Invoice.number == numbers["antoine_opco"]).paid_cents == 70000


def test_receivables_summed_by_the_database_agree_with_the_payments_in_the_vault(demo):
    """Totals reckoned here from each invoice and its payments read from the vault, as the page once did."""
    add_crowd(demo, 40, paid_every=3)
    numbers = two_trainees_of_one_opco(demo, days_ago=10)
    staff = signed_in(demo, "gestion@petale.test")
    settle(staff, {"reference": "OPCO EP", "amount": "300"}, {numbers["antoine_opco"]: "300"})
    with demo.app_context():
        invoicing.issue_credit_note(numbers["amelie_opco"], "Erreur de payeur", None)
        today = paris_today()
        found = receivables.receivables(today, page=1)
        cancelled = set(Invoice.select(Invoice.cancels).where(Invoice.cancels.is_null(False)).tuples())
        paid = stored_and_summed()[1]
        expected, payers = defaultdict(lambda: [0, 0, 0, 0]), set()
        for invoice in Invoice.select().where(Invoice.kind == "invoice"):
            if (invoice.id,) in cancelled:
                continue
            got = min(paid[invoice.number], invoice.total_cents)
            left = invoice.total_cents - got
            late = left and invoice.due_on < today
            payers.add(invoice.account_id if invoice.payer_type == "learner" else (invoice.payer_type,
                                                                                   invoice.payer_key))
            for key in (invoice.payer_type, "all"):
                expected[key][0] += left if late else 0
                expected[key][1] += 0 if late else left
                expected[key][2] += got
                expected[key][3] += 1
    t = found.total
    assert [t.overdue_cents, t.due_cents, t.paid_cents, t.count] == expected["all"]
    assert {kind: [v.overdue_cents, v.due_cents, v.paid_cents, v.count] for kind, v in found.by_type.items()} == {
        kind: sums for kind, sums in expected.items() if kind != "all"}
    opco = next(p for p in found.by_payer if p.payer == "OPCO EP")
    assert (opco.totals.paid_cents, opco.totals.due_cents, opco.totals.count) == (30000, 40000, 1), \
        "the cancelled invoice is out, the paid part of the other counted"
    assert found.payers == len(payers) == 18, "OPCO EP, the crowd's unnamed funder and employer, 15 learners"


def test_the_pages_that_sum_receivables_read_no_payment_amounts_from_the_vault(demo):
    add_crowd(demo, 30, paid_every=2)
    staff = signed_in(demo, "gestion@petale.test")
    for url in ("/gestion/encaissements", SETTLE, f"{SETTLE}?payeur=OPCO", "/gestion", "/gestion/factures?etat=open"):
        staff.get(url)
        with demo.app_context(), count_queries() as statements:
            assert staff.get(url).status_code == 200
        over_payments = [sql for sql in statements if re.search(r'FROM "payment"', sql)]
        # The latest settlements recorded, a fixed number of them, are the only payments these pages read.
        assert all("LIMIT" in sql for sql in over_payments), (url, over_payments)


def test_only_the_received_module_records_a_payment():
    callers = [path.relative_to(PORTAL).as_posix() for path in PORTAL.rglob("*.py")
               if "record_payment(" in path.read_text(encoding="utf-8")]
    assert sorted(callers) == ["invoicing/received.py", "vault/billing.py"], callers


def _migration(step: str) -> None:
    migrations = router("main")
    migrate, rollback = migrations.read("069_invoice_paid_total_and_payer_key")
    migrator = migrations.migrator  # knows the tables as the migrations before left them
    (migrate if step == "migrate" else rollback)(migrator, main_db.obj)
    migrator()


def test_migration_069_fills_the_paid_totals_and_payer_keys_of_existing_invoices(demo):
    numbers = two_trainees_of_one_opco(demo, days_ago=40)
    staff = signed_in(demo, "gestion@petale.test")
    settle(staff, {"reference": "OPCO EP LOT", "amount": "1 540"},
           {numbers["antoine_opco"]: "700", numbers["amelie_opco"]: "840"})
    with demo.app_context():
        before = list(Invoice.select(Invoice.number, Invoice.paid_cents, Invoice.payer_key).order_by(Invoice.id)
                      .tuples())
        assert {key for number, _paid, key in before if number in (numbers["antoine_opco"], numbers["amelie_opco"])} \
            == {received.payer_key("OPCO EP")}, "one payer, one key"
        assert received.payer_key("  opco ep ") == received.payer_key("OPCO EP")
        _migration("rollback")
        assert "paid_cents" not in {c.name for c in main_db.obj.get_columns("invoice")}
        _migration("migrate")
        after = list(Invoice.select(Invoice.number, Invoice.paid_cents, Invoice.payer_key).order_by(Invoice.id)
                     .tuples())
    assert after == before and any(paid for _n, paid, _k in after)


def test_the_home_page_lists_overdue_and_coming_invoices_from_the_stored_totals(demo):
    numbers = two_trainees_of_one_opco(demo, days_ago=60)
    with demo.app_context():
        coming = step_billed(amelie(demo), paris_today() - timedelta(days=1))  # her 50 €
    staff = signed_in(demo, "gestion@petale.test")
    settle(staff, {"reference": "OPCO EP", "amount": "700"}, {numbers["antoine_opco"]: "700"})
    home = staff.get("/gestion").get_data(as_text=True)
    assert numbers["amelie_opco"] in home and numbers["antoine"] in home and coming.number in home
    assert numbers["antoine_opco"] not in home, "paid: no longer expected"


def test_the_home_page_reads_its_few_invoices_without_counting_them_all(demo):
    """The home names the first overdue and coming invoices and never says how many: one statement each, no
    count over every standing invoice (two statements less on the 10,000-learner set)."""
    add_crowd(demo, 12, paid_every=3)
    staff = signed_in(demo, "gestion@petale.test")
    staff.get("/gestion")
    with demo.app_context(), count_queries() as statements:
        assert staff.get("/gestion").status_code == 200
    standing = [sql for sql in statements if '"cancels_id" IS NOT NULL' in sql and 'FROM "checkout"' not in sql]
    assert len(standing) == 2 and all("LIMIT" in sql and "COUNT" not in sql for sql in standing), standing
