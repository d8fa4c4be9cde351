"""Every letter printed for a request is listed on its page (when, what it said) and can be printed again, the
same file, even once the request is closed and the address it gave forgotten (a newcomer's walk found no trace of
the letters posted). The file carries her name and address: it is kept in the vault's files, never in the main
zone, and leaves with her account when it is erased."""
from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

from portal.personal_data import registry
from portal.privacy.models import DataRequest, RequestLetterMade
from portal.timeutil import paris_today
from portal.vault import files
from tests.support.busy_learner import post
from tests.support.learning_fixtures import signed_in
from tests.support.letters import PAGE, letter_without_email, record_letter

ANSWER = {"answer": "Nous ne détenons aucune donnée vous concernant.", "by_post": "y"}
LINK = re.compile(r'href="(/dpo/demandes/\d+/lettres/\d+\.pdf)"')


def _page(dpo, request_id: int) -> str:
    return unescape(dpo.get(f"{PAGE}/{request_id}").get_data(as_text=True))


def test_a_printed_letter_is_listed_and_printed_again_the_same_file_after_closing(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    request = letter_without_email(dpo, demo)
    assert LINK.search(_page(dpo, request.id)) is None
    printed = post(dpo, f"{PAGE}/{request.id}/cloture/lettre.pdf", ANSWER, PAGE)
    assert printed.status_code == 200
    page = _page(dpo, request.id)
    assert "lettre imprimée (réponse)" in page
    [link] = LINK.findall(page)
    assert post(dpo, f"{PAGE}/{request.id}/cloture", {**ANSWER, "confirmed": "y"}, PAGE).status_code == 302
    again = dpo.get(link)
    assert again.status_code == 200 and again.mimetype == "application/pdf"
    assert again.data == printed.data, "the same file as then"
    with demo.app_context():
        [kept] = RequestLetterMade.select().where(RequestLetterMade.request == request.id)
        assert kept.kind == "answer" and len(kept.stored) == 32
        other = DataRequest.create(account_id=None, requester_id=request.requester_id, kind="access",
                                   due_on=paris_today())
    assert dpo.get(f"{PAGE}/{other.id}/lettres/{kept.id}.pdf").status_code == 404, "only its own request's"


def test_an_erased_accounts_letters_leave_with_her_account(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    assert record_letter(dpo, {"email": "apprenant@petale.test", "kind": "erasure", "channel": "courrier",
                               "postal_address": "8 impasse des Tilleuls\n33000 Bordeaux",
                               "received_on": paris_today().isoformat()}).status_code == 302
    with demo.app_context():
        request = DataRequest.select().order_by(DataRequest.id.desc()).first()
    given = {"identity_method": "signature", "identity_check": "signature identique au contrat",
             "confirmation": "EFFACER"}
    assert post(dpo, f"{PAGE}/{request.id}/execution/lettre.pdf", given, PAGE).status_code == 200
    assert "lettre imprimée (demande exécutée)" in _page(dpo, request.id)
    [link] = LINK.findall(_page(dpo, request.id))
    assert post(dpo, f"{PAGE}/{request.id}/execution", {**given, "confirmed": "y"}, PAGE).status_code == 302
    page = _page(dpo, request.id)
    assert "lettre imprimée (demande exécutée)" in page and "son fichier est effacé avec son compte" in page
    assert dpo.get(link).status_code == 404
    with demo.app_context():
        assert RequestLetterMade.get(RequestLetterMade.request == request.id).stored is None


def test_the_letters_of_a_request_leave_with_it_when_the_register_no_longer_keeps_it(demo):
    """The policy keeps a request's record five years after its answer: its printed letters (her name and address)
    go with it, files included, never kept longer than the request they answered."""
    dpo = signed_in(demo, "dpo@petale.test")
    request = letter_without_email(dpo, demo)
    assert post(dpo, f"{PAGE}/{request.id}/cloture/lettre.pdf", ANSWER, PAGE).status_code == 200
    assert post(dpo, f"{PAGE}/{request.id}/cloture", {**ANSWER, "confirmed": "y"}, PAGE).status_code == 302
    with demo.app_context():
        [kept] = RequestLetterMade.select().where(RequestLetterMade.request == request.id)
        assert files.get(kept.stored) is not None
        closed = DataRequest.get_by_id(request.id).closed_at
        registry.expire_all(date(closed.year + 4, 12, 31), frozenset())
        assert files.get(kept.stored) is not None, "within its five years: kept"
        registry.expire_all(date(closed.year + 5, 12, 31) + timedelta(days=1), frozenset())
        assert not RequestLetterMade.select().where(RequestLetterMade.request == request.id).exists()
        assert files.get(kept.stored) is None, "the file leaves with its record"
