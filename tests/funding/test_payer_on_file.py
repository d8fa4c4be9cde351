"""Issue #34: the funding file keeps the billing address and the SIREN of whoever pays (the funder, or the
employer on its training plan), checked (nine digits and their Luhn key; postal lines), so that the funder's
and the employer's invoices carry them; the learner's export and the archived file keep them too."""
from __future__ import annotations

from datetime import date

import pytest

from portal.accounts.models import Account
from portal.funding import service as funding
from portal.funding.models import FundingFile
from portal.funding.personal_data import archive_contract
from portal.invoicing import service as invoicing
from portal.learning.models import Enrollment
from portal.privacy.export import data_document
from portal.vault.service import Party
from tests.support.billing import antoine
from tests.support.helpers import csrf_token, pdf_text, readable, submit
from tests.support.learning_fixtures import signed_in

OPCO_ADDRESS = "Service facturation\n9 rue de Vienne\n75008 Paris"
EMPLOYER_ADDRESS = "Fleurs du Marais SARL\n3 rue du Temple\n75004 Paris"
SIREN = "404833048"  # nine digits whose Luhn key holds


def details(funder_type="opco", name="OPCO EP", address=OPCO_ADDRESS, siren="404 833 048") -> funding.FileDetails:
    return funding.FileDetails(funder_type, name, "EP-2026-0042", "employee", "", address, siren)


def test_the_siren_and_the_address_are_checked_before_the_file_keeps_them(demo):
    enrollment_id = antoine(demo)
    with demo.app_context():
        file = funding.file_of(enrollment_id)
        for siren in ("404833047", "40483304", "4048330481", "SIREN404833048"):
            with pytest.raises(funding.FundingRefused) as refused:
                funding.save_details(file, details(siren=siren))
            assert refused.value.field == "payer_siren" and "SIREN" in refused.value.message, siren
        assert "clé de contrôle" in _refusal(file, details(siren="404833047"))
        for address, words in (("9 rue de Vienne, 75008 Paris", "plusieurs lignes"),
                               ("9 rue de Vienne\nParis", "code postal et la commune"),
                               ("Service de la facturation des actions de formation\n75008 Paris", "38 caractères"),
                               ("\n".join(["ligne"] * 6 + ["75008 Paris"]), "six lignes")):
            with pytest.raises(funding.FundingRefused) as refused:
                funding.save_details(file, details(address=address))
            assert refused.value.field == "payer_address" and words in refused.value.message, address
        assert FundingFile.get_by_id(file.id).payer_siren == "", "nothing kept from a refused form"
        funding.save_details(file, details(address="  9 rue  de Vienne \n\n75008   Paris\nFRANCE "))
        kept = FundingFile.get_by_id(file.id)
        assert (kept.payer_address, kept.payer_siren) == ("9 rue de Vienne\n75008 Paris\nFRANCE", SIREN)
        funding.save_details(file, details(address="Rue Royale 12\n1000 Bruxelles\nBelgique"))  # abroad: the country
        funding.save_details(file, details(address="", siren=""))  # not known yet: the file keeps none
        assert FundingFile.get_by_id(file.id).payer_address == ""


def _refusal(file, given) -> str:
    try:
        funding.save_details(file, given)
    except funding.FundingRefused as refusal:
        return refusal.message
    return ""


def test_a_refused_siren_is_said_beside_its_field_with_what_was_typed_kept(demo):
    enrollment_id = antoine(demo)
    with demo.app_context():
        file_id = funding.file_of(enrollment_id).id
    staff = signed_in(demo, "gestion@petale.test")
    page = f"/gestion/financements/{file_id}"
    form = {"funder_type": "opco", "funder_name": "OPCO EP", "case_number": "EP-2026-0042",
            "professional_status": "employee", "employer": "", "payer_address": OPCO_ADDRESS,
            "payer_siren": "404 833 047"}
    refused = submit(staff, page, form, page=page)
    html = readable(refused.get_data(as_text=True))
    assert refused.status_code == 422
    assert 'id="payer_siren-erreur"' in html and html.count("clé de contrôle") == 1, "said beside it, once"
    assert 'value="404 833 047"' in html and "9 rue de Vienne" in html, "what she typed is given back"
    done = submit(staff, page, {**form, "payer_siren": "404 833 048"}, page=page)
    assert done.status_code in (302, 303)
    shown = readable(staff.get(page).get_data(as_text=True))
    assert f'value="{SIREN}"' in shown and "75008 Paris</textarea>" in shown


def test_the_funders_and_the_employers_invoices_print_the_files_address_and_siren(demo):
    enrollment_id = antoine(demo)
    with demo.app_context():
        funding.save_details(funding.file_of(enrollment_id), details())
        invoicing.set_shares(enrollment_id, {"funder": 70000, "employer": 19000})
        opco = invoicing.issue_invoice(enrollment_id, "funder", None, None, today=date(2026, 11, 26))
    staff = signed_in(demo, "gestion@petale.test")
    form = readable(staff.get(f"/gestion/factures?inscription={enrollment_id}").get_data(as_text=True))
    assert f'value="{SIREN}"' in form and "9 rue de Vienne" in form, "the invoice form offers what the file says"
    printed = " ".join(pdf_text(staff.get(f"/gestion/factures/{opco.number}.pdf").data).split())
    assert "OPCO EP Service facturation 9 rue de Vienne 75008 Paris" in printed
    assert f"SIREN {SIREN}" in printed and "Dossier du financeur n° EP-2026-0042" in printed

    with demo.app_context():  # the same file, now its employer paying from its training plan
        Enrollment.update(funding="employer").where(Enrollment.id == enrollment_id).execute()
        FundingFile.update(funder_type="employer").where(FundingFile.enrollment == enrollment_id).execute()
        funding.save_details(funding.file_of(enrollment_id), details(
            "employer", "Fleurs du Marais SARL", EMPLOYER_ADDRESS, "443 121 975"))
        employer = invoicing.issue_invoice(enrollment_id, "employer", Party("Fleurs du Marais SARL", ""), None,
                                           today=date(2026, 11, 27))
    printed = " ".join(pdf_text(staff.get(f"/gestion/factures/{employer.number}.pdf").data).split())
    assert "3 rue du Temple 75004 Paris" in printed and "SIREN 443121975" in printed


def test_the_payer_is_in_her_export_and_in_the_archived_file(demo):
    enrollment_id = antoine(demo)
    with demo.app_context():
        funding.save_details(funding.file_of(enrollment_id), details())
        account = Account.get(Account.display_name == "Antoine")
        [exported] = data_document(account)["administrative"]["funding_files"]
        assert (exported["payer_address"], exported["payer_siren"]) == (OPCO_ADDRESS, SIREN)
        archive_contract(Enrollment.get_by_id(enrollment_id), "Antoine Apprenant")
    dpo = signed_in(demo, "dpo@petale.test")
    token = csrf_token(dpo.get("/dpo/archives").get_data(as_text=True))
    piece = dpo.post(f"/dpo/archives/funding_proof/funding_proof-{enrollment_id}",
                     data={"csrf_token": token, "reason": "contrôle de l'OPCO"})
    printed = " ".join(pdf_text(piece.data).split())
    assert "Adresse de facturation du payeur" in printed and "9 rue de Vienne" in printed
    assert f"SIREN du payeur {SIREN}" in printed
