"""A letter is attached to an account only on what identifies its author (her e-mail, her phone or her whole
name), and only once the dpo has seen whom it matched and why (a dpo walk found a short first name enough to
attach a letter to an account, unconfirmed)."""
from __future__ import annotations

from html import unescape

from portal.privacy.models import DataRequest
from portal.timeutil import paris_today
from portal.vault.models import Requester
from portal.vault.service import account_id_for_email, set_postal_address
from tests.support.busy_learner import post
from tests.support.learning_fixtures import signed_in

PAGE = "/dpo/demandes"


def letter(**fields) -> dict:
    return {"kind": "access", "channel": "courrier", "received_on": paris_today().isoformat(), **fields}


def send(dpo, **fields):
    response = post(dpo, "/dpo/demandes/nouvelle", letter(**fields), PAGE)
    return response, unescape(response.get_data(as_text=True))


def test_a_first_name_or_an_address_alone_matches_no_account(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    with demo.app_context():
        set_postal_address(account_id_for_email("apprenant@petale.test"), "3 rue des Pivoines\n75011 Paris")
    for fields, words in (({"full_name": "Antoine"}, "un prénom seul ne suffit pas"),
                          ({"full_name": "Apprenant"}, "un prénom seul ne suffit pas"),
                          ({"full_name": "Antoine Apprenan"}, "un prénom seul ne suffit pas"),
                          ({"postal_address": "3 rue des Pivoines, 75011 Paris"}, "son nom complet, son adresse")):
        response, html = send(dpo, **fields)
        assert response.status_code == 422 and words in html, fields
    with demo.app_context():
        assert not DataRequest.select().where(DataRequest.channel == "courrier").exists()


def test_the_match_is_shown_with_why_and_recorded_only_once_confirmed(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    with demo.app_context():
        antoine = account_id_for_email("apprenant@petale.test")
        amelie = account_id_for_email("apprenante2@petale.test")
        set_postal_address(antoine, "3 rue des Pivoines\n75011 Paris")
    given = {"full_name": "Antoine APPRENANT", "postal_address": "3, rue des Pivoines 75011 PARIS",
             "phone": "07 00 00 00 01"}
    response, html = send(dpo, **given)
    assert response.status_code == 200 and "Confirmer le compte que désigne sa lettre" in html
    assert "C'est bien cette personne : enregistrer la demande pour ce compte" in html, "neutral words"
    matched = html.split('id="correspondance"')[1].split("</dl>")[0]
    assert "Antoine Apprenant" in matched and "apprenant@petale.test" in matched
    assert "Concorde avec sa lettre</dt><dd class=\"ok\">nom complet, adresse postale" in matched
    assert "Diffère de sa lettre" in matched and "téléphone" in matched.split("Diffère de sa lettre")[1]
    with demo.app_context():
        assert not DataRequest.select().where(DataRequest.channel == "courrier").exists(), "nothing before confirming"
    tampered, _ = send(dpo, **given, confirmed_account=str(amelie))
    assert tampered.status_code == 200, "a confirmation names the account the letter matched, or is asked again"
    with demo.app_context():
        assert not DataRequest.select().where(DataRequest.channel == "courrier").exists()
    confirmed = post(dpo, "/dpo/demandes/nouvelle", letter(**given, confirmed_account=str(antoine)), PAGE)
    assert confirmed.status_code == 302
    assert "Demande enregistrée pour Antoine Apprenant" in unescape(dpo.get(PAGE).get_data(as_text=True))
    with demo.app_context():
        [row] = DataRequest.select().where(DataRequest.channel == "courrier")
        assert row.account_id == antoine
    page = unescape(dpo.get(f"{PAGE}/{row.id}").get_data(as_text=True))
    said = page.split("<dt>De</dt><dd>")[1].split("</dd>")[0]
    assert "ses accès" not in said and f"(réf. {str(antoine)[:8]})" in said, "the link apart, not in her name's line"
    assert f'href="/dpo/journal?personne={antoine}">Voir qui a consulté ses données</a>' in page


def test_not_her_the_dpo_records_the_letter_without_an_account(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    given = {"full_name": "Antoine Apprenant", "postal_address": "8 impasse des Lys\n33000 Bordeaux"}
    response, html = send(dpo, **given)
    assert response.status_code == 200 and "Ce n'est pas elle : enregistrer la demande sans compte" in html
    assert 'name="without_account" value="y"' in html
    assert send(dpo, **given, without_account="y")[0].status_code == 302
    with demo.app_context():
        [row] = DataRequest.select().where(DataRequest.channel == "courrier")
        assert row.account_id is None and Requester.get_by_id(row.requester_id).full_name == "Antoine Apprenant"
    same_address, html = send(dpo, email="apprenant@petale.test", without_account="y", full_name="Antoine Apprenant")
    assert same_address.status_code == 422 and "Un compte porte cette adresse électronique" in html


def test_cancelling_on_the_match_page_gives_the_letter_back_as_typed(demo):
    """« Annuler » used to be a plain link back to the register: everything typed from the letter was lost."""
    dpo = signed_in(demo, "dpo@petale.test")
    given = {"full_name": "Antoine Apprenant", "postal_address": "3 rue des Pivoines\n75011 Paris",
             "phone": "07 00 00 00 01", "kind": "objection"}
    response, html = send(dpo, **given)
    assert response.status_code == 200 and 'name="back" value="y"' in html
    cancel = html.split('name="back" value="y"')[0].rsplit("<form", 1)[1]
    for name, value in (("full_name", "Antoine Apprenant"), ("phone", "07 00 00 00 01"), ("kind", "objection")):
        assert f'name="{name}" value="{value}"' in cancel, name
    back, page = send(dpo, **given, back="y")
    assert back.status_code == 200 and "Demandes sur les données" in page
    form = page.split('id="enregistrer"')[1]
    assert 'value="Antoine Apprenant"' in form and 'value="07 00 00 00 01"' in form
    assert "3 rue des Pivoines\n75011 Paris</textarea>" in form
    assert '<option selected value="objection">' in form or 'value="objection" selected' in form
    assert f'value="{paris_today().isoformat()}"' in form
    with demo.app_context():
        assert not DataRequest.select().where(DataRequest.channel == "courrier").exists(), "nothing recorded"
