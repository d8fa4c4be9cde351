"""A person paying her training herself: the price and schedule said before she enrols, the contract read
and signed online (which enrols her), kept as signed, mailed, printed with every mention of L6353-4."""
from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from portal.accounts.models import Account
from portal.contracts import text
from portal.contracts.models import Instalment, TrainingContract
from portal.formatting import money
from portal.i18n import language
from portal.learning import membership
from portal.learning.models import Enrollment, TrainingSession
from portal.learning.outline import LOCKED, outline
from portal.timeutil import paris_today
from portal.vault.service import account_id_for_email
from tests.support.contracts import ADVANCED, LEA_ADDRESS, NEWCOMER, advanced_session, newcomer, sign_contract
from tests.support.helpers import csrf_token, outbox, pdf_text, readable, run_jobs, submit, text_of
from tests.support.learning_fixtures import signed_in


def test_self_funding_leads_to_the_contract_and_signing_enrols_her(demo):
    newcomer(demo)
    learner = signed_in(demo, NEWCOMER)
    course_page = readable(learner.get(f"/cours/{ADVANCED}").get_data(as_text=True))
    assert "Prix et paiement" in course_page and "acompte de 30 %" in course_page
    with demo.app_context():
        session = advanced_session()
        account_id = account_id_for_email(NEWCOMER)
    chosen = submit(learner, f"/cours/{ADVANCED}/inscription", {"session_id": session.id, "funding": "self"},
                    page=f"/cours/{ADVANCED}")
    assert chosen.status_code == 303 and f"/cours/{ADVANCED}/contrat?session={session.id}" in chosen.headers["Location"]
    with demo.app_context():
        assert not Enrollment.select().where(membership.active_enrollment(account_id)).exists(), \
            "choosing to pay herself enrols no one before the contract is signed"
    page = learner.get(f"/cours/{ADVANCED}/contrat?session={session.id}")
    html = readable(page.get_data(as_text=True))
    assert page.status_code == 200 and "Je signe le contrat" in html and "Délai de rétractation" in html
    assert "Entre les soussignés" in html and "Ci-après « le prestataire »" in html, "the parties, as in the PDF"
    assert "Ci-après « le stagiaire »" in html and "adresse indiquée à la signature" in html
    fingerprint = html.split('name="fingerprint" value="')[1].split('"')[0]
    unticked = learner.post(f"/cours/{ADVANCED}/contrat", data={
        "session_id": session.id, "fingerprint": fingerprint, "csrf_token": csrf_token(html)})
    both = readable(unticked.get_data(as_text=True))
    assert unticked.status_code == 422 and "Cochez la case" in both
    assert "Indiquez votre adresse postale" in both and 'action="#signer"' in both, "every error at once, in view"
    stale = learner.post(f"/cours/{ADVANCED}/contrat", data={
        "session_id": session.id, "fingerprint": "0" * 64, "accept": "y", "csrf_token": csrf_token(html),
        "postal_address": LEA_ADDRESS})
    assert stale.status_code == 409 and "relisez-le" in readable(stale.get_data(as_text=True))
    assert "Votre adresse postale" in html, "her profile keeps none: the contract asks for it"
    no_address = learner.post(f"/cours/{ADVANCED}/contrat", data={
        "session_id": session.id, "fingerprint": fingerprint, "accept": "y", "csrf_token": csrf_token(html)})
    assert no_address.status_code == 422 and "Indiquez votre adresse postale" in readable(
        no_address.get_data(as_text=True))
    signed = learner.post(f"/cours/{ADVANCED}/contrat", data={
        "session_id": session.id, "fingerprint": fingerprint, "accept": "y", "csrf_token": csrf_token(html),
        "postal_address": LEA_ADDRESS})
    assert signed.status_code == 303
    with demo.app_context():
        contract = TrainingContract.get(TrainingContract.account_id == account_id)
        enrollment = Enrollment.get_by_id(contract.enrollment_id)
        assert enrollment.status == membership.ACTIVE and enrollment.funding == "self"
        assert contract.text_sha256 == fingerprint and contract.terms_version == text.TERMS_VERSION
        assert [s["heading"] for s in json.loads(contract.text)] == list(text.MENTIONS)
        steps = list(Instalment.select().where(Instalment.contract == contract.id).order_by(Instalment.position))
        assert sum(s.amount_cents for s in steps) == contract.share_cents == contract.price_cents
        assert steps[0].kind == "deposit" and steps[0].amount_cents * 100 <= contract.share_cents * 30
    assert signed.headers["Location"].endswith(f"/mon-espace/contrats/{contract.id}")
    mine = readable(learner.get(f"/mon-espace/contrats/{contract.id}").get_data(as_text=True))
    assert "Je me rétracte" in mine and f"{contract.withdrawal_ends_on.day}" in mine
    assert "Entre les soussignés" in mine and LEA_ADDRESS.splitlines()[0] in mine, "the text signed names both"
    run_jobs(demo)
    mail = [m for m in outbox(demo) if m["Subject"] == "Votre contrat de formation Pétale"]
    assert len(mail) == 1 and "rétracter jusqu'au" in text_of(mail[0])
    again = learner.get(f"/cours/{ADVANCED}/contrat?session={session.id}")
    assert again.status_code == 422 and "déjà une inscription" in readable(again.get_data(as_text=True))


