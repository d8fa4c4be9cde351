"""What improving the offer does with a person's data: it stores nothing of its own about her (lesson
analytics are counted from her learning history when a page asks, never about fewer than five people),
and counts her only while she has neither objected nor had her processing restricted."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.personal_data.registry import INTEREST, Declaration, Person
from portal.personal_data.table import BY_KEY
from portal.standing.objection import objected_since
from portal.standing.service import is_restricted


def _held(person: Person) -> list[tuple[str, str]]:
    if objected_since(person.account_id):
        counted = _l("non\u00a0: vous vous y êtes opposé")
    elif is_restricted(person.account_id):
        counted = _l("non\u00a0: le traitement de vos données est limité")
    else:
        counted = _l("oui, sans que personne ne puisse vous y reconnaître")
    return [(str(_l("Compté dans les chiffres d'ensemble")), str(counted))]


DECLARATIONS = (
    Declaration(
        key="improvement.analytics", topic="improvement", label=_l("Analyses pour améliorer nos formations"),
        models=(), retention=BY_KEY["pedagogical"], basis=INTEREST, roles=("learner",),
        purpose=_l("Améliorer nos formations à partir de chiffres d'ensemble : combien commencent et terminent "
                   "chaque leçon, le temps passé, où l'on s'arrête, les questions qui font trébucher. Aucun "
                   "chiffre ne porte sur moins de 5 personnes ni ne vous nomme, et vous pouvez vous y opposer "
                   "à tout moment."),
        while_restricted=_l("Vous n'êtes compté dans aucun chiffre pendant la limitation."),
        held=_held),
)
