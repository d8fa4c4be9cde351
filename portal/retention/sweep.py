"""The daily retention sweep: warn accounts idle for a year; archive learners who did not answer within
two months and close the login of staff, trainers and dpo who did not (their work for the provider —
answers, files, registers — stays); move each training's and each fiscal year's legal records to the
archive when their clock runs out; purge archive records past their date. Set-based, idempotent,
resumable.
"""
from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import peewee
from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer

from portal import db, mail
from portal.accounts import lifecycle
from portal.jobs import job
from portal.links import external_url
from portal.personal_data import registry
from portal.privacy.erasure import delete_account, resume_erasures
from portal.refusals import Refused
from portal.retention.models import RetentionRun
from portal.signin.service import request_password_reset
from portal.standing.restriction import held_for_legal_claims
from portal.timeutil import paris_today, utcnow
from portal.vault import service as vault

IDLE = timedelta(days=365)
# "Identifiants de connexion : durée d'activité du compte + 1 an": a closed login's identity, a year on.
STAFF_IDENTITY_KEPT = timedelta(days=365)
ANSWER_WINDOW = timedelta(days=61)  # "dans les deux mois suivants"
BATCH = 1000
LOCK = "retention-sweep"


class SweepRefused(Refused):
    pass


@dataclass(frozen=True)
class SweepReport:
    as_of: date
    warned: int
    archived: int
    purged: int
    deactivated: int = 0  # staff, trainer and dpo logins closed after an unanswered warning
    pseudonymised: int = 0  # closed logins whose identity went, a year later
    trainings_moved: int = 0  # enrolments whose legal records moved to the archive
    invoices_moved: int = 0
    expired: dict[str, int] = field(default_factory=dict)  # rows past their declared period, by declaration


def sweep(as_of: date) -> SweepReport:
    """Refused while another process sweeps. A sweep holds a lock that dies with its process
    (portal.db.process_lock), so a run still open when the lock is free belonged to a process that is gone
    (killed, crashed, its machine lost): it is closed as interrupted and what it was in the middle of — an
    account's erasure — is finished now, by a sweep re-run by hand right after the crash as well as by
    the next daily one."""
    with db.process_lock(LOCK) as held:
        if not held:
            raise SweepRefused(_l("Un balayage est en cours dans un autre processus : attendez qu'il se termine, "
                                  "puis relancez-le si besoin."))
        return _sweep(as_of)


def _sweep(as_of: date) -> SweepReport:
    with db.atomic():
        interrupted = RetentionRun.update(finished_at=utcnow(), interrupted=True).where(
            RetentionRun.finished_at.is_null()).execute()
    if interrupted:
        resume_erasures()  # its steps are idempotent; this run does the rest again
    last = (RetentionRun.select(peewee.fn.MAX(RetentionRun.as_of))
            .where(RetentionRun.finished_at.is_null(False) & ~RetentionRun.interrupted).scalar())
    if last is not None and as_of < last:
        raise SweepRefused(_l("Un balayage a déjà été fait au %(d)s : une date antérieure n'est pas possible.",
                              d=last.strftime("%d/%m/%Y")))
    run = RetentionRun.create(as_of=as_of, started_at=utcnow())
    moment = datetime.combine(as_of, time(0, 0))
    warned = warn_idle_accounts(moment)
    archived = archive_unanswered(moment)
    deactivated = deactivate_unanswered_staff(moment)
    pseudonymised = pseudonymise_departed_staff(moment)
    moved = registry.run_clocks(as_of)
    # Each declaration's own period (the archive's purge dates, the registers'), except what a legal
    # claim needs.
    expired = registry.expire_all(as_of, held_for_legal_claims())
    purged = expired.get("archive.records", 0)
    RetentionRun.update(finished_at=utcnow(), warned=warned, archived=archived, purged=purged).where(
        RetentionRun.id == run.id).execute()
    return SweepReport(as_of, warned, archived, purged, deactivated, pseudonymised, moved.get("learning.history", 0),
                       moved.get("invoicing.invoices", 0), expired)


# A learner's account is archived; the login of someone who works for the provider is closed.
WARNING_MAIL = {"learner": "inactive_warning"}
STAFF_WARNING_MAIL = "staff_inactive_warning"


