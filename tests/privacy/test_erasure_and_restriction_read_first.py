"""An erasure, a restriction and its lifting carried out from the register are read before they are done, as an
objection or a rectification is (the same page, « Relire avant d'envoyer »), and a request that came by post gets
the same words as a window-envelope letter to print, addressed where her letter said (a newcomer's walk found the
erasure done at once, and no letter to post to someone who wrote)."""
from __future__ import annotations

from datetime import timedelta
from html import unescape

from portal.accounts.models import DELETED, Account
from portal.privacy.models import DataRequest, RequestStep
from portal.standing.service import is_restricted
from portal.timeutil import paris_today
from portal.vault.service import account_id_for_email
from tests.support.busy_learner import post
from tests.support.helpers import pdf_text
from tests.support.learning_fixtures import signed_in
from tests.support.letters import PAGE, record_letter

CHECK = {"identity_method": "signature", "identity_check": "signature identique au contrat"}
ADDRESS = "8 impasse des Tilleuls\n33000 Bordeaux"


def _letter(demo, dpo, kind: str, channel: str = "courrier") -> DataRequest:
    assert record_letter(dpo, {"email": "apprenant@petale.test", "kind": kind, "channel": channel,
                               "postal_address": ADDRESS, "received_on": paris_today().isoformat()}
                         ).status_code == 302
    with demo.app_context():
        return DataRequest.select().order_by(DataRequest.id.desc()).first()


def _shown(response) -> str:
    return unescape(response.get_data(as_text=True)).replace("\u202f", " ").replace("\u00a0", " ")


def _words(pdf: bytes) -> str:
    return " ".join(pdf_text(pdf).split())


