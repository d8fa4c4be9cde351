"""The receivables' sums per payer are kept between two views of the page, and counted again as soon as an
invoice is issued, cancelled, paid, or its received total moves (issue 34: the page within budget on 10,000
learners)."""
from __future__ import annotations

from portal.invoicing import receivable_sums as sums
from portal.invoicing import service as invoicing
from portal.invoicing.models import Invoice
from portal.timeutil import paris_today
from tests.support.crowd import add_crowd
from tests.support.learning_fixtures import signed_in
from tests.support.querycount import count_queries
from tests.support.settlements import settle, two_trainees_of_one_opco


def grouping_over_invoices(statements: list[str]) -> list[str]:
    return [sql for sql in statements if 'FROM "invoice"' in sql and ('GROUP BY "t1"."payer_type"' in sql
                                                                      or ('GROUP BY "t1"."account_id"' in sql
                                                                          and "OVER" in sql))]


def test_a_second_view_of_the_receivables_does_not_group_every_invoice_again(demo):
    add_crowd(demo, 12, paid_every=3)
    staff = signed_in(demo, "gestion@petale.test")
    with demo.app_context(), count_queries() as first:
        assert staff.get("/gestion/encaissements").status_code == 200
    with demo.app_context(), count_queries() as second:
        assert staff.get("/gestion/encaissements").status_code == 200
    assert len(grouping_over_invoices(first)) == 2, "organisations, then learners with the sums of all of them"
    assert grouping_over_invoices(second) == []


def test_the_kept_sums_follow_every_write_that_changes_them(demo):
    add_crowd(demo, 8, paid_every=2)
    numbers = two_trainees_of_one_opco(demo, days_ago=10)
    staff = signed_in(demo, "gestion@petale.test")
    today = paris_today()

    def agree() -> sums.Summary:
        with demo.app_context():
            kept = sums.summary(today, 3)
            assert kept == sums.summary_counted(today, 3)
            assert sums.summary(today, None) == sums.summary_counted(today, None)
            return kept

    before = agree()
    settle(staff, {"reference": "OPCO EP", "amount": "300"}, {numbers["antoine_opco"]: "300"})
    paid = agree()
    assert paid.by_type["funder"].received_cents == before.by_type["funder"].received_cents + 30000
    with demo.app_context():
        invoicing.issue_credit_note(numbers["amelie_opco"], "Erreur de payeur", None)
    cancelled = agree()
    assert cancelled.by_type["funder"].count == paid.by_type["funder"].count - 1
    with demo.app_context():  # the same money received, moved from one invoice to another (a repair)
        Invoice.update(paid_cents=0).where(Invoice.number == numbers["antoine_opco"]).execute()
        Invoice.update(paid_cents=Invoice.paid_cents + 30000).where(Invoice.number == numbers["antoine"]).execute()
    moved = agree()
    assert moved.by_type["learner"].received_cents == cancelled.by_type["learner"].received_cents + 19000
