"""Breach notification: the dpo records an incident and the accounts it touched; "Notifier" mails each
of them a plain-French notice (date, nature, data concerned, measures) and records when."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l

from portal import db, mail
from portal.jobs import enqueue, job
from portal.personal_data.topics import TOPICS as CATEGORIES
from portal.refusals import Refused
from portal.security.models import Incident, IncidentAccount
from portal.timeutil import from_paris, paris_today, utcnow
from portal.vault import audit
from portal.vault import service as vault

CATEGORY_KEYS = [c.key for c in CATEGORIES]


class IncidentRefused(Refused):
    pass


def record(occurred_on: date | None, nature: str, categories: list[str], measures: str, emails: list[str],
           actor: audit.Actor, discovered_at: datetime | None = None, consequences: str = "") -> Incident:
    """discovered_at: when the provider became aware of it, in Paris time (the 72 hours run from then)."""
    nature, measures, consequences = (nature or "").strip(), (measures or "").strip(), (consequences or "").strip()
    if occurred_on is None or occurred_on > paris_today():
        raise IncidentRefused(_l("Indiquez la date de l'incident (pas dans le futur)."), field="occurred_on")
    if discovered_at is None:
        raise IncidentRefused(_l("Indiquez le jour et l'heure où l'incident a été découvert : les 72 heures dues à la "
                                 "CNIL courent depuis ce moment."), field="discovered_at")
    discovered_utc = from_paris(discovered_at)
    if discovered_utc > utcnow() or discovered_at.date() < occurred_on:
        raise IncidentRefused(_l("La découverte se situe entre la date de l'incident et maintenant."),
                              field="discovered_at")
    if not consequences or len(consequences) > 5000:
        raise IncidentRefused(_l("Décrivez les conséquences probables pour les personnes (5 000 caractères au plus)."),
                              field="consequences")
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
        raise IncidentRefused(_l("Adresses sans compte : %(a)s. Une personne sans compte (une feuille d'émargement "
                                 "perdue…) s'informe par courrier : laissez la liste vide pour elle.",
                                 a=", ".join(unknown[:5])), field="emails")
    with db.atomic():
        incident = Incident.create(occurred_on=occurred_on, nature=nature, categories=",".join(categories),
                                   measures=measures, recorded_by=actor.id, discovered_at=discovered_utc,
                                   consequences=consequences)
        IncidentAccount.insert_many([{"incident": incident.id, "account_id": a} for a in dict.fromkeys(accounts)]
                                    ).execute()
    for account_id in dict.fromkeys(accounts):
        audit.record(actor, account_id, "recherche", ["email"], workflow=f"incident n° {incident.id}")
    return incident


def notify(incident: Incident) -> None:
    if not IncidentAccount.select().where(IncidentAccount.incident == incident.id).exists():
        raise IncidentRefused(_l("Aucun compte n'est touché par cet incident : informez les personnes par le moyen "
                                 "que vous avez (courrier, téléphone), ou notez pourquoi vous ne le faites pas."))
    if incident.no_notice_reason:
        raise IncidentRefused(_l("Vous avez décidé de ne pas informer les personnes, avec une raison : l'incident "
                                 "ne peut plus être notifié."))
    with db.atomic():
        Incident.update(notified_at=utcnow()).where(
            (Incident.id == incident.id) & Incident.notified_at.is_null()).execute()
        enqueue(send_notices, incident.id)


@job(_l("Information des personnes touchées par un incident"))
def send_notices(incident_id: int) -> None:
    """One notice per affected account, recorded with its time; a retried job mails nobody twice."""
    incident = Incident.get_by_id(incident_id)
    context = notice_context(incident)
    for row in list(IncidentAccount.select().where((IncidentAccount.incident == incident_id)
                                                   & IncidentAccount.notified_at.is_null())):
        with db.atomic():
            # From the dpo, signed by him, as every mail about her data: she answers him.
            mail.send(row.account_id, "incident_notice", once_key=f"incident:{incident_id}:{row.account_id}",
                      from_dpo=True, **context)
            IncidentAccount.update(notified_at=utcnow()).where(IncidentAccount.id == row.id).execute()


def notice_context(incident: Incident) -> dict:
    """What the notice says (the page previews the same words before anything is sent)."""
    labels = {c.key: str(c.label) for c in CATEGORIES}
    return {"occurred_on": incident.occurred_on.isoformat(), "nature": incident.nature,
            "categories": [labels[key] for key in incident.categories.split(",") if key in labels],
            "measures": incident.measures, "consequences": incident.consequences,
            # Changing her password is advised when her account or its identifiers were touched, not otherwise.
            "identifiers": bool({"account", "security"} & set(incident.categories.split(",")))}


def preview(incident: Incident) -> str:
    """The notice's text as each person will read it, her name aside."""
    return mail.preview("incident_notice", from_dpo=True, full_name="[nom de la personne]", **notice_context(incident))


