"""The grounds of a restriction in the person's voice where she chooses them, and about her where the dpo reads
them (a dpo walk found « Je conteste l'exactitude de mes données » on the dpo's screens)."""
from __future__ import annotations

from html import unescape

from portal.privacy.models import DataRequest
from portal.privacy.restriction import GROUNDS, GROUNDS_SEEN
from portal.timeutil import paris_today
from tests.support.busy_learner import post
from tests.support.learning_fixtures import signed_in
from tests.support.letters import record_letter

FIRST_PERSON = ("Je ", "J'ai", " me ", " mes ", " mon ")


def test_the_dpos_words_speak_about_the_person(demo):
    for code, words in GROUNDS_SEEN.items():
        assert not any(mark in f" {words} " for mark in FIRST_PERSON), code
        assert code in GROUNDS, "the same grounds as the person's"


def test_the_dpo_reads_the_grounds_about_her_and_she_chooses_them_in_her_own_words(demo):
    learner = signed_in(demo, "apprenant@petale.test")
    center = unescape(learner.get("/mes-donnees").get_data(as_text=True))
    assert "Je conteste l'exactitude de mes données" in center, "her own choice, in her voice"
    assert post(learner, "/mes-donnees/limitation", {"ground": "accuracy", "details": "Mon adresse a changé.",
                                                     "understood": "y"}, "/mes-donnees").status_code == 302
    dpo = signed_in(demo, "dpo@petale.test")
    home = unescape(dpo.get("/dpo").get_data(as_text=True))
    register = unescape(dpo.get("/dpo/demandes").get_data(as_text=True))
    for page in (home, register):
        assert "Exactitude des données contestée par la personne" in page
        assert "Je conteste" not in page and "mes données" not in page
    assert "— Mon adresse a changé." in register, "what she added, quoted as she wrote it"

    assert record_letter(dpo, {"email": "apprenante2@petale.test", "kind": "restriction", "channel": "courrier",
                               "received_on": paris_today().isoformat()}).status_code == 302
    with demo.app_context():
        letter = DataRequest.get((DataRequest.kind == "restriction") & (DataRequest.channel == "courrier"))
    page = unescape(dpo.get(f"/dpo/demandes/{letter.id}").get_data(as_text=True))
    chooser = page.split('name="ground"')[1].split("</select>")[0]
    assert "Données nécessaires à la personne pour constater, exercer ou défendre un droit en justice" in chooser
    assert "J'ai besoin" not in chooser and "Je conteste" not in chooser
    checked = {"identity_method": "signature", "identity_check": "signature identique au contrat"}
    applying = post(dpo, f"/dpo/demandes/{letter.id}/execution", {**checked, "ground": "legal_claim", "confirmed": "y"},
                    "/dpo/demandes")
    assert applying.status_code == 302
    with demo.app_context():
        applied = DataRequest.get_by_id(letter.id)
        assert applied.detail == "Données nécessaires à la personne pour constater, exercer ou défendre un droit en " \
                                 "justice"
        assert "Je " not in applied.answer and "J'ai" not in applied.answer