def test_the_pdf_contract_holds_every_mention_of_l6353_4(demo):
    contract = sign_contract(demo, datetime(2026, 12, 1, 9, 30))
    learner = signed_in(demo, NEWCOMER)
    response = learner.get(f"/mon-espace/contrats/{contract.id}.pdf")
    assert response.status_code == 200
    # Named like the certificate: the course and the day she signed, not our row number.
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="contrat-bouquets-de-saison-perfectionnement-2026-12-01.pdf"')
    printed = " ".join(pdf_text(response.data).split())
    for heading in text.MENTIONS:
        assert heading in printed, heading
    for expected in ("Léa Jardin", "Bouquets de saison — perfectionnement", "heures",
                     "Module 1", "attestation de fin de formation", "brevet professionnel", "Acompte de 30 %",
                     "force majeure",
                     "jusqu'au 11/12/2026 inclus", "01/12/2026 à 10:30", contract.text_sha256):
        assert expected in printed, expected
    other = signed_in(demo, "apprenant@petale.test")
    assert other.get(f"/mon-espace/contrats/{contract.id}.pdf").status_code == 404
    assert other.get(f"/mon-espace/contrats/{contract.id}").status_code == 404


def test_the_objectives_are_listed_on_the_page_as_in_the_pdf(demo):
    contract = sign_contract(demo, datetime(2026, 12, 1, 9, 30))
    html = signed_in(demo, NEWCOMER).get(f"/mon-espace/contrats/{contract.id}").get_data(as_text=True)
    assert "<li>Composer selon la saison et le budget du client</li>" in html
    assert "<li>Maîtriser les bouquets structurés</li>" in html and "- Composer" not in html
    # One way of writing dates on the page: days in words, the signature's too.
    assert "1er décembre 2026 à 10:30" in html and "01/12/2026" not in html


def test_the_signed_text_stays_as_signed_when_the_course_changes(demo):
    contract = sign_contract(demo, datetime(2026, 12, 1, 9, 30))
    with demo.app_context():
        course = advanced_session().course
        course.objectives = "Des objectifs réécrits après la signature."
        course.save()
    learner = signed_in(demo, NEWCOMER)
    page = readable(learner.get(f"/mon-espace/contrats/{contract.id}").get_data(as_text=True))
    assert "Des objectifs réécrits" not in page


