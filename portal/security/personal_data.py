"""What security holds about a person: the events of her account (sign-ins, changes, refusals), with
keyed hashes of addresses and never an address; the incidents she was told of."""
from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l

from portal.personal_data.registry import INTEREST, LEGAL, Declaration, Person, iso
from portal.personal_data.table import BY_KEY
from portal.security.models import Incident, IncidentAccount, LoginThrottle, SecurityEvent

EVENTS_KEPT = timedelta(days=365)  # the register's "1 an"


def _held(person: Person) -> list[tuple[str, str]]:
    count = SecurityEvent.select().where(SecurityEvent.account_id == person.account_id).count()
    # Only the incidents she was really told of: one the dpo decided not to tell people of (art. 34(3)), or not yet
    # notified, was never said to her.
    told = IncidentAccount.select().where((IncidentAccount.account_id == person.account_id)
                                          & IncidentAccount.notified_at.is_null(False)).count()
    return [(str(_l("Événements enregistrés (connexions, changements, refus d'accès)")), str(count))] + (
        [(str(_l("Incidents de sécurité dont vous avez été avertie ou averti")), str(told))] if told else [])


def _exported(person: Person) -> dict:
    me = person.account_id
    return {"security_events": [{"kind": e.kind, "detail": e.detail, "at": e.at.isoformat()}
                                for e in SecurityEvent.select().where(SecurityEvent.account_id == me)
                                .order_by(SecurityEvent.at)],
            "administrative": {"incident_notices": [
                {"incident_of": iso(i.occurred_on), "nature": i.nature, "at": iso(row.notified_at)}
                for row, i in ((r, r.incident) for r in IncidentAccount.select(IncidentAccount, Incident)
                               .join(Incident).where(IncidentAccount.account_id == me))]}}


def _erase(person: Person) -> None:
    for model in (SecurityEvent, IncidentAccount):
        model.delete().where(model.account_id == person.account_id).execute()


def _expire(as_of: date, held_back: frozenset[uuid.UUID]) -> int:
    """Past a year an event no longer serves to detect or answer an attack; a throttle's count too."""
    limit = datetime.combine(as_of, time(0, 0)) - EVENTS_KEPT
    old = SecurityEvent.at < limit
    if held_back:
        old &= (SecurityEvent.account_id.is_null() | SecurityEvent.account_id.not_in(list(held_back)))
    removed = SecurityEvent.delete().where(old).execute()
    return removed + LoginThrottle.delete().where(LoginThrottle.last_failure_at < limit).execute()


def _incidents_held(person: Person) -> list[tuple[str, str]]:
    recorded = Incident.select().where(Incident.recorded_by == person.account_id).count()
    return [(str(_l("Incidents consignés par vous")), str(recorded))] if recorded else []


DECLARATIONS = (
    Declaration(
        key="security.events", topic="security", label=_l("Connexions, changements et alertes"),
        models=(SecurityEvent, LoginThrottle, IncidentAccount), retention=BY_KEY["security"], basis=INTEREST,
        purpose=_l("Protéger votre compte : connexions, changements de mot de passe, tentatives refusées ; vous "
                   "avertir d'un incident qui vous concerne."),
        while_restricted=_l("Tenus comme toujours : ils protègent votre compte."),
        held=_held, export=_exported, erase=_erase, expire=_expire),
    Declaration(
        roles=("trainer", "staff", "dpo"),
        key="security.incident_register", topic="work", label=_l("Registre des incidents"), models=(Incident,),
        retention=BY_KEY["authorship"], basis=LEGAL,
        purpose=_l("Tenir le registre des violations de données exigé par le RGPD (article 33), avec qui les a "
                   "consignées."),
        while_restricted=_l("Conservé tel quel."), held=_incidents_held),
)
