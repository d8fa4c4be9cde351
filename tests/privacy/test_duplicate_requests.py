"""A request that repeats another of hers is closed as its duplicate: no mail goes to her (the other request
answers her), and the register says which request it repeats (before, closing it meant mailing her an answer)."""
from __future__ import annotations

from html import unescape

from portal.privacy.models import DataRequest
from portal.timeutil import paris_today
from tests.support.busy_learner import post
from tests.support.helpers import outbox, run_jobs
from tests.support.learning_fixtures import signed_in
from tests.support.letters import PAGE, record_letter


def _letter(demo, dpo, email: str, kind: str = "access") -> DataRequest:
    assert record_letter(dpo, {"email": email, "kind": kind, "channel": "courriel",
                               "received_on": paris_today().isoformat()}).status_code == 302
    with demo.app_context():
        return DataRequest.select().order_by(DataRequest.id.desc()).first()


def test_a_repeated_request_is_closed_as_a_duplicate_without_mail(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    first = _letter(demo, dpo, "apprenant@petale.test")
    other_person = _letter(demo, dpo, "apprenante2@petale.test")
    other_right = _letter(demo, dpo, "apprenant@petale.test", "restriction")
    again = _letter(demo, dpo, "apprenant@petale.test")
    page = unescape(dpo.get(f"{PAGE}/{again.id}").get_data(as_text=True))
    offered = page.split('name="original"')[1].split("</select>")[0]
    assert f'value="{first.id}"' in offered and f'value="{other_person.id}"' not in offered, "only her requests"
    assert f'value="{other_right.id}"' not in offered, "an access request does not repeat a restriction"
    run_jobs(demo)
    before = len(outbox(demo))
    wrong = post(dpo, f"{PAGE}/{again.id}/doublon", {"original": other_person.id}, PAGE)
    assert wrong.status_code == 422 and "la même personne" in unescape(wrong.get_data(as_text=True))
    itself = post(dpo, f"{PAGE}/{again.id}/doublon", {"original": again.id}, PAGE)
    assert itself.status_code == 422
    assert post(dpo, f"{PAGE}/{again.id}/doublon", {"original": "abc"}, PAGE).status_code == 422
    assert post(dpo, f"{PAGE}/{again.id}/doublon", {"original": first.id}, PAGE).status_code == 302
    run_jobs(demo)
    assert len(outbox(demo)) == before, "no mail: the other request answers her"
    with demo.app_context():
        closed = DataRequest.get_by_id(again.id)
        assert closed.closed_at is not None and f"doublon de la demande n° {first.id}" in closed.answer
        assert DataRequest.get_by_id(first.id).closed_at is None
    register = unescape(dpo.get(PAGE + "?etat=closes").get_data(as_text=True)) + \
        unescape(dpo.get(f"{PAGE}/{again.id}").get_data(as_text=True))
    assert f"Close comme doublon de la demande n° {first.id}" in register
    history = unescape(dpo.get(f"{PAGE}/{again.id}").get_data(as_text=True)).split('id="historique"')[1]
    assert f"close : Close comme doublon de la demande n° {first.id}" in history.replace("\u00a0", " ")
    assert post(dpo, f"{PAGE}/{again.id}/doublon", {"original": first.id}, PAGE).status_code == 422, "closed"
