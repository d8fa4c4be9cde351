"""What personalisation holds about a person: the advanced modules suggested to her and the resource
mails sent after repeated failures on a theme."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.learning.models import Course, Module
from portal.personal_data.registry import INTEREST, Declaration, Person, iso
from portal.personal_data.table import BY_KEY
from portal.personalisation.models import ResourceMail, Suggestion
from portal.personalisation.service import QUIZ_THRESHOLD


def _held(person: Person) -> list[tuple[str, str]]:
    me = person.account_id
    return [(str(_l("Suggestions de modules")), str(Suggestion.select().where(Suggestion.account_id == me).count())),
            (str(_l("Courriels de ressources")),
             str(ResourceMail.select().where(ResourceMail.account_id == me).count()))]


def _exported(person: Person) -> dict:
    me = person.account_id
    return {
        "suggestions": [{"module": s.module.title, "course": s.module.course.title,
                         "created_at": s.created_at.isoformat(), "dismissed_at": iso(s.dismissed_at)}
                        for s in Suggestion.select(Suggestion, Module, Course).join(Module).join(Course)
                        .where(Suggestion.account_id == me)],
        "resource_mails": [{"theme": r.theme, "failures": r.failures, "sent_at": r.sent_at.isoformat()}
                           for r in ResourceMail.select().where(ResourceMail.account_id == me)],
    }


def _erase(person: Person) -> None:
    for model in (Suggestion, ResourceMail):
        model.delete().where(model.account_id == person.account_id).execute()


DECLARATIONS = (
    Declaration(
        roles=("learner",),
        key="personalisation.suggestions", topic="personalisation", label=_l("Suggestions et ressources"),
        models=(Suggestion, ResourceMail), retention=BY_KEY["pedagogical"], basis=INTEREST,
        purpose=_l("Vous suggérer un module avancé quand vous réussissez un module vite et avec %(score)s %% "
                   "ou plus aux quiz ; vous envoyer des ressources après trois échecs sur un même thème "
                   "(une fois par semaine au plus). Rien de tout cela pendant une limitation du traitement.",
                   score=QUIZ_THRESHOLD),
        while_restricted=_l("Plus aucune suggestion ni aucun courriel de ressources ; vos résultats ne "
                            "comptent plus dans les comparaisons faites pour les autres stagiaires."),
        held=_held, export=_exported, erase=_erase),
)
