"""A funder's invoice goes to the funder its enrolment's funding file names: the file's type (the BPF line of
what it pays), its name and its case number. The form offers them; what disagrees with the file is refused in
words, with a link to the file where it is put right; and a funder billed keeps its type in the file."""
from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest

from portal.funding import service as funding
from portal.invoicing import service as invoicing
from portal.stats import bpf
from portal.vault.service import Party, account_id_for_email
from tests.support.billing import OPCO, agreed, amelie, antoine
from tests.support.helpers import readable, submit
from tests.support.learning_fixtures import signed_in

CAISSE = "Caisse des dépôts et consignations"


def cpf_file(app, enrollment_id: int, name: str = CAISSE, case_number: str = "CPF-2026-5531"):
    with app.app_context():
        file = funding.open_file(enrollment_id, account_id_for_email("gestion@petale.test"))
        funding.save_details(file, funding.FileDetails("cpf", name, case_number, "individual", ""))
        if name and case_number:
            agreed(file)
        return file.id


def test_a_cpf_file_is_not_billed_as_an_opco_and_its_invoice_counts_on_the_cpf_line(demo):
    enrollment_id = amelie(demo)
    file_id = cpf_file(demo, enrollment_id)
    with demo.app_context():
        with pytest.raises(invoicing.InvoiceRefused) as refused:
            invoicing.issue_invoice(enrollment_id, "funder", OPCO, None, today=date(2026, 11, 26))
        assert f"nomme le financeur « {CAISSE} » (CPF)" in refused.value.message
        assert refused.value.field == "payer_name"
        assert refused.value.remedy.endpoint == "funding.file" and refused.value.remedy.values["file_id"] == file_id
        # Named as the file names it (case and accents aside), or left blank: the file's name is printed.
        invoice = invoicing.issue_invoice(enrollment_id, "funder", Party("caisse des DEPOTS et consignations",
                                                                        "56 rue de Lille, Paris"), None,
                                          today=date(2026, 11, 26))
        assert invoice.case_number == "CPF-2026-5531"
        assert invoicing.vault.invoice_parties([invoice.number])[invoice.number].name == CAISSE
        assert bpf.live_income(2026)[invoice.number][2] == "2e", "CPF money: line 2 e of frame C"


def test_a_billed_funder_keeps_its_type_in_the_file(demo):
    enrollment_id = amelie(demo)
    cpf_file(demo, enrollment_id)
    with demo.app_context():
        invoice = invoicing.issue_invoice(enrollment_id, "funder", Party("", "Paris"), None, today=date(2026, 11, 26))
        file = funding.file_of(enrollment_id)
        with pytest.raises(funding.FundingRefused) as refused:
            funding.save_details(file, funding.FileDetails("opco", "OPCO EP", "EP-1", "individual", ""))
        assert invoice.number in refused.value.message and "avoir" in refused.value.message
        assert funding.file_of(enrollment_id).funder_type == "cpf"
        assert bpf.live_income(2026)[invoice.number][2] == "2e"
        # Its name or number may still be corrected: only the type is what the invoice was counted under.
        funding.save_details(file, funding.FileDetails("cpf", CAISSE, "CPF-2026-5531-B", "individual", ""))


def test_a_learner_paying_herself_is_not_billed_to_a_funder(demo):
    enrollment_id = amelie(demo)
    with demo.app_context():
        file = funding.open_file(enrollment_id, account_id_for_email("gestion@petale.test"))
        funding.save_details(file, funding.FileDetails("self", "", "X-1", "individual", ""))
        with pytest.raises(invoicing.InvoiceRefused) as refused:
            invoicing.issue_invoice(enrollment_id, "funder", OPCO, None)
    assert "Particulier (financement personnel)" in refused.value.message
    assert "facturez « apprenant »" in refused.value.message


def test_the_invoice_form_offers_the_funder_of_the_funding_file(demo):
    enrollment_id = antoine(demo, case_number="OPCO-EP-2026-118734")
    staff = signed_in(demo, "gestion@petale.test")
    html = unescape(staff.get(f"/gestion/factures?inscription={enrollment_id}").get_data(as_text=True))
    assert re.search(r'<input[^>]*checked[^>]*value="funder"|<input[^>]*value="funder"[^>]*checked', html), \
        "the funder is the payer the file bills"
    assert re.search(r'<input[^>]*id="payer_name"[^>]*value="OPCO EP"|<input[^>]*value="OPCO EP"[^>]*id="payer_name"',
                     html), "its name as the file has it"
    hint = readable(html).split('id="financeur-du-dossier">')[1].split("</p>")[0]
    assert "« OPCO »" in hint and "« OPCO EP »" in hint and "OPCO-EP-2026-118734" in hint


def test_a_missing_case_number_is_refused_with_a_link_to_the_funding_file(demo):
    enrollment_id = amelie(demo)
    file_id = cpf_file(demo, enrollment_id, case_number="")
    staff = signed_in(demo, "gestion@petale.test")
    page = f"/gestion/factures?inscription={enrollment_id}"
    response = submit(staff, page, {"enrollment_id": enrollment_id, "payer_type": "funder", "payer_name": CAISSE,
                                    "payer_address": "Paris", "part": "total"}, page=page)
    assert response.status_code == 422
    html = unescape(response.get_data(as_text=True))
    beside = re.search(r'<p class="error" id="payer_type-erreur">(.*?)</p>', html, re.S).group(1)
    assert "numéro de dossier" in beside
    link = f'<a href="/gestion/financements/{file_id}#case_number">Compléter le dossier de financement</a>'
    assert link in beside, "to the file, at the field where the number is entered"
    assert staff.get(f"/gestion/financements/{file_id}").status_code == 200, "the link leads to the file"
