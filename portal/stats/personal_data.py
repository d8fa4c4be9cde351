"""The BPF's statistical facts are anonymous: nothing in them leads back to anyone. Declared all the
same, because they are made from a person's data: when a year closes, and before a trainee is erased,
what she counts for in the statement due to the administration is kept without her identity."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from portal.personal_data.registry import LEGAL, Declaration, Person
from portal.personal_data.table import BY_KEY
from portal.stats import bpf
from portal.stats.models import ClosedYear, IncomeFact, TraineeFact


def _keep(person: Person) -> None:
    bpf.keep_facts_of(person.account_id)


def _close(as_of: date) -> int:
    return bpf.close_years(as_of)


DECLARATIONS = (
    Declaration(
        roles=("learner",),
        key="stats.bpf_facts", topic="administrative", label=_l("Statistiques anonymes du bilan annuel"),
        models=(TraineeFact, IncomeFact, ClosedYear), retention=BY_KEY["statistics"], basis=LEGAL,
        purpose=_l("Compter les stagiaires, leurs heures et les produits de l'année dans le bilan pédagogique et "
                   "financier dû à l'administration, sans rien qui vous désigne."),
        while_restricted=_l("Vous êtes compté·e comme tout stagiaire : c'est une obligation légale, et le bilan ne "
                            "nomme personne."),
        archive=_keep, clock=_close, order=25),
)
