"""A request from someone without an account is answered, not only closed: her request's page offers the answer
for its kind (« nous ne détenons aucune donnée vous concernant »), which the dpo reads, sends by mail to the address
given or prints as a letter, and the register keeps (a newcomer's walk found only « Clore », with an empty line)."""
from __future__ import annotations

from datetime import timedelta
from html import unescape

from portal.privacy.models import DataRequest
from portal.timeutil import paris_today
from tests.support.busy_learner import post
from tests.support.helpers import outbox, pdf_text, run_jobs, text_of
from tests.support.learning_fixtures import signed_in
from tests.support.letters import PAGE

SEEN = {"confirmed": "y"}


def _recorded(demo, dpo, kind: str, **fields) -> DataRequest:
    assert post(dpo, "/dpo/demandes/nouvelle", {
        "received_on": (paris_today() - timedelta(days=1)).isoformat(), "kind": kind, "without_account": "y",
        "full_name": "Capucine Ancolie", **fields}, PAGE).status_code == 302
    with demo.app_context():
        return DataRequest.select().order_by(DataRequest.id.desc()).first()


def _offered(dpo, request: DataRequest) -> str:
    page = unescape(dpo.get(f"{PAGE}/{request.id}").get_data(as_text=True)).replace("\u00a0", " ")
    assert "Répondre et clore" in page
    return page.split('name="answer"')[1].split(">", 1)[1].split("</textarea>")[0]


def test_an_erasure_by_mail_is_answered_at_the_address_she_gave(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    request = _recorded(demo, dpo, "erasure", channel="courriel", email="capucine@example.org")
    answer = _offered(dpo, request)
    assert "Nous ne détenons aucune donnée vous concernant" in answer and "rien à effacer" in answer
    asked = post(dpo, f"{PAGE}/{request.id}/cloture", {"answer": answer, "fiche": "y"}, PAGE)
    assert asked.status_code == 200 and "rien à effacer" in unescape(asked.get_data(as_text=True))
    assert post(dpo, f"{PAGE}/{request.id}/cloture", {"answer": answer, "fiche": "y", **SEEN}, PAGE).status_code == 302
    run_jobs(demo)
    [mail] = [m for m in outbox(demo) if "capucine@example.org" in m["To"]]
    assert "Nous ne détenons aucune donnée vous concernant" in " ".join(text_of(mail).split())
    with demo.app_context():
        closed = DataRequest.get_by_id(request.id)
        assert closed.closed_at is not None and "rien à effacer" in closed.answer


def test_an_access_request_by_post_is_answered_by_a_letter(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    request = _recorded(demo, dpo, "access", channel="courrier", postal_address="12 rue des Glycines\n69004 Lyon")
    answer = _offered(dpo, request)
    assert "Nous ne détenons aucune donnée vous concernant" in answer
    letter = post(dpo, f"{PAGE}/{request.id}/cloture/lettre.pdf", {"answer": answer, "by_post": "y"}, PAGE)
    words = " ".join(pdf_text(letter.data).split())
    assert "Capucine Ancolie" in words and "69004 Lyon" in words and "aucune donnée vous concernant" in words
    assert post(dpo, f"{PAGE}/{request.id}/cloture", {"answer": answer, "by_post": "y", **SEEN},
                PAGE).status_code == 302
    run_jobs(demo)
    assert outbox(demo) == []
    with demo.app_context():
        assert DataRequest.get_by_id(request.id).answer.replace("\u00a0", " ").startswith(
            "Réponse envoyée par courrier : Nous ne détenons")


def test_an_account_holders_request_offers_no_such_answer(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    page = unescape(dpo.get(PAGE).get_data(as_text=True))
    assert "aucune donnée vous concernant" not in page
