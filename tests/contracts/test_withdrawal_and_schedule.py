"""Ten days to withdraw, then the schedule: no invoice to her inside the period (the invoicing service refuses
it, whoever asks), the deposit invoiced by the daily job the day after, the balance on its days, reminders
before each due date; a registered letter recorded by staff; an early stop settled by the contract's clause."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from portal.archive import service as archive
from portal.contracts import billing, views
from portal.contracts import service as contracts
from portal.contracts.models import Instalment, TrainingContract
from portal.contracts.personal_data import move_ended_trainings
from portal.db import main_db
from portal.invoicing import service as invoicing
from portal.invoicing.models import Invoice
from portal.learning import membership
from portal.learning.models import Enrollment, TrainingSession
from portal.schema import router
from portal.vault.service import account_id_for_email
from tests.support.contracts import LEA_ADDRESS, NEWCOMER, sign_contract
from tests.support.helpers import csrf_token, outbox, readable, run_jobs, submit, text_of
from tests.support.learning_fixtures import signed_in
from tests.support.querycount import count_queries

SIGNED_AT = datetime(2026, 12, 1, 9, 30)  # 10:30 in Paris
SIGNED_ON = date(2026, 12, 1)


def day(n: int) -> date:
    return SIGNED_ON + timedelta(days=n)


def test_no_invoice_to_her_is_dated_inside_the_withdrawal_period(demo):
    contract = sign_contract(demo, SIGNED_AT)
    with demo.app_context():
        for inside in (0, 9, 10):
            with pytest.raises(invoicing.InvoiceRefused, match="délai de rétractation"):
                invoicing.issue_invoice(contract.enrollment_id, "learner", None, None, today=day(inside),
                                        part="deposit", deposit_cents=1000)
        assert not Invoice.select().exists()
    staff = signed_in(demo, "gestion@petale.test")
    refused = submit(staff, "/gestion/factures", {"enrollment_id": contract.enrollment_id, "payer_type": "learner"})
    assert refused.status_code == 409 or "délai de rétractation" in readable(refused.get_data(as_text=True))
    with demo.app_context():
        assert not Invoice.select().exists(), "from the back office too"
        deposit = contracts.next_step(contract)
        number = billing.bill_next_now(contract.enrollment_id, deposit.id, day(11))
        assert invoicing.invoice_or_none(number).issued_on == day(11), "its first step, from the eleventh day"


def test_she_may_withdraw_on_day_9_not_on_day_11_and_owes_nothing(demo):
    contract = sign_contract(demo, SIGNED_AT)
    with demo.app_context():
        with pytest.raises(contracts.ContractRefused, match="a pris fin le 11 décembre 2026"):
            contracts.withdraw(contract.account_id, contract.id, datetime(2026, 12, 12, 9, 0))
        done = contracts.withdraw(contract.account_id, contract.id, datetime(2026, 12, 10, 9, 0))
        assert done.withdrawal_channel == "online"
        assert Enrollment.get_by_id(contract.enrollment_id).status == membership.WITHDRAWN
        assert billing.bill_due(day(30)) == [] and billing.bill_due(date(2027, 6, 1)) == []
        assert not Instalment.select().where((Instalment.contract == contract.id) & ~Instalment.cancelled).exists()
        with pytest.raises(invoicing.InvoiceRefused, match="rétractée"):
            invoicing.issue_invoice(contract.enrollment_id, "learner", None, None, today=day(40))


def test_the_withdraw_button_ends_her_enrolment(demo, monkeypatch):
    contract = sign_contract(demo, SIGNED_AT)
    monkeypatch.setattr(views, "utcnow", lambda: SIGNED_AT + timedelta(days=3))
    monkeypatch.setattr(views, "paris_today", lambda: day(3))
    learner = signed_in(demo, NEWCOMER)
    page = f"/mon-espace/contrats/{contract.id}"
    unticked = submit(learner, f"{page}/retractation", {}, page=page)
    assert unticked.status_code == 422 and "Cochez la case pour confirmer" in readable(
        unticked.get_data(as_text=True)), "one tap never ends an enrolment"
    done = submit(learner, f"{page}/retractation", {"confirmed": "y"}, page=page)
    assert done.status_code == 303
    assert "Rétractation enregistrée" in readable(learner.get(page).get_data(as_text=True))
    run_jobs(demo)
    [told] = [m for m in outbox(demo) if "est close" in m["Subject"]]
    assert "Votre rétractation est enregistrée" in text_of(told) and "vous ne devez rien" in text_of(told)
    again = learner.post(f"{page}/retractation", data={"confirmed": "y",
                                                       "csrf_token": csrf_token(learner.get(page).get_data(True))})
    assert again.status_code == 409
    other = signed_in(demo, "apprenant@petale.test")
    assert other.post(f"{page}/retractation", data={
        "confirmed": "y", "csrf_token": csrf_token(other.get("/mon-espace").get_data(True))}).status_code == 404


def test_the_deposit_comes_the_day_after_the_period_then_the_balance_on_its_days(demo):
    contract = sign_contract(demo, SIGNED_AT)
    with demo.app_context():
        assert billing.bill_due(day(10)) == [], "not on the tenth day"
        deposit = billing.bill_due(day(11))
        assert len(deposit) == 1 and billing.bill_due(day(11)) == [], "once"
        invoice = Invoice.get(Invoice.number == deposit[0])
        assert (invoice.part, invoice.issued_on, invoice.total_cents) == ("deposit", day(11), 69000 * 30 // 100)
        steps = list(Instalment.select().where(Instalment.contract == contract.id).order_by(Instalment.position))
        billed = billing.bill_due(steps[-1].bills_on)
        assert len(billed) == len(steps) - 1
        total = sum(i.total_cents for i in Invoice.select().where(Invoice.enrollment == contract.enrollment_id))
        assert total == 69000, "the schedule bills the price, no more"
    learner = signed_in(demo, NEWCOMER)
    mine = readable(learner.get("/mes-factures").get_data(as_text=True))
    assert deposit[0] in mine and "à payer avant le" in mine


def test_mes_factures_announces_what_is_to_come_and_reminders_precede_each_due_date(demo):
    sign_contract(demo, SIGNED_AT)
    learner = signed_in(demo, NEWCOMER)
    mine = readable(learner.get("/mes-factures").get_data(as_text=True))
    assert "Échéances prévues par vos contrats" in mine and "207,00" in mine
    with demo.app_context():
        number = billing.bill_due(day(11))[0]
        due_on = Invoice.get(Invoice.number == number).due_on
        assert billing.remind_due(due_on - timedelta(days=6)) == 0
        assert billing.remind_due(due_on - timedelta(days=5)) == 1
        assert billing.remind_due(due_on - timedelta(days=4)) == 0, "once"
    run_jobs(demo)
    reminders = [m for m in outbox(demo) if m["Subject"] == "Une échéance de votre formation arrive"]
    assert len(reminders) == 1 and number in text_of(reminders[0])


def test_staff_record_a_registered_letter_posted_within_the_ten_days(demo):
    contract = sign_contract(demo, SIGNED_AT)
    staff = signed_in(demo, "gestion@petale.test")
    page = f"/gestion/inscriptions/{contract.enrollment_id}/contrat"
    shown = readable(staff.get(page).get_data(as_text=True))
    assert "Léa Jardin" in shown and "Acompte" in shown and "Rétractation par lettre recommandée" in shown
    late = submit(staff, f"{page}/lettre", {"sent_on": "2026-12-12"}, page=page)
    assert late.status_code == 422 and "après la fin du délai" in readable(late.get_data(as_text=True))
    unreadable = submit(staff, f"{page}/lettre", {"sent_on": "demain"}, page=page)
    assert unreadable.status_code == 422 and "jj/mm/aaaa" in readable(unreadable.get_data(as_text=True))
    with demo.app_context():
        recorded = contracts.record_letter(contract.enrollment_id, day(9), account_id_for_email("gestion@petale.test"),
                                           datetime(2026, 12, 14, 9, 0))
        assert (recorded.withdrawal_channel, recorded.letter_sent_on) == ("letter", day(9))
        assert Enrollment.get_by_id(contract.enrollment_id).status == membership.WITHDRAWN


def test_stopping_for_force_majeure_credits_what_was_billed_beyond_the_days_followed(demo):
    contract = sign_contract(demo, SIGNED_AT)
    staff_id = None
    with demo.app_context():
        staff_id = account_id_for_email("gestion@petale.test")
        session = contract.session
        steps = list(Instalment.select().where(Instalment.contract == contract.id).order_by(Instalment.position))
        billing.bill_due(steps[1].bills_on)  # the deposit and the first instalment of the balance
        stopped_on = session.starts_on + timedelta(days=9)  # 10 days of a 91-day session followed
        done = billing.stop(contract.enrollment_id, "force_majeure", stopped_on, "hospitalisation", staff_id,
                            stopped_on + timedelta(days=1))
        assert done.due_cents == 69000 * 10 // 91
        assert len(done.credit_notes) == 2 and done.invoice is not None
        standing = invoicing.of_enrollment(contract.enrollment_id)
        assert sum(i.total_cents for i in standing) == done.due_cents
        assert Instalment.get((Instalment.contract == contract.id) & (Instalment.position == 2)).cancelled
        assert Enrollment.get_by_id(contract.enrollment_id).status == membership.WITHDRAWN


def test_abandoning_keeps_the_steps_whose_day_has_come_and_cancels_the_rest(demo):
    contract = sign_contract(demo, SIGNED_AT)
    with demo.app_context():
        staff_id = account_id_for_email("gestion@petale.test")
        billing.bill_due(day(11))
        with pytest.raises(contracts.ContractRefused, match="rétractation"):
            billing.stop(contract.enrollment_id, "abandon", day(5), "", staff_id, day(5))
        done = billing.stop(contract.enrollment_id, "abandon", day(20), "", staff_id, day(20))
        assert done.credit_notes == [] and done.cancelled_steps == 2
        assert billing.bill_due(date(2027, 6, 1)) == []
        assert sum(i.total_cents for i in invoicing.of_enrollment(contract.enrollment_id)) == 69000 * 30 // 100


def test_an_enrolment_staff_withdrew_without_the_contract_bills_nothing_more_by_itself(demo):
    contract = sign_contract(demo, SIGNED_AT)
    staff = signed_in(demo, "gestion@petale.test")
    page = f"/gestion/inscriptions/{contract.enrollment_id}/retrait"
    assert "Contrat et échéancier" in readable(staff.get(page).get_data(as_text=True))
    assert submit(staff, page, {"confirmed": "1"}).status_code == 303
    with demo.app_context():
        assert billing.bill_due(date(2027, 6, 1)) == []


def test_a_learner_paying_part_signs_a_contract_for_her_share(demo):
    learner = signed_in(demo, "apprenant@petale.test")
    with demo.app_context():
        antoine = account_id_for_email("apprenant@petale.test")
        enrollment = Enrollment.get(Enrollment.account_id == antoine)
        invoicing.set_shares(enrollment.id, {"learner": 19000, "funder": 70000})
    space = readable(learner.get("/mon-espace").get_data(as_text=True))
    assert "Un contrat vous attend" in space and "Une partie de « Art floral — les fondamentaux »" in space
    listing = readable(learner.get("/mon-espace/contrats").get_data(as_text=True))
    assert "Lire et signer le contrat de votre part" in listing
    desk = f"/gestion/inscriptions/{enrollment.id}/contrat"
    staff = signed_in(demo, "gestion@petale.test")
    awaited = readable(staff.get(desk).get_data(as_text=True))
    assert "En attente de sa signature : 190,00" in awaited, "staff see what she is asked to sign"
    refused = submit(staff, "/gestion/factures", {"enrollment_id": enrollment.id, "payer_type": "learner"})
    assert refused.status_code == 409
    assert "contrat de formation n'est pas encore signé" in readable(refused.get_data(as_text=True))
    billing_page = readable(staff.get(f"/gestion/factures/inscriptions/{enrollment.id}").get_data(as_text=True))
    assert "au plus tôt le onzième jour après sa signature" in billing_page, "said before staff try"
    with demo.app_context():
        assert not Invoice.select().where(Invoice.payer_type == "learner").exists()
    page = f"/mon-espace/inscriptions/{enrollment.id}/contrat"
    html = readable(learner.get(page).get_data(as_text=True))
    assert "Un OPCO prend en charge une partie de ce prix" in html and "190,00" in html
    fingerprint = html.split('name="fingerprint" value="')[1].split('"')[0]
    signed = learner.post(page, data={"fingerprint": fingerprint, "accept": "y", "csrf_token": csrf_token(html),
                                      "postal_address": LEA_ADDRESS})
    assert signed.status_code == 303
    with demo.app_context():
        contract = TrainingContract.get(TrainingContract.enrollment == enrollment.id)
        assert (contract.share_cents, contract.funding) == (19000, "opco")
        deposit = Instalment.get((Instalment.contract == contract.id) & (Instalment.kind == "deposit"))
        assert deposit.amount_cents == 19000 * 30 // 100
    assert learner.get(page).status_code == 409, "signed once"
    assert "Un contrat vous attend" not in readable(learner.get("/mon-espace").get_data(as_text=True))
    assert signed_in(demo, "apprenante2@petale.test").get(page).status_code == 404
    assert "En attente de sa signature" not in readable(staff.get(desk).get_data(as_text=True))


def roll_back_through(name: str) -> None:
    """Roll back, newest first, every migration down to this one included (later ones touch other tables
    and come back with run())."""
    migrations = router("main")
    while name in migrations.done:
        migrations.rollback()


def test_the_migration_rolls_back_and_forth(demo):
    with demo.app_context():
        assert {"053_training_contracts", "054_lessons_after_withdrawal"} <= set(router("main").done)
        roll_back_through("054_lessons_after_withdrawal")
        assert "opens_from" not in {c.name for c in main_db.obj.get_columns("enrollment")}
        assert "early_start" not in {c.name for c in main_db.obj.get_columns("training_contract")}
        roll_back_through("053_training_contracts")
        assert "training_contract" not in main_db.obj.get_tables()
        router("main").run()
        assert {"training_contract", "contract_instalment"} <= set(main_db.obj.get_tables())
    assert sign_contract(demo, SIGNED_AT).id


def test_once_the_session_has_ended_the_contract_moves_to_the_legal_archive_for_ten_years(demo):
    contract = sign_contract(demo, SIGNED_AT)
    with demo.app_context():
        session = TrainingSession.get_by_id(contract.session_id)
        ended = session.ends_on + timedelta(days=1)
        assert move_ended_trainings(ended) == 0, "an instalment still to invoice keeps it here"
        billing.bill_due(session.ends_on)
        assert move_ended_trainings(session.ends_on) == 0, "not before the session's end"
        assert move_ended_trainings(ended) == 1
        assert not TrainingContract.select().where(TrainingContract.id == contract.id).exists()
        [kept] = archive.kept_for(contract.account_id, ("contract",))
        assert kept.payload["holder"] == "Léa Jardin" and kept.payload["text_sha256"] == contract.text_sha256
        assert kept.purge_after == session.ends_on.replace(year=session.ends_on.year + 10)


def test_her_contract_follows_a_transfer_and_its_steps_follow_the_new_calendar(demo):
    """Staff move her to a later session of the course: the contract (price, text signed) goes with her, the
    steps not yet invoiced move by as many days as the start, the daily billing invoices them on her new
    enrolment, and she is told the new dates. Before, the steps stayed on the closed enrolment and were
    never invoiced."""
    contract = sign_contract(demo, SIGNED_AT)
    with demo.app_context():
        old = TrainingSession.get_by_id(contract.session_id)
        later = TrainingSession.create(course=old.course, title="Session de printemps",
                                       starts_on=old.starts_on + timedelta(days=14),
                                       ends_on=old.ends_on + timedelta(days=14))
        before = {s.position: s.bills_on for s in Instalment.select().where(Instalment.contract == contract.id)}
    staff = signed_in(demo, "gestion@petale.test")
    url = f"/gestion/inscriptions/{contract.enrollment_id}/transfert"
    preview = staff.get(url, query_string={"session_id": later.id})
    assert "Si un contrat de formation a été signé, il suit la personne" in readable(preview.get_data(as_text=True))
    with demo.app_context(), count_queries() as statements:
        done = submit(staff, url, {"session_id": str(later.id), "confirmed": "1"}, page=url)
    assert done.status_code == 303
    step_updates = [sql for sql in statements if sql.lstrip().upper().startswith('UPDATE "CONTRACT_INSTALMENT"')]
    assert len(step_updates) == 1, f"the steps move in one UPDATE, not one each: {step_updates}"
    with demo.app_context():
        moved = TrainingContract.get_by_id(contract.id)
        new = Enrollment.get_by_id(moved.enrollment_id)
        assert new.id != contract.enrollment_id and new.status == membership.ACTIVE and moved.session_id == later.id
        assert moved.text == contract.text and moved.share_cents == contract.share_cents, "what she signed stays"
        steps = list(Instalment.select().where(Instalment.contract == contract.id).order_by(Instalment.position))
        assert [s.bills_on for s in steps] == [before[s.position] + timedelta(days=14) for s in steps]
        billing.bill_due(steps[-1].bills_on)
        assert sum(i.total_cents for i in Invoice.select().where(Invoice.enrollment == new.id)) == 69000
    desk = readable(staff.get(f"/gestion/inscriptions/{new.id}/contrat").get_data(as_text=True))
    assert "Session de printemps" in desk and "Aucun contrat signé" not in desk, "staff find it on her new enrolment"
    run_jobs(demo)
    mail = [m for m in outbox(demo) if m["Subject"] == "Votre échéancier suit votre nouvelle session"]
    assert len(mail) == 1 and f"{steps[-1].bills_on:%d/%m/%Y}" in text_of(mail[0])
