"""The one way to render a page with a form and a refusal (portal/pages.py): where the refusal's words go,
and the status the page answers with."""
from __future__ import annotations

import re
from html import unescape

import pytest
from werkzeug.exceptions import NotFound
from wtforms import StringField
from wtforms.validators import DataRequired

from portal.formtools import WebForm
from portal.pages import Page, found_or_404, place
from portal.refusals import Refused
from tests.support.helpers import csrf_token
from tests.support.learning_fixtures import signed_in


class NumberForm(WebForm):
    class Meta:
        csrf = False

    number = StringField("Numéro", validators=[DataRequired("Indiquez un numéro.")])
    note = StringField("Note")


# A page whose template shows only `error` (a link that cannot be used): enough to read what Page passes.
BARE = Page("accounts/token_problem.html", lambda form=None: {})


def _error_beside(html: str, field: str) -> str | None:
    found = re.search(rf'<p class="error" id="{field}-erreur">(.*?)</p>', html, re.S)
    return unescape(found.group(1)) if found else None


def test_a_refusal_that_names_a_field_is_written_beside_it_and_one_that_names_none_on_the_form(app):
    with app.test_request_context(method="POST", data={"number": "12"}):
        form = NumberForm()
        assert form.validate()
        assert place(Refused("Ce numéro n'existe pas.", field="number"), form) == "Ce numéro n'existe pas."
        assert form.number.errors == ["Ce numéro n'existe pas."] and form.form_errors == []
        place(Refused("Refusé en bloc."), form)
        assert form.form_errors == ["Refusé en bloc."]
        place(Refused("Une note, pas un nom.", field="absent"), form)  # a field the form has not: its top
        assert form.form_errors == ["Refusé en bloc.", "Une note, pas un nom."]
        place("Écrite à côté de la note.", form.note)  # the view names the field itself
        assert form.note.errors == ["Écrite à côté de la note."]


def test_show_answers_200_and_422_only_for_a_form_given_with_errors(app):
    with app.test_request_context(method="POST", data={"number": ""}):
        fresh = NumberForm(formdata=None)
        assert BARE.show(fresh).status_code == 200
        sent = NumberForm()
        assert not sent.validate()
        refused = BARE.show(sent)
        assert refused.status_code == 422
        assert "Indiquez un numéro." in unescape(refused.get_data(as_text=True)), "its first message at the top"


def test_refuse_answers_the_refusals_status_and_says_it_at_the_top_without_a_form(app):
    with app.test_request_context():
        response = BARE.refuse(Refused("Ce lien a déjà servi.", 409))
        assert response.status_code == 409 and "Ce lien a déjà servi." in unescape(response.get_data(as_text=True))
        assert BARE.refuse("Non : vérifiez le lien.").status_code == 422, "plain words are refused with 422"


def test_a_refused_form_comes_back_422_with_its_error_beside_the_field(demo):
    """The archives' form, drawn with the field macro: a number refused by the form, then one refused by the
    service (no such archived invoice, 404), each said beside the number, the reason kept as typed."""
    dpo = signed_in(demo, "dpo@petale.test")
    token = csrf_token(dpo.get("/dpo/archives").get_data(as_text=True))

    malformed = dpo.post("/dpo/archives", data={"csrf_token": token, "number": "2025-12", "reason": "contrôle"})
    html = malformed.get_data(as_text=True)
    assert malformed.status_code == 422
    assert "FAC-2025-000042" in (_error_beside(html, "number") or "")
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*id="number"|<input[^>]*id="number"[^>]*aria-invalid="true"',
                     html), "the number's input says it is invalid"
    assert _error_beside(html, "reason") is None and 'value="contrôle"' in unescape(html)

    unknown = dpo.post("/dpo/archives", data={"csrf_token": token, "number": "FAC-2025-000042",
                                               "reason": "contrôle fiscal"})
    html = unknown.get_data(as_text=True)
    assert unknown.status_code == 404, "the service's refusal keeps its own status"
    assert "Aucune facture archivée ne porte le numéro FAC-2025-000042" in (_error_beside(html, "number") or "")


def test_found_or_404_gives_back_what_was_found_even_falsy_and_a_404_for_none_only():
    row = object()
    assert found_or_404(row) is row
    assert found_or_404(0) == 0 and found_or_404("") == "" and found_or_404([]) == []
    with pytest.raises(NotFound):
        found_or_404(None)
