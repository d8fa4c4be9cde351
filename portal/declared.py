"""Every capability's personal-data declarations, installed in the registry by create_app(). Like the
blueprint list, it sits above the capabilities: privacy and retention read the registry and never
import them. A capability that stores something about a person adds its module here (a test fails
until it does). It also hands invoicing the one thing it reads from funding (the funder a file names),
and funding the one it reads from contracts (her contract signed), which they may not import, and
connects what follows an event of a lower capability in a higher one: a transfer (learners) moves her
contract, a staff enrolment (learners) asks her to sign hers, a funder's invoice settled (invoicing) moves
its funding file."""
from __future__ import annotations

from portal.accounts import personal_data as accounts
from portal.archive import personal_data as archive
from portal.attendance import personal_data as attendance
from portal.bouquets import personal_data as bouquets
from portal.certificates import personal_data as certificates
from portal.contracts import personal_data as contracts
from portal.contracts.service import ask_signature, charge_refusal, follow_transfer, signature_of
from portal.forum import personal_data as forum
from portal.funding import personal_data as funding
from portal.funding.service import follow_funder_payment, funder_on_file, install_contract_signature
from portal.improvement import personal_data as improvement
from portal.invoicing import personal_data as invoicing
from portal.invoicing.received import settled
from portal.invoicing.service import install_funder_on_file, install_learner_charge_refusal
from portal.jobs import personal_data as jobs
from portal.learners.enrolments import enrolled_by_staff, transferred
from portal.learning import personal_data as learning
from portal.mail import personal_data as mail
from portal.news import personal_data as news
from portal.payments import personal_data as payments
from portal.personal_data import registry
from portal.personalisation import personal_data as personalisation
from portal.privacy import personal_data as privacy
from portal.reminders import personal_data as reminders
from portal.security import personal_data as security
from portal.standing import personal_data as standing
from portal.stats import personal_data as stats
from portal.vault import personal_data as vault

MODULES = (vault, accounts, learning, attendance, forum, bouquets, personalisation, reminders, certificates, funding,
           invoicing, contracts, payments, stats, standing, improvement, privacy, security, news, mail, jobs, archive)


def install() -> None:
    registry.install(declaration for module in MODULES for declaration in module.DECLARATIONS)
    install_funder_on_file(funder_on_file)
    install_learner_charge_refusal(charge_refusal)
    install_contract_signature(signature_of)
    transferred.connect(follow_transfer)
    enrolled_by_staff.connect(ask_signature)
    settled.connect(follow_funder_payment)
