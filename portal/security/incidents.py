"""Breach notification: the dpo records an incident and the accounts it touched; "Notifier" mails each
of them a plain-French notice (date, nature, data concerned, measures) and records when."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal import db, mail
from portal.jobs import enqueue, job
from portal.personal_data.topics import TOPICS as CATEGORIES
from portal.refusals import Refused
from portal.security.models import Incident, IncidentAccount
from portal.timeutil import paris_today, utcnow
from portal.vault import audit
from portal.vault import service as vault

CATEGORY_KEYS = [c.key for c in CATEGORIES]


class IncidentRefused(Refused):
    pass


def record(occurred_on: date | None, nature: str, categories: list[str], measures: str, emails: list[str],
           actor: audit.Actor) -> Incident:
    nature, measures = (nature or "").strip(), (measures or "").strip()
    if occurred_on is None or occurred_on > paris_today():
        raise IncidentRefused(_l("Indiquez la date de l'incident (pas dans le futur)."))
    if not nature or len(nature) > 5000 or not measures or len(measures) > 5000:
        raise IncidentRefused(_l("Décrivez la nature de l'incident et les mesures prises (5 000 caractères au plus)."))
    if not categories or any(c not in CATEGORY_KEYS for c in categories):
        raise IncidentRefused(_l("Cochez les catégories de données concernées."))
    addresses = [e.strip() for e in emails if e.strip()]
    accounts, unknown = [], []
    for address in addresses:
        account_id = vault.account_id_for_email(address)
        (accounts if account_id else unknown).append(account_id or address)
    if unknown:
        raise IncidentRefused(_l("Adresses sans compte : %(a)s.", a=", ".join(unknown[:5])))
    if not accounts:
        raise IncidentRefused(_l("Indiquez les adresses des comptes touchés, une par ligne."))
    with db.atomic():
        incident = Incident.create(occurred_on=occurred_on, nature=nature, categories=",".join(categories),
                                   measures=measures, recorded_by=actor.id)
        IncidentAccount.insert_many([{"incident": incident.id, "account_id": a} for a in dict.fromkeys(accounts)]
                                    ).execute()
    for account_id in dict.fromkeys(accounts):
        audit.record(actor, account_id, "recherche", ["email"], workflow=f"incident n° {incident.id}")
    return incident


def notify(incident: Incident) -> None:
    with db.atomic():
        Incident.update(notified_at=utcnow()).where(
            (Incident.id == incident.id) & Incident.notified_at.is_null()).execute()
        enqueue(send_notices, incident.id)


@job(_l("Information des personnes touchées par un incident"))
def send_notices(incident_id: int) -> None:
    """One notice per affected account, recorded with its time; a retried job mails nobody twice."""
    incident = Incident.get_by_id(incident_id)
    labels = {c.key: str(c.label) for c in CATEGORIES}
    context = {"occurred_on": incident.occurred_on.strftime("%d/%m/%Y"), "nature": incident.nature,
               "categories": [labels[key] for key in incident.categories.split(",") if key in labels],
               "measures": incident.measures}
    for row in list(IncidentAccount.select().where((IncidentAccount.incident == incident_id)
                                                   & IncidentAccount.notified_at.is_null())):
        with db.atomic():
            mail.send(row.account_id, "incident_notice", once_key=f"incident:{incident_id}:{row.account_id}",
                      reply_to=current_app.config["DPO_EMAIL"], **context)
            IncidentAccount.update(notified_at=utcnow()).where(IncidentAccount.id == row.id).execute()


AUTHORITY_DELAY = timedelta(hours=72)  # GDPR art. 33: from becoming aware of the breach


@dataclass(frozen=True)
class AuthorityClock:
    due_at: datetime  # UTC
    notified_at: datetime | None
    hours_left: int  # whole hours, negative once late
    overdue: bool

    @property
    def late(self) -> bool:
        return self.notified_at is None and self.overdue


def authority_clock(incident: Incident, now: datetime | None = None) -> AuthorityClock:
    """The 72 hours to notify the CNIL, counted from when the dpo recorded the incident."""
    now = now or utcnow()
    due = incident.recorded_at + AUTHORITY_DELAY
    return AuthorityClock(due, incident.authority_notified_at, int((due - now).total_seconds() / 3600), now > due)


def record_authority_notice(incident: Incident) -> None:
    with db.atomic():
        Incident.update(authority_notified_at=utcnow()).where(
            (Incident.id == incident.id) & Incident.authority_notified_at.is_null()).execute()


def recorded_between(since, until) -> list[Incident]:
    return list(Incident.select().where((Incident.recorded_at >= since) & (Incident.recorded_at < until)))


def people_notified(incident_ids: list[int]) -> int:
    return IncidentAccount.select().where(IncidentAccount.incident.in_(incident_ids or [0])
                                          & IncidentAccount.notified_at.is_null(False)).count()


def still_open() -> list[Incident]:
    """Incidents whose people or whose supervisory authority have not been told yet."""
    return list(Incident.select().where(Incident.notified_at.is_null() | Incident.authority_notified_at.is_null())
                .order_by(Incident.recorded_at))


def listing() -> list[Incident]:
    return list(Incident.select().order_by(Incident.recorded_at.desc()))


def accounts_of(incident_id: int) -> list[IncidentAccount]:
    return list(IncidentAccount.select().where(IncidentAccount.incident == incident_id))


def for_id(incident_id: int) -> Incident | None:
    return Incident.get_or_none(Incident.id == incident_id)


def parse_accounts(raw: str) -> list[str]:
    return [line for line in (raw or "").replace(",", "\n").splitlines() if line.strip()][:10000]

