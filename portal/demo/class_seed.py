"""A class for the demo's back office: learners invented in number, enrolled in the demo sessions, each with a
funding file and every other one with an invoice, so that the lists show their pages, filters and searches
(`flask --app app seed-demo --learners 120`). Their accounts have no password: nobody signs in as them."""
from __future__ import annotations

import uuid
from datetime import date

from portal import db
from portal.accounts.models import Account
from portal.funding import service as funding
from portal.invoicing import service as invoicing
from portal.learning.models import Enrollment, TrainingSession
from portal.timeutil import utcnow
from portal.vault import service as vault

FIRST_NAMES = ("Marie", "Élodie", "Chloé", "Léa", "Inès", "Zoé", "Hélène", "Jérôme", "François", "Noël", "Anaïs",
               "Céline", "Gaëlle", "Thérèse", "Agnès", "Lucas", "Hugo", "Maëlys", "Camille", "Renée")
LAST_NAMES = ("Dupont", "Lefèvre", "Moreau", "Girard", "Bérard", "Mercier", "Dufour", "Lambert", "Fontaine",
              "Rousseau", "Vincent", "Garnier", "Chevalier", "Legrand", "Gauthier", "Perrin", "Roche")


def seed_class(count: int, today: date) -> int:
    """Adds `count` learners (numbered after those a previous run added); returns how many were added."""
    staff = vault.account_id_for_email("gestion@petale.test")
    sessions = list(TrainingSession.select().order_by(TrainingSession.id))
    if not sessions or staff is None:
        return 0
    first = Account.select().where(Account.display_name.startswith("Classe ")).count()
    for n in range(first, first + count):
        name = f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {LAST_NAMES[(n // len(FIRST_NAMES)) % len(LAST_NAMES)]}"
        with db.atomic(with_vault=True):
            account = Account.create(id=uuid.uuid4(), role="learner", display_name=f"Classe {n + 1:04d}",
                                     confirmed_at=utcnow())
            vault.create_identity(account.id, full_name=name, email=f"classe{n + 1}@exemple.fr",
                                  phone=f"+3365{n + 1:07d}", password=None)
            enrollment = Enrollment.create(account_id=account.id, session=sessions[n % len(sessions)],
                                           funding="opco", enrolled_by=staff)
        funding.open_file(enrollment.id, staff)
        if n % 2 == 0:
            billing = vault.Party("", f"{n + 1} rue des Lilas\n69003 Lyon")  # invented, as the name is
            invoicing.issue_invoice(enrollment.id, "learner", billing, staff, today=today)
    return count
