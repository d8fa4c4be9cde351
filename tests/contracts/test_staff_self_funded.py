"""Issue #34: a person staff enrol as paying herself signs the same training contract (L6353-3) as one who
enrols herself online: she is mailed to sign it, her file and her space show it awaiting her signature, and
nothing is invoiced to her before she signs and her ten days to withdraw have run out — no split needed."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from portal.contracts import service as contracts
from portal.contracts.models import TrainingContract
from portal.db import main_db
from portal.demo.learning_seed import ADVANCED
from portal.invoicing import service as invoicing
from portal.invoicing.models import Invoice
from portal.jobs.models import JobRecord
from portal.learners import enrolments
from portal.learning.models import Enrollment, TrainingSession
from portal.mail.models import SentNotification
from portal.schema import router
from portal.timeutil import paris_today, to_paris
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
        signed_on = to_paris(contract.signed_at).date()  # her ten days run on the Paris calendar
        with pytest.raises(invoicing.InvoiceRefused, match="délai de rétractation"):
            invoicing.issue_invoice(enrollment.id, "learner", None, None, today=signed_on + timedelta(days=5),
                                    part="deposit", deposit_cents=1000)
        assert not Invoice.select().exists()
        assert contracts.charge_refusal(enrollment.id, signed_on + timedelta(days=11), from_contract=True) is None
        assert "échéances de son contrat" in contracts.charge_refusal(enrollment.id, signed_on + timedelta(days=11))
    assert "Un contrat vous attend" not in readable(learner.get("/mon-espace").get_data(as_text=True))


def test_a_split_setting_her_share_to_nothing_still_frees_her_from_signing(demo):
    enrollment = enrol_paying_herself(demo)
    with demo.app_context():
        price = enrollment.session.course.price_cents
        invoicing.set_shares(enrollment.id, {"learner": 0, "employer": price})
        assert contracts.learner_share(Enrollment.get_by_id(enrollment.id)) == 0
        assert contracts.charge_refusal(enrollment.id, TODAY) is None
        assert contracts.to_sign(enrollment.account_id, paris_today()) == []


def test_her_online_enrolment_needs_no_second_contract(demo):
    """She enrolled herself by signing: nothing more is asked of her."""
    contract = sign_contract(demo, datetime(2026, 12, 1, 9, 30))
    with demo.app_context():
        assert contracts.to_sign(contract.account_id, paris_today()) == []


def test_her_contract_says_staff_already_enrolled_her(demo):
    """Enrolled by staff, she read « Votre signature vaut inscription »: her enrolment is recorded already; her
    signature makes the contract and opens her ten days, and nothing was billed to her before. Who enrols by
    signing still reads that it enrols her."""
    enrollment = enrol_paying_herself(demo)
    learner = signed_in(demo, NEWCOMER)
    page = readable(learner.get(f"/mon-espace/inscriptions/{enrollment.id}/contrat").get_data(as_text=True))
    assert "vaut inscription" not in page
    assert "Votre inscription est déjà enregistrée. Votre signature conclut le contrat et ouvre votre délai de " \
           "rétractation" in page and "Rien ne vous a été facturé, et rien ne le sera avant" in page
    with demo.app_context():
        session = advanced_session()
    other = signed_in(demo, "apprenante2@petale.test")
    online = readable(other.get(f"/cours/{ADVANCED}/contrat", query_string={"session": session.id})
                      .get_data(as_text=True))
    assert "Votre signature vaut inscription" in online and "déjà enregistrée" not in online


def test_a_self_funded_enrolment_never_offered_its_contract_is_offered_once(demo):
    """Enrolled as paying herself before contracts were mailed (or by staff before the mail existed): nobody
    told her. The daily offer mails her the contract once; one already offered (staff enrolling her) is not
    mailed again; staff see « contrat non signé » on her file and among the session's participants."""
    newcomer(demo)
    with demo.app_context():
        lea = account_id_for_email(NEWCOMER)
        session = advanced_session()
        old = Enrollment.create(account_id=lea, session=session.id, funding=contracts.SELF_FUNDED)
        assert contracts.offer_unsigned(TODAY) == 1
        assert contracts.offer_unsigned(TODAY) == 0, "once"
    run_jobs(demo)  # the daily job as well: nothing more
    asked = [m for m in outbox(demo) if "contrat" in m["Subject"].lower() and NEWCOMER in m["To"]]
    assert len(asked) == 1 and f"/mon-espace/inscriptions/{old.id}/contrat" in text_of(asked[0])
    staff = signed_in(demo, "gestion@petale.test")
    her_file = readable(staff.get(f"/gestion/apprenants/{lea}").get_data(as_text=True))
    participants = readable(staff.get(f"/gestion/sessions/{session.id}/participants").get_data(as_text=True))
    assert "contrat non signé" in her_file and "contrat non signé" in participants
    assert participants.count("contrat non signé") == 1, "only hers: the others pay nothing themselves"


def test_the_daily_offer_leaves_alone_whom_staff_already_asked_and_ended_sessions(demo):
    enrollment = enrol_paying_herself(demo)  # staff enrolling her mailed the contract
    with demo.app_context():
        assert contracts.offer_unsigned(TODAY) == 0
        ended = TrainingSession.create(course=advanced_session().course_id, title="Session passée",
                                       starts_on=TODAY - timedelta(days=90), ends_on=TODAY - timedelta(days=30))
        Enrollment.create(account_id=account_id_for_email("apprenante2@petale.test"), session=ended.id,
                          funding=contracts.SELF_FUNDED)
        assert contracts.offer_unsigned(TODAY) == 0, "a training already over is no contract to offer now"
        assert contracts.unsigned_among([enrollment.id], paris_today()) == {enrollment.id}


def test_migration_095_keeps_the_offers_staff_enrolments_mailed_before_from_being_sent_twice(demo):
    """Staff enrolments mailed the contract before the offer had its key: those still in the job outbox get it,
    so that the daily offer does not mail them again."""
    enrollment = enrol_paying_herself(demo)
    with demo.app_context():
        SentNotification.delete().where(SentNotification.key == f"contract-offer:{enrollment.id}").execute()
        assert JobRecord.select().where(JobRecord.args.contains("contract_to_sign")).exists()
        migrations = router("main")
        migrate, _rollback = migrations.read("095_contract_offer_keys")
        migrator = migrations.migrator
        migrate(migrator, main_db.obj)
        migrator()
        assert SentNotification.get_or_none(SentNotification.key == f"contract-offer:{enrollment.id}") is not None
        assert contracts.offer_unsigned(TODAY) == 0
