"""A judicial or administrative request gets exactly the fields asked for, and the act is audited."""
from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest

from portal.invoicing import received
from portal.privacy.models import JudicialRequest
from portal.retention import sweep
from portal.timeutil import paris_today, utcnow
from portal.vault import files
from portal.vault.models import AuditEntry
from portal.vault.service import account_id_for_email
from tests.support.helpers import pdf_text, submit
from tests.support.learning_fixtures import signed_in
from tests.support.settlements import settle, two_trainees_of_one_opco

BASE = {"authority": "Tribunal judiciaire de Paris", "reference": "RG 26/01234", "email": "apprenant@petale.test"}


def produce(dpo, fields: list[str], email: str = BASE["email"]) -> bytes:
    """« Produire la réponse (PDF) »: back on the list, which says so and links to the answer, then the PDF."""
    response = submit(dpo, "/dpo/requisitions", {**BASE, "email": email, "fields": fields})
    assert response.status_code == 302 and "/dpo/requisitions?produite=" in response.headers["Location"]
    listed = unescape(dpo.get(response.headers["Location"]).get_data(as_text=True))
    number = response.headers["Location"].split("produite=")[1].split("#")[0]
    assert f"Réponse n° {number} produite et gardée" in listed, "the list says it was made"
    link = f'href="/dpo/requisitions/{number}.pdf"'
    assert listed.split('<h2>')[0].count(link) == 1, "its link at the top of the list"
    pdf = dpo.get(f"/dpo/requisitions/{number}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "attachment" in pdf.headers["Content-Disposition"]
    return pdf.data


def test_the_answer_holds_only_the_requested_fields_and_the_act_is_audited(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    assert 'href="/dpo/requisitions"' in dpo.get("/dpo/demandes").get_data(as_text=True)
    text = pdf_text(produce(dpo, ["full_name", "phone", "enrollments"]))
    # Field names in words, times in Paris, only what was asked.
    for expected in ("Réponse à une réquisition", "Tribunal judiciaire de Paris", "RG 26/01234", "Nom complet",
                     "Antoine Apprenant", "Téléphone", "06 12 00 00 05", "Inscriptions", "heure de Paris"):
        assert expected in text, expected
    assert "apprenant@petale.test" not in text and "full_name" not in text, "the email was not asked for"
    with demo.app_context():
        [entry] = AuditEntry.select().where(AuditEntry.action == "requisition")
        assert entry.reason == "Réquisition : Tribunal judiciaire de Paris, référence RG 26/01234"
        assert entry.fields == "full_name,phone" and entry.actor_role == "dpo"
        assert JudicialRequest.get().fields == "full_name,phone,enrollments"
    listed = unescape(dpo.get("/dpo/requisitions").get_data(as_text=True))
    assert "RG 26/01234" in listed


def test_main_zone_fields_alone_are_audited_too(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    text = pdf_text(produce(dpo, ["account_dates", "learning_events"]))
    assert "Dates de création du compte" in text and "Journal d'activité pédagogique" in text and "Création" in text
    with demo.app_context():
        assert AuditEntry.select().where(AuditEntry.action == "requisition").count() == 1


@pytest.mark.parametrize("form, message", [
    ({"authority": ""}, "autorité requérante"),
    ({"fields": []}, "exactement les données"),
    ({"fields": ["full_name", "password_hash"]}, "exactement les données"),
    ({"email": "inconnu@example.org"}, "Aucun compte"),
])
def test_incomplete_requests_are_refused_and_leave_no_trace(demo, form, message):
    dpo = signed_in(demo, "dpo@petale.test")
    response = submit(dpo, "/dpo/requisitions", {**BASE, "fields": ["full_name"], **form})
    assert response.status_code == 422 and message in unescape(response.get_data(as_text=True))
    with demo.app_context():
        assert JudicialRequest.select().count() == 0 and AuditEntry.select().count() == 0


def test_only_the_dpo_answers_requisitions(demo):
    assert signed_in(demo, "gestion@petale.test").get("/dpo/requisitions").status_code == 403


def test_a_reference_naming_the_person_is_refused_and_nothing_is_recorded(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    response = submit(dpo, "/dpo/requisitions", {**BASE, "reference": "Ministère public c/ Antoine Apprenant",
                                                 "fields": ["full_name"]})
    assert response.status_code == 422
    assert "ni le nom" in unescape(response.get_data(as_text=True))
    with demo.app_context():
        assert JudicialRequest.select().count() == 0 and AuditEntry.select().count() == 0


def test_a_past_answer_downloads_again_as_it_was_sent_and_the_reading_is_journaled(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    sent = produce(dpo, ["full_name", "phone"])
    with demo.app_context():
        row = JudicialRequest.get()
        logged = AuditEntry.select().count()
    listed = dpo.get("/dpo/requisitions").get_data(as_text=True)
    link = f'href="/dpo/requisitions/{row.id}.pdf"'
    assert link in listed and 'data-hx-boost="false"' in listed.split(link)[0][-40:], "a plain link to a file"
    assert f"Télécharger la réponse n° {row.id} (PDF)" in unescape(listed)
    again = dpo.get(f"/dpo/requisitions/{row.id}.pdf")
    assert again.status_code == 200 and again.mimetype == "application/pdf"
    assert again.data == sent, "the answer as it was sent, not made anew"
    assert f'filename="reponse-requisition-{row.id}.pdf"' in again.headers["Content-Disposition"]
    with demo.app_context():
        [entry] = AuditEntry.select().order_by(AuditEntry.id)[logged:]
        assert entry.action == "lecture" and entry.actor_role == "dpo" and entry.subject_id == row.account_id
        assert entry.workflow == "nouvelle copie d'une réponse à une réquisition"
        assert files.get(row.answer_stored) == sent, "kept in the vault's files"
    assert dpo.get("/dpo/requisitions/999999.pdf").status_code == 404
    for other in ("gestion@petale.test", "apprenant@petale.test"):
        assert signed_in(demo, other).get(f"/dpo/requisitions/{row.id}.pdf").status_code == 403


def test_an_answer_made_before_answers_were_kept_says_so_instead_of_a_link(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    submit(dpo, "/dpo/requisitions", {**BASE, "fields": ["full_name"]})
    with demo.app_context():
        JudicialRequest.update(answer_stored=None).execute()
        row = JudicialRequest.get()
    listed = unescape(dpo.get("/dpo/requisitions").get_data(as_text=True))
    assert "elle n'est pas disponible" in listed and f"/dpo/requisitions/{row.id}.pdf" not in listed
    assert dpo.get(f"/dpo/requisitions/{row.id}.pdf").status_code == 404


def test_the_kept_answer_goes_with_its_row_five_years_after_the_answer(demo):
    submit(signed_in(demo, "dpo@petale.test"), "/dpo/requisitions", {**BASE, "fields": ["full_name"]})
    with demo.app_context():
        row = JudicialRequest.get()
        answered_on = row.answered_at.date()
        sweep.sweep(answered_on.replace(year=answered_on.year + 5) - timedelta(days=1))
        assert JudicialRequest.select().count() == 1 and files.get(row.answer_stored) is not None
        sweep.sweep(answered_on.replace(year=answered_on.year + 5) + timedelta(days=2))
        assert JudicialRequest.select().count() == 0 and files.get(row.answer_stored) is None


def test_payments_read_in_euros_and_a_payment_known_to_the_day_gives_its_day(demo):
    """The answer printed « montant (centimes) : 70000 » and a cheque recorded from a bank statement (kept at
    noon) as « 12:00 »: an invented time (a dpo walk, 08/12/2026)."""
    invoices = two_trainees_of_one_opco(demo)
    staff = signed_in(demo, "gestion@petale.test")
    assert settle(staff, {"reference": "VIR 0042", "amount": "190"}, {invoices["antoine"]: "190"}).status_code == 303
    dpo = signed_in(demo, "dpo@petale.test")
    text = " ".join(pdf_text(produce(dpo, ["payments"])).split()).replace("\u202f", " ").replace("\u00a0", " ")
    assert "190,00 €" in text and "centimes" not in text
    assert f"Règlement du {paris_today():%d/%m/%Y}, virement, réf. banque VIR 0042 · facture :" in text
    assert "12:00" not in text and "heure de Paris)" not in text.split("Paiements")[1]


def test_the_answer_names_payments_and_codes_in_words_not_the_portals_ids(demo):
    """The answer printed « référence : rgl_3fef6e6d09099629-1 » (the portal's settlement id), « employee » and
    « http://adlnet.gov/expapi/verbs/completed »: words its reader cannot use (a dpo walk, 08/12/2026)."""
    invoices = two_trainees_of_one_opco(demo)
    staff = signed_in(demo, "gestion@petale.test")
    assert settle(staff, {"reference": "VIR 0042", "amount": "100"}, {invoices["antoine"]: "100"}).status_code == 303
    assert settle(staff, {"reference": "n° 4471203", "amount": "10", "method": "cheque"},
                  {invoices["antoine"]: "10"}).status_code == 303
    with demo.app_context():
        antoine = account_id_for_email("apprenant@petale.test")
        received.receive(invoices["antoine"], antoine, 8000, "pi_3QxCardProvider", utcnow(), "4242")
    dpo = signed_in(demo, "dpo@petale.test")
    text = " ".join(pdf_text(produce(dpo, ["professional_status", "learning_events", "payments"])).split())
    for expected in ("Salarié", "a consulté", "a terminé", "Règlement du", "virement, réf. banque VIR 0042",
                     "chèque, réf. n° 4471203",
                     "Paiement par carte bancaire du", "carte se terminant par 4242",
                     "réf. du prestataire de paiement pi_3QxCardProvider"):
        assert expected in text, expected
    for internal in ("rgl_", "employee", "http", "verb", "amount_cents", "card_last4", "_"):
        assert internal not in text.replace("pi_3QxCardProvider", ""), internal
