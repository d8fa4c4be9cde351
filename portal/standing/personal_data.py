"""What a person's standing holds: her consents to marketing mail, as an append-only history."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.personal_data.registry import CONSENT, Declaration, Person
from portal.personal_data.table import BY_KEY
from portal.standing import service
from portal.standing.models import ConsentEvent


def _held(person: Person) -> list[tuple[str, str]]:
    return [(str(_l("Nouveautés (formations, événements)")),
             str(_l("acceptées")) if service.granted(person.account_id) else str(_l("refusées")))]


def _exported(person: Person) -> dict:
    return {"consents": [{"purpose": c.purpose, "granted": c.granted, "policy_version": c.policy_version,
                          "source": c.source, "at": c.created_at.isoformat()}
                         for c in service.history(person.account_id)]}


def _erase(person: Person) -> None:
    ConsentEvent.delete().where(ConsentEvent.account_id == person.account_id).execute()


DECLARATIONS = (
    Declaration(
        key="standing.consents", topic="consents", label=_l("Vos choix"), models=(ConsentEvent,),
        retention=BY_KEY["login"], basis=CONSENT,
        purpose=_l("Savoir si vous acceptez nos communications sur les nouvelles formations."),
        while_restricted=_l("Aucune communication sur les nouveautés pendant la limitation, même acceptée."),
        held=_held, export=_exported, erase=_erase),
)
