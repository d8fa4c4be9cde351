"""The request's page names what brought it as its channel says (a dpo walk read « À comparer avec sa lettre »
and « Adresse de sa lettre » on a request received by e-mail), and the answers the dpo writes for the person are
several lines long: the register draws them as text areas, not one-line inputs."""
from __future__ import annotations

from html import unescape

from portal.privacy.models import DataRequest
from portal.privacy.register_forms import CarryOutForm, CloseForm, ExtendForm
from portal.timeutil import paris_today
from tests.support.learning_fixtures import signed_in
from tests.support.letters import PAGE, record_letter


def _recorded(dpo, demo, channel: str, kind: str = "access") -> DataRequest:
    assert record_letter(dpo, {"email": "apprenant@petale.test", "kind": kind, "channel": channel,
                               "postal_address": "3 rue Neuve\n75011 Paris",
                               "received_on": paris_today().isoformat()}).status_code == 302
    with demo.app_context():
        return DataRequest.select().order_by(DataRequest.id.desc()).first()


def _page(dpo, request: DataRequest) -> str:
    return unescape(dpo.get(f"{PAGE}/{request.id}").get_data(as_text=True)).replace("\u202f", " ")


def test_a_request_by_e_mail_is_never_called_a_letter(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    page = _page(dpo, _recorded(dpo, demo, "courriel"))
    assert "À comparer avec son courriel" in page and "Adresse donnée dans son courriel" in page
    assert "sa lettre" not in page and "la lettre" not in page


def test_a_request_by_post_or_by_phone_says_so(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    assert "À comparer avec sa lettre" in _page(dpo, _recorded(dpo, demo, "courrier"))
    by_phone = _page(dpo, _recorded(dpo, demo, "telephone", "objection"))
    assert "reçue par téléphone" in by_phone and "À comparer avec son appel" in by_phone
    assert "refuse son appel" in by_phone and "sa lettre" not in by_phone


def test_the_answer_and_the_reasons_are_text_areas(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    page = _page(dpo, _recorded(dpo, demo, "courrier", "restriction"))
    assert '<textarea id="answer-' in page and '<textarea id="why-' in page
    assert '<input id="answer-' not in page and '<input id="why-' not in page
    register = unescape(dpo.get(PAGE).get_data(as_text=True))
    assert '<input id="answer-' not in register and '<textarea id="answer-' in register
    with demo.app_context():
        assert CloseForm.answer.field_class.__name__ == "TextAreaField"
        assert ExtendForm.reason.field_class.__name__ == "TextAreaField"
        assert CarryOutForm.reason.field_class.__name__ == "TextAreaField"
