"""A judicial or administrative request gets exactly the fields asked for, and the act is audited."""
from __future__ import annotations

from html import unescape

import pytest

from portal.privacy.models import JudicialRequest
from portal.vault.models import AuditEntry
from tests.support.helpers import pdf_text, submit
from tests.support.learning_fixtures import signed_in

BASE = {"authority": "Tribunal judiciaire de Paris", "reference": "RG 26/01234", "email": "apprenant@petale.test"}


def test_the_answer_holds_only_the_requested_fields_and_the_act_is_audited(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    assert 'href="/dpo/requisitions"' in dpo.get("/dpo/demandes").get_data(as_text=True)
    response = submit(dpo, "/dpo/requisitions", {**BASE, "fields": ["full_name", "phone", "enrollments"]})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    text = pdf_text(response.data)
    # Field names in words, times in Paris, only what was asked.
    for expected in ("Réponse à une réquisition", "Tribunal judiciaire de Paris", "RG 26/01234", "Nom complet",
                     "Antoine Apprenant", "Téléphone", "+33612000005", "Inscriptions", "heure de Paris"):
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
    response = submit(dpo, "/dpo/requisitions", {**BASE, "fields": ["account_dates", "learning_events"]})
    text = pdf_text(response.data)
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
