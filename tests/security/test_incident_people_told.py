"""What an incident says of the people it touched, as they were really told: her /mes-donnees counts only the
incidents she was told of, and the incident page says « non prévenue » when the dpo decided not to tell people
(article 34(3)) rather than « pas encore » (a dpo walk found both); the dpo enters when the CNIL was notified;
the form names the data in the dpo's words, not « vos données »."""
from __future__ import annotations

from datetime import timedelta

from portal.security.models import Incident
from portal.timeutil import to_paris, utcnow
from tests.support.helpers import readable, run_jobs, submit
from tests.support.learning_fixtures import signed_in

DISCOVERED = to_paris(utcnow()) - timedelta(hours=5)
INCIDENT = {"occurred_on": DISCOVERED.date().isoformat(), "nature": "Une liste d'inscrits envoyée au mauvais "
            "destinataire.", "categories": ["identity", "security"], "measures": "Le destinataire l'a effacée.",
            "emails": "apprenant@petale.test", "discovered_at": DISCOVERED.strftime("%Y-%m-%dT%H:%M"),
            "consequences": "Aucune, le destinataire est de confiance."}
TOLD = "Incidents de sécurité dont vous avez été avertie ou averti"


def _record(dpo) -> str:
    created = submit(dpo, "/dpo/incidents", INCIDENT)
    assert created.status_code == 302, readable(created.get_data(as_text=True))
    return created.headers["Location"]


def test_a_decision_not_to_tell_is_not_counted_as_told_and_the_page_says_so(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    learner = signed_in(demo, "apprenant@petale.test")
    page = _record(dpo)
    assert "pas encore" in readable(dpo.get(page).get_data(as_text=True)), "not told yet, nothing decided"
    assert submit(dpo, f"{page}/sans-notification", {"ground": "risque_ecarte", "reason": "Effacée le jour même."},
                  page=page).status_code == 302
    shown = readable(dpo.get(page).get_data(as_text=True))
    assert "non prévenue : décision art. 34.3" in shown and "pas encore" not in shown
    assert TOLD not in readable(learner.get("/mes-donnees").get_data(as_text=True)), "she was never told"

    told = _record(dpo)
    assert submit(dpo, f"{told}/notifier", {}, page=told).status_code == 302
    run_jobs(demo)
    mine = readable(learner.get("/mes-donnees").get_data(as_text=True))
    assert TOLD in mine and mine.split(TOLD)[1].split("</td>")[0].endswith(">1"), "the one she was told of"


def test_the_dpo_enters_when_the_cnil_was_notified_in_the_past_only(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    page = _record(dpo)
    later = (DISCOVERED + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    future = submit(dpo, f"{page}/cnil", {"reference": "CNIL-1", "notified_at": (to_paris(utcnow()) + timedelta(
        hours=3)).strftime("%Y-%m-%dT%H:%M")}, page=page)
    assert future.status_code == 422 and "entre la découverte" in readable(future.get_data(as_text=True))
    before = submit(dpo, f"{page}/cnil", {"reference": "CNIL-1", "notified_at": (DISCOVERED - timedelta(hours=1))
                                          .strftime("%Y-%m-%dT%H:%M")}, page=page)
    assert before.status_code == 422
    assert submit(dpo, f"{page}/cnil", {"reference": "CNIL-1", "notified_at": later}, page=page).status_code == 302
    with demo.app_context():
        assert to_paris(Incident.get().authority_notified_at).strftime("%Y-%m-%dT%H:%M") == later
    assert f"CNIL notifiée le {(DISCOVERED + timedelta(hours=2)).strftime('%d/%m/%Y')}" in readable(
        dpo.get(page).get_data(as_text=True))


def test_the_incident_form_names_the_data_in_the_dpos_words(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    form = readable(dpo.get("/dpo/incidents").get_data(as_text=True))
    assert "Sécurité de leur compte" in form and "Demandes sur leurs données" in form
    assert "vos données" not in form and "votre compte" not in form
    shown = readable(dpo.get(_record(dpo)).get_data(as_text=True))
    assert "Sécurité de leur compte" in shown and "Sécurité de votre compte" in shown.split("<pre")[1], \
        "the notice she will read keeps her words"
