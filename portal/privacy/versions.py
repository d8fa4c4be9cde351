"""Policy versions: the dpo publishes minor (editorial, effective at once) or substantial changes
(effective 30 days or more later, every active account mailed a summary by a job); accounts
acknowledge an upcoming version.
"""
from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import peewee
from flask_babel import lazy_gettext as _l

from portal import db, mail
from portal.accounts import lifecycle
from portal.jobs import enqueue, job
from portal.links import external_url
from portal.privacy.models import MINOR, SUBSTANTIAL, PolicyAcknowledgement, PolicyVersion
from portal.privacy.policy import SHIPPED_REVISED_ON, SHIPPED_VERSION, shipped_text
from portal.refusals import Refused
from portal.timeutil import paris_today, utcnow

NOTICE_DAYS = 30  # "au moins trente jours avant son entrée en vigueur"
MAX_TEXT = 100_000
MAX_SUMMARY = 2_000
NOTICE_BATCH = 1000


class PublicationRefused(Refused):
    pass


@dataclass(frozen=True)
class PolicyText:
    version: str
    kind: str
    text: str
    summary: str
    revised_on: date
    effective_on: date


def _as_text(row: PolicyVersion) -> PolicyText:
    return PolicyText(row.version, row.kind, row.text, row.summary, row.revised_on, row.effective_on)


def _shipped() -> PolicyText:
    return PolicyText(SHIPPED_VERSION, SUBSTANTIAL, shipped_text(), "", SHIPPED_REVISED_ON, SHIPPED_REVISED_ON)


def all_versions() -> list[PolicyText]:
    """Oldest first (by effective date); the shipped text is the first version. One query."""
    rows = PolicyVersion.select().order_by(PolicyVersion.effective_on, PolicyVersion.id)
    return [_shipped()] + [_as_text(row) for row in rows]


def published_newest_first() -> list[PolicyVersion]:
    """The versions the dpo published (not the shipped text), latest effective date first."""
    return list(PolicyVersion.select().order_by(PolicyVersion.effective_on.desc(), PolicyVersion.id.desc()))


def current(today: date | None = None, every: list[PolicyText] | None = None) -> PolicyText:
    """The version in force: the last one whose date has come (pass `every` to reuse a list already read)."""
    today = today or paris_today()
    return [v for v in (every or all_versions()) if v.effective_on <= today][-1]


def upcoming(today: date | None = None, every: list[PolicyText] | None = None) -> PolicyText | None:
    today = today or paris_today()
    return next((v for v in (every or all_versions()) if v.effective_on > today), None)


def find(version: str) -> PolicyText | None:
    if version == SHIPPED_VERSION:
        return _shipped()
    row = PolicyVersion.get_or_none(PolicyVersion.version == version)
    return _as_text(row) if row else None


def current_version_number() -> str:
    return current().version


def _next_number(kind: str, today: date) -> str:
    every = all_versions()
    major, minor = (int(part) for part in current(today, every).version.split("."))
    if kind == MINOR:
        return f"{major}.{minor + 1}"
    highest = max(int(v.version.split(".")[0]) for v in every)
    return f"{highest + 1}.0"


def publish(kind: str, text: str, summary: str, effective_on: date | None, by: uuid.UUID,
            today: date | None = None) -> PolicyVersion:
    """Minor: effective today, no mail. Substantial: effective NOTICE_DAYS or more after today,
    and the notice job is queued in the same transaction."""
    today = today or paris_today()
    text, summary = (text or "").replace("\r\n", "\n").strip(), (summary or "").strip()
    _check(kind, text, summary, effective_on, today)
    with db.atomic():
        if upcoming(today) is not None:
            raise PublicationRefused(_l("Une version substantielle est déjà annoncée : publiez la suivante une fois "
                                        "qu'elle sera en vigueur."))
        row = PolicyVersion.create(
            version=_next_number(kind, today), kind=kind, text=text, summary=summary, published_by=by,
            revised_on=today, effective_on=today if kind == MINOR else effective_on,
        )
        if kind == SUBSTANTIAL:
            enqueue(send_change_notice, row.id)
    _NONE_UPCOMING_UNTIL[0] = 0.0
    return row