NO_NOTICE_GROUNDS = {
    "chiffrement": _l("Les données concernées sont inintelligibles pour qui n'est pas autorisé (chiffrées)."),
    "risque_ecarte": _l("Les mesures prises ont écarté le risque élevé pour les personnes."),
    "communication_publique": _l("Informer chacune demanderait des efforts disproportionnés : une communication "
                                 "publique les en informe."),
}


def decide_not_to_notify(incident: Incident, ground: str, reason: str) -> None:
    """A reasoned decision, kept in the register (GDPR art. 34(3)); the people are then not mailed."""
    reason = (reason or "").strip()
    if incident.notified_at is not None:
        raise IncidentRefused(_l("Les personnes ont déjà été informées."))
    if ground not in NO_NOTICE_GROUNDS or not reason or len(reason) > 2000:
        raise IncidentRefused(_l("Choisissez le cas de l'article 34.3 et expliquez la décision (2 000 caractères au "
                                 "plus)."))
    with db.atomic():
        Incident.update(no_notice_reason=f"{NO_NOTICE_GROUNDS[ground]} {reason}").where(
            (Incident.id == incident.id) & Incident.notified_at.is_null()).execute()


AUTHORITY_DELAY = timedelta(hours=72)  # GDPR art. 33: from becoming aware of the breach

# The dpo's assessment of the risk for the people's rights and freedoms, which decides what is owed:
UNLIKELY, RISK, HIGH = "unlikely", "risk", "high"
RISK_LEVELS = {
    UNLIKELY: _l("Aucun risque probable pour les personnes"),
    RISK: _l("Un risque pour les personnes"),
    HIGH: _l("Un risque élevé pour les personnes"),
}


def authority_owed(incident: Incident) -> bool:
    """The CNIL is notified within 72 hours, unless the breach is unlikely to result in a risk for the people
    (GDPR art. 33(1)) — a reasoned decision the register keeps."""
    return incident.risk_level != UNLIKELY


def people_owed(incident: Incident) -> bool | None:
    """The people are told when the risk is high (art. 34(1)); None while the risk is not assessed."""
    return None if incident.risk_level is None else incident.risk_level == HIGH


@dataclass(frozen=True)
class AuthorityClock:
    due_at: datetime  # UTC
    notified_at: datetime | None
    hours_left: int  # whole hours, negative once late
    overdue: bool
    owed: bool = True  # False: no risk likely, the dpo decided with reasons not to notify (art. 33(1))

    @property
    def late(self) -> bool:
        return self.notified_at is None and self.owed and self.overdue


def authority_clock(incident: Incident, now: datetime | None = None) -> AuthorityClock:
    """The 72 hours to notify the CNIL, counted from when the breach was discovered (when it was recorded,
    for an incident recorded before the discovery was asked)."""
    now = now or utcnow()
    due = (incident.discovered_at or incident.recorded_at) + AUTHORITY_DELAY
    return AuthorityClock(due, incident.authority_notified_at, int((due - now).total_seconds() / 3600), now > due,
                          authority_owed(incident))


# Where an incident stands with the people it touches (words in portal.security.wording.PEOPLE_WORDS).
TOLD, NOT_TOLD_34_3, NOT_OWED, TO_TELL, TO_ASSESS = "told", "not_told_34_3", "not_owed", "to_tell", "to_assess"