def test_an_erasure_by_post_is_read_and_printed_before_it_is_done(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    request = _letter(demo, dpo, "erasure")
    given = {**CHECK, "confirmation": "EFFACER"}
    asked = post(dpo, f"{PAGE}/{request.id}/execution", given, PAGE)
    page = _shown(asked)
    assert asked.status_code == 200 and "Relire avant d'envoyer" in page
    assert "votre compte Pétale est supprimé" in page and "c'est définitif" in page
    assert f'formaction="/dpo/demandes/{request.id}/execution/lettre.pdf"' in page
    with demo.app_context():
        account = account_id_for_email("apprenant@petale.test")
        assert account is not None and Account.get_by_id(account).status != DELETED, "nothing done yet"
    letter = post(dpo, f"{PAGE}/{request.id}/execution/lettre.pdf", given, PAGE)
    assert letter.status_code == 200 and letter.mimetype == "application/pdf"
    words = _words(letter.data)
    for said in ("Antoine", "8 impasse des Tilleuls", "33000 Bordeaux", "votre compte Pétale est supprimé",
                 f"demande n° {request.id}"):
        assert said in words, said
    assert "signature identique" not in words, "how her identity was checked stays in the register"
    assert "le courriel qui confirme l'effacement en donne la liste" in words, "her archive not known yet: not said"
    assert "Nous ne gardons aucune pièce" not in words
    refused = post(dpo, f"{PAGE}/{request.id}/execution", {**CHECK, "confirmation": "non"}, PAGE)
    assert refused.status_code == 422 and "EFFACER" in _shown(refused), "refused before it is shown"
    assert post(dpo, f"{PAGE}/{request.id}/execution", {**given, "confirmed": "y"}, PAGE).status_code == 302
    with demo.app_context():
        assert Account.get_by_id(account).status == DELETED


def test_a_restriction_and_its_lifting_are_read_first_and_printed_for_a_letter(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    request = _letter(demo, dpo, "restriction")
    with demo.app_context():
        account = account_id_for_email("apprenant@petale.test")
    given = {**CHECK, "ground": "accuracy"}
    asked = post(dpo, f"{PAGE}/{request.id}/execution", given, PAGE)
    assert asked.status_code == 200 and "le traitement de vos données est limité" in _shown(asked)
    with demo.app_context():
        assert not is_restricted(account) and not RequestStep.select().where(RequestStep.request == request.id).exists()
    letter = post(dpo, f"{PAGE}/{request.id}/execution/lettre.pdf", given, PAGE)
    assert "le traitement de vos données est limité" in _words(letter.data)
    assert "33000 Bordeaux" in _words(letter.data)
    assert "répondez à ce courriel" not in _words(letter.data) and "écrivez au délégué" in _words(letter.data)
    assert post(dpo, f"{PAGE}/{request.id}/execution", {**given, "confirmed": "y"}, PAGE).status_code == 302
    with demo.app_context():
        assert is_restricted(account)
    # Its ground ceased: she is first told the day and the reason (article 18(3)), read first and printed too.
    tomorrow = paris_today() + timedelta(days=1)
    announcing = {"reason": "Votre adresse est vérifiée et exacte.", "lift_on": tomorrow.isoformat()}
    asked = post(dpo, f"{PAGE}/{request.id}/execution", announcing, PAGE)
    assert asked.status_code == 200 and f"sera levée le {tomorrow:%d/%m/%Y}" in _shown(asked)
    with demo.app_context():
        assert DataRequest.get_by_id(request.id).lift_on is None, "nothing announced before she confirms"
    announced = _words(post(dpo, f"{PAGE}/{request.id}/execution/lettre.pdf", announcing, PAGE).data)
    assert f"sera levée le {tomorrow:%d/%m/%Y}" in announced and "33000 Bordeaux" in announced
    assert "répondez à ce courriel" not in announced and "écrivez au délégué" in announced
    assert post(dpo, f"{PAGE}/{request.id}/execution", {**announcing, "confirmed": "y"}, PAGE).status_code == 302
    with demo.app_context():
        assert is_restricted(account) and DataRequest.get_by_id(request.id).lift_on == tomorrow
        DataRequest.update(lift_on=paris_today()).where(DataRequest.id == request.id).execute()  # the day has come
    asked = post(dpo, f"{PAGE}/{request.id}/execution", {}, PAGE)
    assert asked.status_code == 200 and "La limitation du traitement de vos données est levée" in _shown(asked)
    with demo.app_context():
        assert is_restricted(account), "nothing lifted before she confirms"
    lifted = _words(post(dpo, f"{PAGE}/{request.id}/execution/lettre.pdf", {}, PAGE).data)
    assert "Votre adresse est vérifiée et exacte." in lifted and "écrivez au délégué" in lifted
    assert post(dpo, f"{PAGE}/{request.id}/execution", {"confirmed": "y"}, PAGE).status_code == 302
    with demo.app_context():
        assert not is_restricted(account)


def test_a_request_by_e_mail_has_no_letter_to_print(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    request = _letter(demo, dpo, "objection", channel="courriel")
    asked = post(dpo, f"{PAGE}/{request.id}/execution", {**CHECK, "objections": "marketing"}, PAGE)
    assert asked.status_code == 200 and "lettre.pdf" not in _shown(asked)
    assert post(dpo, f"{PAGE}/{request.id}/execution/lettre.pdf", {**CHECK, "objections": "marketing"},
                PAGE).status_code == 404


def test_closing_a_request_by_post_of_an_account_holder_offers_the_same_words_as_a_letter(demo):
    """An account holder who wrote is answered by mail as always and by a letter to the address her letter
    gave; the letter is kept in the request's history (a walk found only the mail offered)."""
    dpo = signed_in(demo, "dpo@petale.test")
    request = _letter(demo, dpo, "access")
    answer = {"answer": "Voici la copie de vos données, jointe à ce courrier.", "fiche": "y"}
    asked = post(dpo, f"{PAGE}/{request.id}/cloture", answer, PAGE)
    page = _shown(asked)
    assert asked.status_code == 200 and f'formaction="/dpo/demandes/{request.id}/cloture/lettre.pdf"' in page
    assert "Sa demande est arrivée par courrier" in page
    letter = post(dpo, f"{PAGE}/{request.id}/cloture/lettre.pdf", answer, PAGE)
    assert letter.status_code == 200 and letter.mimetype == "application/pdf"
    words = _words(letter.data)
    assert "8 impasse des Tilleuls" in words and "Voici la copie de vos données" in words
    history = _shown(dpo.get(f"{PAGE}/{request.id}")).split('id="historique"')[1]
    assert "lettre imprimée" in history