def _check(kind: str, text: str, summary: str, effective_on: date | None, today: date) -> None:
    if kind not in (MINOR, SUBSTANTIAL):
        raise PublicationRefused(_l("Choisissez le type de modification : mineure ou substantielle."))
    if not text or len(text) > MAX_TEXT:
        raise PublicationRefused(_l("Le texte de la politique est vide ou trop long (%(n)s caractères au plus).",
                                    n=MAX_TEXT), field="text")
    if text == current(today).text.strip():
        raise PublicationRefused(_l("Le texte est identique à la version en vigueur."), field="text")
    if len(summary) > MAX_SUMMARY:
        raise PublicationRefused(_l("Le résumé dépasse %(n)s caractères.", n=MAX_SUMMARY), field="summary")
    if kind == SUBSTANTIAL:
        if not summary:
            raise PublicationRefused(_l("Résumez les changements : ce résumé est envoyé à chaque compte."),
                                     field="summary")
        earliest = today + timedelta(days=NOTICE_DAYS)
        if effective_on is None or effective_on < earliest:
            raise PublicationRefused(_l(
                "Une modification substantielle s'applique au plus tôt %(n)s jours après sa publication, "
                "soit le %(d)s.", n=NOTICE_DAYS, d=earliest.strftime("%d/%m/%Y")), field="effective_on")


@job(_l("Avis de changement de la politique de confidentialité"))
def send_change_notice(version_id: int) -> None:
    """Batch by batch, the mails and the cursor commit together: a crash resumes after the last
    batch mailed, and nobody is mailed twice."""
    row = PolicyVersion.get_or_none(PolicyVersion.id == version_id)
    if row is None or row.notice_done_at is not None:
        return
    context = {"version": row.version, "summary": row.summary, "effective_on": row.effective_on.strftime("%d/%m/%Y"),
               "policy_url": external_url("privacy.policy_version", version=row.version),
               "account_url": external_url("privacy.center") + "#titre-suppression"}
    cursor = row.notice_cursor
    while True:
        ids = lifecycle.active_ids_after(cursor, NOTICE_BATCH)
        with db.atomic():
            if ids:
                mail.send_many("policy_change", [(account_id, context) for account_id in ids])
                cursor = ids[-1]
            PolicyVersion.update(
                notice_cursor=cursor, notice_sent=PolicyVersion.notice_sent + len(ids),
                notice_done_at=None if ids else utcnow(),
            ).where(PolicyVersion.id == version_id).execute()
        if not ids:
            return


# "No version is announced" is the usual answer, asked on every page: remembered for a minute in this
# process (publishing here forgets it at once; another process notices within the minute).
_NONE_UPCOMING_UNTIL = [0.0]
QUIET_SECONDS = 60


def pending_for(account_id: uuid.UUID, today: date | None = None) -> PolicyText | None:
    """The upcoming substantial version this account has not acknowledged (at most one query: it runs
    on every full page)."""
    if today is None and time.monotonic() < _NONE_UPCOMING_UNTIL[0]:
        return None
    if today is None and upcoming() is None:
        _NONE_UPCOMING_UNTIL[0] = time.monotonic() + QUIET_SECONDS
        return None
    today = today or paris_today()
    row = (PolicyVersion.select()
           .join(PolicyAcknowledgement, peewee.JOIN.LEFT_OUTER, on=(
               (PolicyAcknowledgement.version == PolicyVersion.version)
               & (PolicyAcknowledgement.account_id == account_id)))
           .where((PolicyVersion.kind == SUBSTANTIAL) & (PolicyVersion.effective_on > today)
                  & PolicyAcknowledgement.id.is_null())
           .order_by(PolicyVersion.effective_on).first())
    return _as_text(row) if row else None


def acknowledge(account_id: uuid.UUID, version: str) -> bool:
    if PolicyVersion.get_or_none(PolicyVersion.version == version) is None:
        return False
    with db.atomic():
        PolicyAcknowledgement.insert(account_id=account_id, version=version).on_conflict_ignore().execute()
    return True


def acknowledgements(account_id: uuid.UUID) -> list[PolicyAcknowledgement]:
    return list(PolicyAcknowledgement.select().where(PolicyAcknowledgement.account_id == account_id)
                .order_by(PolicyAcknowledgement.acknowledged_at))
