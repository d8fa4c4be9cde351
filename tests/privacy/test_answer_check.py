"""The answer the dpo types when closing a request goes to the person and stays in the register: when it
names another account holder or gives an e-mail address other than hers, the dpo is told in words and
nothing is sent until she confirms (or corrects it)."""
from __future__ import annotations

from datetime import timedelta
from html import unescape

from portal.accounts.models import Account
from portal.privacy.models import DataRequest
from portal.privacy.requests import open_request
from portal.timeutil import paris_today
from portal.vault.models import AuditEntry
from tests.support.busy_learner import post
from tests.support.helpers import outbox, run_jobs, text_of
from tests.support.learning_fixtures import signed_in

PAGE = "/dpo/demandes"


def antoines_request(app) -> DataRequest:
    with app.app_context():
        return open_request(Account.get(Account.display_name == "Antoine").id, "access")


def close(dpo, request_id: int, answer: str, **more):
    response = post(dpo, f"/dpo/demandes/{request_id}/cloture", {"answer": answer, **more}, PAGE)
    return response, unescape(response.get_data(as_text=True)).replace("\u202f", " ").replace("\u00a0", " ")


def sent_without_caution(dpo, request_id: int, answer: str):
    """Nothing found in it: the dpo reads what she will receive, with no warning, then confirms."""
    response, page = close(dpo, request_id, answer)
    assert response.status_code == 200 and "pourrait révéler" not in page and answer in page
    response, _ = close(dpo, request_id, answer, confirmed="y")
    return response


def is_closed(app, request_id: int) -> bool:
    with app.app_context():
        return DataRequest.get_by_id(request_id).closed_at is not None


def closing_mails(app) -> list:
    run_jobs(app)
    return [m for m in outbox(app) if "apprenant@petale.test" in m["To"]]


def test_an_answer_naming_another_account_holder_or_her_address_waits_for_the_dpo_to_confirm(demo):
    request = antoines_request(demo)
    dpo = signed_in(demo, "dpo@petale.test")
    with demo.app_context():
        logged = AuditEntry.select().count()
    answer = ("Voici vos données. Votre camarade amélie apprenante (apprenante2@petale.test) a reçu les mêmes "
              "informations.")
    response, page = close(dpo, request.id, answer)
    assert response.status_code == 200 and "Relire la réponse avant de l'envoyer" in page
    assert "La réponse nomme Amélie Apprenante, une autre personne qui a un compte." in page
    assert ("La réponse contient l'adresse électronique apprenante2@petale.test, qui n'est pas celle de la "
            "personne.") in page
    assert answer in page, "the answer is given back to correct"
    assert not is_closed(demo, request.id) and closing_mails(demo) == [], "nothing sent before the dpo confirms"
    with demo.app_context():
        # Besides the preview's read of his own name, for his greeting (tests/privacy/test_preview_names_her.py):
        [entry] = [e for e in AuditEntry.select().order_by(AuditEntry.id)[logged:]
                   if e.workflow != f"registre des demandes, demande n° {request.id}"]
        amelie = Account.get(Account.display_name == "Amélie").id
        assert entry.subject_id == amelie and entry.action == "recherche" and entry.fields == "full_name"
        assert entry.workflow == "contrôle d'une réponse avant envoi"

    response, _ = close(dpo, request.id, answer, confirmed="y")
    assert response.status_code == 302 and is_closed(demo, request.id)
    [told] = closing_mails(demo)
    assert "amélie apprenante" in text_of(told), "confirmed: sent as written"


def test_a_corrected_answer_is_checked_again_and_sent(demo):
    request = antoines_request(demo)
    dpo = signed_in(demo, "dpo@petale.test")
    response, _ = close(dpo, request.id, "Votre export est prêt ; écrivez à berenice@petale.test pour le reste.")
    assert response.status_code == 200 and not is_closed(demo, request.id)
    response, page = close(dpo, request.id, "Votre export est prêt ; écrivez-nous pour le reste.")
    assert response.status_code == 200 and not is_closed(demo, request.id), "read before it goes"
    assert "Confirmer, envoyer et clore" in page and "pourrait révéler" not in page
    response, _ = close(dpo, request.id, "Votre export est prêt ; écrivez-nous pour le reste.", confirmed="y")
    assert response.status_code == 302 and is_closed(demo, request.id)


def test_her_own_name_and_address_and_the_dpos_are_not_someone_else(demo):
    request = antoines_request(demo)
    dpo = signed_in(demo, "dpo@petale.test")
    response = sent_without_caution(dpo, request.id, "Bonjour Antoine Apprenant, votre export part à "
                                                     "apprenant@petale.test. Pour toute question : dpo@petale.test.")
    assert response.status_code == 302 and is_closed(demo, request.id)
    assert len(closing_mails(demo)) == 1


def test_a_letter_without_an_account_is_checked_against_the_address_she_gave(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    assert post(dpo, "/dpo/demandes/nouvelle", {
        "received_on": (paris_today() - timedelta(days=2)).isoformat(), "kind": "access", "channel": "courrier",
        "without_account": "y", "full_name": "Capucine Ancolie", "email": "capucine@example.org"},
        PAGE).status_code == 302
    with demo.app_context():
        request = DataRequest.get(DataRequest.requester_id.is_null(False))
    response, page = close(dpo, request.id, "Nous ne détenons rien sur vous ni sur capucine.a@example.org.")
    assert response.status_code == 200 and "capucine.a@example.org, qui n'est pas celle" in page
    response = sent_without_caution(dpo, request.id, "Nous ne détenons rien à l'adresse capucine@example.org.")
    assert response.status_code == 302 and is_closed(demo, request.id)


def test_a_long_answer_is_checked_whole(demo):
    """Thousands of words: the name near the end is found all the same, never a 500 (bound parameters)."""
    request = antoines_request(demo)
    dpo = signed_in(demo, "dpo@petale.test")
    answer = " ".join(f"Mot{i}" for i in range(3000)) + " et Fanny Fleuriste."
    response, page = close(dpo, request.id, answer)
    assert response.status_code == 200 and "La réponse nomme Fanny Fleuriste" in page


def test_a_holder_named_surname_first_in_capitals_is_found(demo):
    request = antoines_request(demo)
    dpo = signed_in(demo, "dpo@petale.test")
    response, page = close(dpo, request.id, "Nous avons aussi transmis le dossier de FLEURISTE Fanny à l'OPCO.")
    assert response.status_code == 200 and "La réponse nomme Fanny Fleuriste, une autre personne" in page
    response, page = close(dpo, request.id, "Voir aussi le dossier de feuillage félix.")
    assert response.status_code == 200 and "La réponse nomme Félix Feuillage" in page
    assert not is_closed(demo, request.id)


def test_a_phone_number_other_than_hers_waits_for_the_dpo_her_own_does_not(demo):
    request = antoines_request(demo)
    dpo = signed_in(demo, "dpo@petale.test")
    response, page = close(dpo, request.id, "Pour le reste, appelez Mme X au 06 12 00 00 03.")
    assert response.status_code == 200
    assert "La réponse contient le numéro de téléphone 06 12 00 00 03, qui n'est pas celui de la personne." in page
    assert not is_closed(demo, request.id) and closing_mails(demo) == []
    response = sent_without_caution(dpo, request.id, "Nous vous rappellerons au 06.12.00.00.05 comme demandé.")
    assert response.status_code == 302 and is_closed(demo, request.id), "her own number, written otherwise"