def people_state(incident: Incident) -> str:
    if incident.notified_at:
        return TOLD
    if incident.no_notice_reason:
        return NOT_TOLD_34_3
    owed = people_owed(incident)
    return TO_ASSESS if owed is None else TO_TELL if owed else NOT_OWED


def assess_risk(incident: Incident, level: str, reason: str) -> None:
    """The dpo's assessment of the risk, with its reasons (art. 33(5): the register documents it); she may
    revise it as she learns more. No risk likely is refused once the CNIL has been notified: there is then
    nothing left to spare."""
    reason = (reason or "").strip()
    if level not in RISK_LEVELS:
        raise IncidentRefused(_l("Choisissez le niveau de risque pour les personnes."), field="level")
    if not reason or len(reason) > 2000:
        raise IncidentRefused(_l("Expliquez l'évaluation du risque (2 000 caractères au plus) : le registre garde "
                                 "ces raisons, que la CNIL peut demander."), field="reason")
    if level == UNLIKELY and incident.authority_notified_at is not None:
        raise IncidentRefused(_l("La CNIL a déjà été notifiée de cet incident : il n'y a plus de notification à "
                                 "écarter."), field="level")
    with db.atomic():
        Incident.update(risk_level=level, risk_reason=reason, risk_assessed_at=utcnow()).where(
            Incident.id == incident.id).execute()


def record_authority_notice(incident: Incident, reference: str, notified_at: datetime | None = None) -> None:
    """The dpo notified the CNIL on its own service: the register keeps when (notified_at, in Paris time, as its
    receipt says; None: now), and the reference it gave."""
    reference = (reference or "").strip()
    if not reference or len(reference) > 100:
        raise IncidentRefused(_l("Recopiez la référence que la CNIL a donnée à la notification (100 caractères au "
                                 "plus)."), field="reference")
    when = utcnow() if notified_at is None else from_paris(notified_at)
    known_since = incident.discovered_at or from_paris(datetime.combine(incident.occurred_on, datetime.min.time()))
    if when > utcnow() or when < known_since.replace(second=0, microsecond=0):  # typed to the minute
        raise IncidentRefused(_l("La notification à la CNIL se situe entre la découverte de l'incident et maintenant."),
                              field="notified_at")
    with db.atomic():
        Incident.update(authority_notified_at=when, authority_reference=reference).where(
            (Incident.id == incident.id) & Incident.authority_notified_at.is_null()).execute()


def recorded_between(since, until) -> list[Incident]:
    return list(Incident.select().where((Incident.recorded_at >= since) & (Incident.recorded_at < until)))


def people_notified(incident_ids: list[int]) -> int:
    return IncidentAccount.select().where(IncidentAccount.incident.in_(incident_ids or [0])
                                          & IncidentAccount.notified_at.is_null(False)).count()


def still_open() -> list[Incident]:
    """Incidents whose people or whose supervisory authority are still owed something: the risk not yet
    assessed, the people not told of a high risk (unless the dpo decided with reason not to, art. 34(3)), the
    CNIL not notified unless no risk is likely (art. 33(1))."""
    people = (Incident.notified_at.is_null() & Incident.no_notice_reason.is_null()
              & (Incident.risk_level.is_null() | (Incident.risk_level == HIGH)))
    authority = Incident.authority_notified_at.is_null() & (Incident.risk_level.is_null()
                                                            | (Incident.risk_level != UNLIKELY))
    return list(Incident.select().where(people | authority).order_by(Incident.recorded_at))


def listing() -> list[Incident]:
    return list(Incident.select().order_by(Incident.recorded_at.desc()))


def accounts_of(incident_id: int) -> list[IncidentAccount]:
    return list(IncidentAccount.select().where(IncidentAccount.incident == incident_id))


def for_id(incident_id: int) -> Incident | None:
    return Incident.get_or_none(Incident.id == incident_id)


def parse_accounts(raw: str) -> list[str]:
    return [line for line in (raw or "").replace(",", "\n").splitlines() if line.strip()][:10000]