def test_her_contract_pages_speak_english_when_she_chose_it_and_the_text_stays_french(demo):
    contract = sign_contract(demo, datetime(2026, 12, 1, 9, 30))
    learner = signed_in(demo, NEWCOMER)
    submit(learner, "/langue", {"langue": "en", "next": "/mon-espace"}, page="/mon-espace")
    page = readable(learner.get(f"/mon-espace/contrats/{contract.id}").get_data(as_text=True))
    assert "My training contract" in page and "Payment schedule" in page and "Deposit" in page
    assert "Délai de rétractation" in page, "the contract itself is a French legal text"
    assert "My contracts" in readable(learner.get("/mon-espace/contrats").get_data(as_text=True))
    course = readable(learner.get(f"/cours/{ADVANCED}").get_data(as_text=True))
    assert "Price and payment" in course and "30% deposit" in course


@pytest.mark.parametrize("start_now", [False, True], ids=["waits", "asked-to-start"])
def test_her_lessons_open_after_the_withdrawal_period_unless_she_asks_to_start_at_once(demo, start_now):
    newcomer(demo)
    with demo.app_context():
        running = TrainingSession.get(TrainingSession.title == "Session A")  # started three weeks ago
        account_id = account_id_for_email(NEWCOMER)
    learner = signed_in(demo, NEWCOMER)
    course = f"/cours/{running.course.slug}"
    html = readable(learner.get(f"{course}/contrat?session={running.id}").get_data(as_text=True))
    assert "les modules restent fermés" in html and "Je demande à commencer la formation dès maintenant" in html
    fingerprint = html.split('name="fingerprint" value="')[1].split('"')[0]
    form = {"session_id": running.id, "fingerprint": fingerprint, "accept": "y", "csrf_token": csrf_token(html),
            "postal_address": LEA_ADDRESS}
    asked = {"start_now": "y"} if start_now else {}
    assert learner.post(f"{course}/contrat", data={**form, **asked}).status_code == 303
    today = paris_today()
    with demo.app_context():
        contract = TrainingContract.get(TrainingContract.account_id == account_id)
        assert contract.early_start is start_now
        first = outline(account_id, running.course_id, today).lessons[0]
        later = outline(account_id, running.course_id, contract.withdrawal_ends_on + timedelta(days=1)).lessons[0]
    assert later.state != LOCKED
    if start_now:
        assert first.state != LOCKED and learner.get(f"/lecon/{first.id}").status_code == 200
    else:
        assert first.state == LOCKED and first.opens_on == contract.withdrawal_ends_on + timedelta(days=1)
        assert learner.get(f"/lecon/{first.id}").status_code == 403
    # The signed contract's page says where she goes next: the first lesson, or the day lessons open.
    signed = readable(learner.get(f"/mon-espace/contrats/{contract.id}").get_data(as_text=True))
    if start_now:
        assert f'href="/lecon/{first.id}"' in signed and "Commencer la formation" in signed
    else:
        assert "Commencer la formation" not in signed
        opens = readable(f"{first.opens_on.day}")
        assert "Les leçons s'ouvrent le " + opens in signed, signed


def test_the_signed_contracts_mail_reads_in_her_language_dates_and_amounts_included(demo):
    """Its amount and dates were written in French when the mail was queued (« 07/12/2026 à 20:42 », « 630,00 € »):
    an English reader now reads them her way, as her pages write them."""
    contract = sign_contract(demo, datetime(2026, 12, 1, 9, 30))
    with demo.app_context():  # the mail is queued, not yet written: it is written in her language
        Account.update(language="en").where(Account.id == account_id_for_email(NEWCOMER)).execute()
    run_jobs(demo)
    [mail] = [m for m in outbox(demo) if m["Subject"] == "Your Pétale training contract"]
    with demo.test_request_context(), language("en"):
        amount = money(contract.share_cents)
    said = text_of(mail)
    assert amount in said and "1 Dec 2026, 10:30" in said, said
    assert f"{contract.withdrawal_ends_on.day} Dec 2026" in said and "/2026" not in said and ",00" not in said
