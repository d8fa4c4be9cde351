"""What a person's standing holds: her consents to marketing mail, as an append-only history."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.formatting import paris_date
from portal.personal_data.registry import CONSENT, LEGAL, Declaration, Person, iso
from portal.personal_data.table import BY_KEY
from portal.standing import service
from portal.standing.models import ConsentEvent, Objection
from portal.standing.objection import objected_since


def _held(person: Person) -> list[tuple[str, str]]:
    """Her choice and since when (a refusal sent by letter to the dpo shows its day, even if she never said yes)."""
    latest = next(iter(service.history(person.account_id)), None)
    if latest is None:
        state = _l("refusées")
    else:
        day = paris_date(latest.created_at)
        state = _l("acceptées depuis le %(d)s", d=day) if latest.granted else _l("refusées depuis le %(d)s", d=day)
    return [(str(_l("Nouveautés (formations, événements)")), str(state))]


def _exported(person: Person) -> dict:
    return {"consents": [{"purpose": c.purpose, "granted": c.granted, "policy_version": c.policy_version,
                          "source": c.source, "at": c.created_at.isoformat()}
                         for c in service.history(person.account_id)]}


def _erase(person: Person) -> None:
    ConsentEvent.delete().where(ConsentEvent.account_id == person.account_id).execute()


def _objection_held(person: Person) -> list[tuple[str, str]]:
    since = objected_since(person.account_id)
    return [(str(_l("Opposition aux analyses d'amélioration")),
             str(_l("depuis le %(d)s", d=paris_date(since))) if since else str(_l("aucune")))]


def _objection_exported(person: Person) -> dict:
    return {"objections": [{"purpose": o.purpose, "since": iso(o.created_at)} for o in
                           Objection.select().where(Objection.account_id == person.account_id)]}


def _objection_erased(person: Person) -> None:
    Objection.delete().where(Objection.account_id == person.account_id).execute()


DECLARATIONS = (
    Declaration(
        key="standing.consents", topic="consents", label=_l("Vos choix"), models=(ConsentEvent,),
        retention=BY_KEY["login"], basis=CONSENT,
        purpose=_l("Savoir si vous acceptez nos communications sur les nouvelles formations."),
        while_restricted=_l("Aucune communication sur les nouveautés pendant la limitation, même acceptée."),
        held=_held, export=_exported, erase=_erase),
    Declaration(
        key="standing.objection", topic="improvement", label=_l("Votre opposition"), models=(Objection,),
        retention=BY_KEY["login"], basis=LEGAL, roles=("learner",),
        purpose=_l("Respecter votre opposition : tant qu'elle dure, vos données ne servent à aucun chiffre "
                   "d'ensemble."),
        while_restricted=_l("Gardée telle quelle ; la limitation vous retire déjà de tous les chiffres."),
        held=_objection_held, export=_objection_exported, erase=_objection_erased),
)
