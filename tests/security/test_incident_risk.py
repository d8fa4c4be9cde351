"""An incident's risk for the people decides what is owed: no risk likely spares the CNIL's notification with
a reasoned decision (GDPR art. 33(1)); a high risk obliges to tell the people (art. 34(1)) unless art. 34(3)
applies. A dpo walk (08/12/2026) found no way to record either: the register called the incident late."""
from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest

from portal.accountability import report
from portal.security.models import Incident
from portal.timeutil import paris_today, utcnow
from tests.support.helpers import pdf_text, submit
from tests.support.incidents import INCIDENT
from tests.support.learning_fixtures import signed_in

UNLIKELY = {"level": "unlikely", "reason": "Fichier chiffré (AES-256), clé jamais exposée : aucune donnée lisible."}


def text(client, path: str) -> str:
    return unescape(client.get(path).get_data(as_text=True)).replace("\u00a0", " ").replace("\u202f", " ")


def recorded(demo) -> tuple:
    dpo = signed_in(demo, "dpo@petale.test")
    page = submit(dpo, "/dpo/incidents", INCIDENT).headers["Location"]
    return dpo, page


def test_no_risk_likely_is_recorded_with_its_reasons_and_the_cnil_is_no_longer_late(demo):
    dpo, page = recorded(demo)
    with demo.app_context():
        Incident.update(discovered_at=utcnow() - timedelta(hours=80)).execute()
    assert "en retard de 8 heures" in text(dpo, "/dpo/incidents")
    before = text(dpo, page)
    assert "Évaluez le risque pour les personnes" in before and "risque à évaluer" in before
    assert submit(dpo, f"{page}/risque", UNLIKELY, page=page).status_code == 302
    shown = text(dpo, page)
    assert "Aucun risque probable pour les personnes" in shown and "AES-256" in shown
    assert "La CNIL n'est pas notifiée : la violation est peu susceptible d'engendrer un risque" in shown
    assert "en retard" not in shown and "La CNIL a été notifiée" not in shown
    listing = text(dpo, "/dpo/incidents")
    assert "CNIL non notifiée : aucun risque probable, décision motivée (article 33.1)" in listing
    assert "en retard" not in listing and "Aucun risque probable pour les personnes" in listing
    assert "information non obligatoire" in listing
    assert "Incident n° " not in text(dpo, "/dpo"), "nothing owed any more: off the dpo's home"


@pytest.mark.parametrize("form, message", [
    ({"level": "unlikely", "reason": ""}, "Expliquez l'évaluation du risque"),
    ({"level": "none", "reason": "raison"}, "Choisissez le niveau de risque"),
    ({"level": "high", "reason": "x" * 2001}, "2 000 caractères"),
])
def test_an_assessment_without_its_reasons_or_level_is_refused_in_words(demo, form, message):
    dpo, page = recorded(demo)
    refused = submit(dpo, f"{page}/risque", form, page=page)
    assert refused.status_code == 422 and message in unescape(refused.get_data(as_text=True)).replace("\u00a0", " ")
    with demo.app_context():
        assert Incident.get().risk_level is None


def test_no_risk_likely_is_refused_once_the_cnil_was_notified(demo):
    dpo, page = recorded(demo)
    submit(dpo, f"{page}/cnil", {"reference": "CNIL-2026-0042"}, page=page)
    refused = submit(dpo, f"{page}/risque", UNLIKELY, page=page)
    assert refused.status_code == 422 and "déjà été notifiée" in unescape(refused.get_data(as_text=True))


def test_a_high_risk_says_the_people_must_be_told_and_a_lesser_one_that_they_need_not(demo):
    dpo, page = recorded(demo)
    submit(dpo, f"{page}/risque", {"level": "high", "reason": "Adresses et téléphones lisibles."}, page=page)
    shown = text(dpo, page)
    assert "Un risque élevé pour les personnes" in shown and "les personnes sont informées sans tarder" in shown
    assert "Ne pas informer les personnes (article 34.3)" in shown and "CNIL à notifier avant le" in shown
    assert "personnes à prévenir (risque élevé)" in text(dpo, "/dpo")
    submit(dpo, f"{page}/risque", {"level": "risk", "reason": "Seuls des prénoms ; mots de passe changés."}, page=page)
    shown = text(dpo, page)
    assert "informer les personnes n'est pas obligatoire" in shown and "CNIL à notifier avant le" in shown
    assert "Ne pas informer les personnes (article 34.3)" not in shown, "no duty to set aside"
    home = text(dpo, "/dpo")
    assert "personnes : information non obligatoire (risque non élevé)" in home, "still listed: the CNIL is owed"


def test_the_quarterly_report_says_the_risk_and_what_was_done_in_words(demo):
    dpo, page = recorded(demo)
    submit(dpo, f"{page}/risque", UNLIKELY, page=page)
    quarter = report.quarter_of(paris_today())
    for said in (text(dpo, f"/dpo/rapport?trimestre={quarter}"),
                 " ".join(pdf_text(dpo.get("/dpo/rapport.pdf", query_string={"trimestre": quarter}).data).split())):
        said = said.replace("\u00a0", " ").replace("\u202f", " ")
        for expected in ("Aucun risque probable pour les personnes", "AES-256",
                         "CNIL non notifiée : aucun risque probable", "information non obligatoire"):
            assert expected in said, expected
        assert "unlikely" not in said and "not_owed" not in said