def warn_idle_accounts(moment: datetime) -> int:
    """Batch by batch, the mark and the mails commit together: a crash leaves no one marked unwarned."""
    total = 0
    while True:
        rows = lifecycle.idle_unwarned(moment - IDLE, BATCH)
        if not rows:
            return total
        deadline = (moment + ANSWER_WINDOW).date().isoformat()
        with db.atomic():
            lifecycle.mark_warned([account_id for account_id, _ in rows], moment)
            for template in {WARNING_MAIL.get(role, STAFF_WARNING_MAIL) for _, role in rows}:
                mail.send_many(template, [
                    (account_id, {"keep_url": external_url("retention.keep", token=keep_token(account_id, moment)),
                                  "deadline": deadline})
                    for account_id, role in rows if WARNING_MAIL.get(role, STAFF_WARNING_MAIL) == template
                ])
        total += len(rows)


def archive_unanswered(moment: datetime) -> int:
    """Warned two months ago and silent (a restricted account never is: the dpo's home lists it)."""
    stale = lifecycle.unanswered_learners(moment - ANSWER_WINDOW)
    for account in stale:
        delete_account(account, reason="Archivage après un an sans connexion et deux mois sans réponse à l'alerte.",
                       notify=False)
    return len(stale)


def deactivate_unanswered_staff(moment: datetime) -> int:
    """The login identifiers go ("Identifiants de connexion : durée d'activité + 1 an, non archivés"):
    password replaced by an unknown one, second factor removed, sessions ended. The person's name stays
    on what she did for the provider (answers, funding files, the audit log); `flask --app app retention
    reactivate EMAIL` gives the access back with a new password."""
    stale = lifecycle.unanswered_team(moment - ANSWER_WINDOW)
    for account_id in stale:
        with db.atomic(with_vault=True):
            lifecycle.close_login(account_id)
            vault.close_login(account_id)
    return len(stale)


def pseudonym(account_id: uuid.UUID) -> str:
    """What her answers, files and registers show once her identity went: no name, still told apart."""
    return f"Ancien membre de l'équipe n° {str(account_id)[:6]}"


def pseudonymise_departed_staff(moment: datetime) -> int:
    """A login closed a year ago: her identity leaves the vault, and the provider's registers (answers,
    funding steps, the access journal) keep her under a pseudonym. Running again changes nothing, and
    a restore that brought the identity back loses it at the next sweep."""
    closed_before = moment - ANSWER_WINDOW - STAFF_IDENTITY_KEPT
    departed = lifecycle.closed_before(closed_before)
    for account_id in departed:
        with db.atomic(with_vault=True):
            lifecycle.pseudonymise(account_id, pseudonym(account_id))
            vault.erase_identity(account_id)
    return len(departed)


def reactivate_login(email: str) -> None:
    account_id = vault.account_id_for_email(email)
    with db.atomic():
        reopened = account_id is not None and lifecycle.reopen_login(account_id)
    if not reopened:
        raise SweepRefused(_l("Aucun accès fermé n'a cette adresse."))
    request_password_reset(email)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="petale-keep-account")


def keep_token(account_id: uuid.UUID, warned_at: datetime) -> str:
    return _serializer().dumps({"a": str(account_id), "w": warned_at.isoformat()})


def keep_token_readable(token: str) -> bool:
    try:
        data = _serializer().loads(token)
        return bool(data.get("a")) and bool(data.get("w"))
    except (BadSignature, TypeError, AttributeError):
        return False


def keep_account(token: str) -> None:
    """One click, logged out: the warning is answered. Refused when forged or already answered."""
    try:
        data = _serializer().loads(token)
        account_id = uuid.UUID(data["a"])
        warned = datetime.fromisoformat(data["w"])
    except (BadSignature, KeyError, TypeError, ValueError):
        raise SweepRefused(_l("Ce lien n'est pas valide.")) from None
    with db.atomic():
        kept = lifecycle.answer_warning(account_id, warned)
    if not kept:
        raise SweepRefused(_l("Ce lien a déjà servi, ou le compte n'est plus concerné."))


@job(_l("Application quotidienne des durées de conservation"))
def daily_sweep() -> None:
    resume_erasures()  # any erasure a crash interrupted is finished first
    with contextlib.suppress(SweepRefused):  # a drill already swept a later date
        sweep(paris_today())
