"""Builders shared by the invoicing and payments tests: Antoine's enrolment (890 €) with a funding file."""
from __future__ import annotations

from portal.accounts.models import Account
from portal.funding import service as funding
from portal.funding.models import ACCEPTED, SUBMITTED
from portal.learning.models import Enrollment
from portal.vault.models import Identity
from portal.vault.service import Party, account_id_for_email

OPCO = Party("OPCO EP", "9 rue de Vienne, 75008 Paris", "851296632", email="factures@opco-ep.test")
EMPLOYER = Party("Fleurs du Marais SARL", "3 rue du Temple, 75004 Paris", "404833048")
PRICE = 89000


def agreed(file) -> None:
    """The funder's agreement recorded on a file (deposited, then accepted): only then is the funder invoiced."""
    staff = account_id_for_email("gestion@petale.test")
    funding.move(file, SUBMITTED, staff)
    funding.move(file, ACCEPTED, staff, "Accord de prise en charge reçu")


def antoine(app, case_number: str = "EP-2026-0042", agreement: bool = True) -> int:
    """Antoine's enrolment id, his postal address set, his funding file naming the OPCO and its case, and
    (unless `agreement` is False) the OPCO's agreement recorded."""
    with app.app_context():
        learner = Account.get(Account.display_name == "Antoine")
        Identity.update(postal_address="5 place des Vosges, 75004 Paris").where(
            Identity.account_id == learner.id).execute()
        enrollment = Enrollment.get(Enrollment.account_id == learner.id)
        file = funding.open_file(enrollment.id, account_id_for_email("gestion@petale.test"))
        funding.save_details(file, funding.FileDetails("opco", "OPCO EP", case_number, "employee", ""))
        if agreement and case_number:
            agreed(file)
        return enrollment.id


def amelie(app) -> int:
    with app.app_context():
        learner = Account.get(Account.display_name == "Amélie")
        return Enrollment.get(Enrollment.account_id == learner.id).id
