"""A refused invoice (the form reached from an enrolment's billing page) is given back with each error beside the
field it is about (the house's field macro: the message under the field, the field marked invalid and described
by it), answered 422, and the page opens at the form; nothing is said at the top of the page."""
from __future__ import annotations

import re
from html import unescape

from portal.invoicing import service as invoicing
from tests.support.billing import EMPLOYER, amelie, antoine
from tests.support.helpers import submit
from tests.support.learning_fixtures import signed_in


def refused(staff, enrollment_id: int, **fields) -> str:
    page = f"/gestion/factures?inscription={enrollment_id}"
    response = submit(staff, f"{page}", {"enrollment_id": enrollment_id, "part": "total", **fields}, page=page)
    assert response.status_code == 422, response.status_code
    return unescape(response.get_data(as_text=True))


def beside(html: str, field_id: str) -> str:
    """The error said under the field, checked to be tied to it."""
    found = re.search(rf'<p class="error" id="{field_id}-erreur">(.*?)</p>', html, re.S)
    assert found, f"no error beside {field_id}"
    control = re.search(rf'<(?:input|textarea)[^>]*aria-invalid="true"[^>]*id="{field_id}"', html) or re.search(
        rf'<fieldset class="has-error" aria-describedby="{field_id}-erreur"', html)
    assert control, f"{field_id} is not marked invalid nor described by its error"
    return found.group(1)


def top_of_page(html: str) -> str:
    """Between the title and the list's filters: where errors used to be said."""
    return html.split("<h1>")[1].split('class="filters"')[0]


def test_an_organisation_without_its_name_or_address_is_told_so_beside_each_field(demo):
    enrollment_id = antoine(demo)
    staff = signed_in(demo, "gestion@petale.test")
    html = refused(staff, enrollment_id, payer_type="employer", payer_address="3 rue du Temple, Paris")
    assert "nom de l'organisme" in beside(html, "payer_name")
    assert 'role="alert"' not in top_of_page(html) and "nom de l'organisme" not in top_of_page(html)
    assert 'action="/gestion/factures?inscription=' in html and '#emettre"' in html, "the page opens at the form"
    assert 'value="3 rue du Temple, Paris"' in html or "3 rue du Temple, Paris</textarea>" in html, "kept as typed"
    html = refused(staff, enrollment_id, payer_type="employer", payer_name="Fleurs du Marais SARL")
    assert "adresse de facturation" in beside(html, "payer_address")


def test_a_deposit_a_second_invoice_and_a_funder_without_case_number_are_said_where_they_were_chosen(demo):
    enrollment_id = antoine(demo, case_number="EP-1")
    staff = signed_in(demo, "gestion@petale.test")
    html = refused(staff, enrollment_id, payer_type="learner", part="deposit", deposit="800")
    assert "30 % du prix convenu" in beside(html, "deposit")
    with demo.app_context():
        invoicing.issue_invoice(enrollment_id, "employer", EMPLOYER, None,
                                lines=[invoicing.Line("Formation", 1, 10000)])
    html = refused(staff, enrollment_id, payer_type="employer", payer_name="Fleurs du Marais SARL",
                   payer_address="3 rue du Temple, Paris")
    assert "déjà une facture à ce payeur" in beside(html, "part")
    html = refused(staff, amelie(demo), payer_type="funder", payer_name="Caisse des dépôts", payer_address="Paris")
    assert "numéro de dossier" in beside(html, "payer_type")


def test_the_lines_written_out_are_refused_beside_them(demo):
    enrollment_id = antoine(demo)
    staff = signed_in(demo, "gestion@petale.test")
    typed = {"payer_type": "employer", "payer_name": "Fleurs du Marais SARL", "payer_address": "Paris"}
    html = refused(staff, enrollment_id, **typed, **{"lines-0-description": "Atelier", "lines-0-quantity": "deux",
                                                     "lines-0-unit": "100"})
    assert "nombre entier" in beside(html, "lines-0-quantity")
    html = refused(staff, enrollment_id, **typed, **{"lines-1-description": "Fournitures"})
    found = re.search(r'<details open><summary>[^<]*</summary>.*?<p class="error" id="lignes-erreur">(.*?)</p>',
                      html, re.S)
    assert found and "désignation et son prix unitaire" in found.group(1), "said in the lines' section, open"
    assert "désignation et son prix unitaire" not in top_of_page(html)


def test_a_siren_typed_with_the_invoice_is_checked_as_the_funding_file_checks_it(demo):
    """The funding file refused a SIREN failing its key; the same SIREN typed on the invoice form was printed."""
    enrollment_id = antoine(demo)
    staff = signed_in(demo, "gestion@petale.test")
    html = refused(staff, enrollment_id, payer_type="employer", payer_name="Fleurs du Marais SARL",
                   payer_address="3 rue du Temple\n75004 Paris", payer_siren="404 833 047")
    assert "clé de contrôle" in beside(html, "payer_siren")


def test_every_error_of_the_form_is_said_at_once_beside_its_field(demo):
    """Checked in one pass: staff put everything right in one go, not one error per submit."""
    enrollment_id = antoine(demo)
    staff = signed_in(demo, "gestion@petale.test")
    html = refused(staff, enrollment_id, payer_type="employer", payer_siren="404 833 049")
    assert "nom de l'organisme" in beside(html, "payer_name")
    assert "adresse de facturation" in beside(html, "payer_address")
    assert "clé de contrôle" in beside(html, "payer_siren")
    # The form's own checks (a quantity that is no number) and the service's, together.
    html = refused(staff, enrollment_id, payer_type="employer", payer_siren="12",
                   **{"lines-0-description": "Atelier", "lines-0-quantity": "deux", "lines-0-unit": "100"})
    assert "nombre entier" in beside(html, "lines-0-quantity")
    assert "nom de l'organisme" in beside(html, "payer_name") and "neuf chiffres" in beside(html, "payer_siren")
    # A deposit beyond the cap and a payer without a share: each where it was chosen.
    with demo.app_context():
        invoicing.set_shares(enrollment_id, {"learner": 19000, "funder": 70000})
    html = refused(staff, enrollment_id, payer_type="employer", payer_name="Fleurs du Marais SARL",
                   payer_siren="1", payer_address="3 rue du Temple\n75004 Paris")
    assert "Aucune prise en charge" in beside(html, "payer_type") and "neuf chiffres" in beside(html, "payer_siren")
