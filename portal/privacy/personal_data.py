"""What privacy holds about a person: her choices about marketing mail and the policy versions she read,
the requests she made about her data, her exports, and the register of judicial requests about her."""
from __future__ import annotations

import uuid
from datetime import date, datetime, time
from pathlib import Path

import peewee
from flask import current_app
from flask_babel import lazy_gettext as _l

from portal import mail
from portal.formatting import paris_date
from portal.improvement.complaints import complainants_past_their_time, complainants_still_kept
from portal.personal_data.registry import LEGAL, Declaration, Person, iso
from portal.personal_data.table import BY_KEY
from portal.privacy import letters_kept, versions
from portal.privacy.models import (
    DataRequest,
    Export,
    JudicialRequest,
    PolicyAcknowledgement,
    PolicyVersion,
    RequestExtension,
    RequestLetterMade,
    RequestStep,
)
from portal.privacy.requests import mails_about
from portal.privacy.wording import request_kind
from portal.timeutil import years_before
from portal.vault import service as vault

REQUEST_KEPT_YEARS = BY_KEY["requests"].kept_years  # after closing: the proof owed to the supervisory authority
JUDICIAL_KEPT_YEARS = BY_KEY["judicial"].kept_years  # after the answer


def _years_before(day: date, years: int) -> datetime:
    return datetime.combine(years_before(day, years), time(0, 0))


# --- the policy versions she read --------------------------------------------------------------------

def _readings_exported(person: Person) -> dict:
    return {"policy_acknowledgements": [{"version": a.version, "at": a.acknowledged_at.isoformat()}
                                        for a in versions.acknowledgements(person.account_id)]}


def _readings_held(person: Person) -> list[tuple[str, str]]:
    read = [a.version for a in versions.acknowledgements(person.account_id)]
    return [(str(_l("Versions de la politique dont vous avez pris connaissance")), ", ".join(read))] if read else []


def _erase_readings(person: Person) -> None:
    PolicyAcknowledgement.delete().where(PolicyAcknowledgement.account_id == person.account_id).execute()


# --- requests ----------------------------------------------------------------------------------------

def _requests(account_id: uuid.UUID) -> list[DataRequest]:
    return list(DataRequest.select().where(DataRequest.account_id == account_id).order_by(DataRequest.received_at))


def _this_export(person: Person) -> Export | None:
    """The export being built, when the operation is one (it describes itself, never as « en préparation »)."""
    return Export.get_or_none(Export.id == person.export_id) if person.export_id else None


def _request_state(r: DataRequest, answering: bool = False) -> str:
    """Her request as she reads it: when it came, when its answer is due (an extension, its new date and why),
    and what was answered, or that this very export answers it."""
    words = [str(_l("reçue le %(r)s", r=paris_date(r.received_at)))]
    if r.extended_to:
        words.append(str(_l("échéance reportée du %(a)s au %(b)s : %(why)s", a=paris_date(r.due_on),
                            b=paris_date(r.extended_to), why=r.extension_reason or "")))
    if r.closed_at:
        closed = str(_l("close le %(c)s", c=paris_date(r.closed_at)))
        words.append(f"{closed} : {r.answer}" if r.answer else closed)
    elif answering:
        words.append(str(_l("répondue par cet export")))
    else:
        words.append(str(_l("en cours, réponse au plus tard le %(d)s",
                            d=paris_date(r.extended_to or r.due_on))))
    return " ; ".join(words)


def _requests_held(person: Person) -> list[tuple[str, str]]:
    building = _this_export(person)
    answered = building.request_id if building else None
    return [(request_kind(r.kind), _request_state(r, r.id == answered)) for r in _requests(person.account_id)]


def _request_history(requests: list[DataRequest]) -> tuple[dict[int, list], dict[int, list]]:
    """Each request's steps and extensions, oldest first, in two queries whatever the number of requests."""
    ids = [r.id for r in requests]
    steps: dict[int, list] = {i: [] for i in ids}
    extensions: dict[int, list] = {i: [] for i in ids}
    if ids:
        for step in RequestStep.select().where(RequestStep.request.in_(ids)).order_by(RequestStep.id):
            steps[step.request_id].append({"at": step.at.isoformat(), "what": step.what})
        for e in RequestExtension.select().where(RequestExtension.request.in_(ids)).order_by(RequestExtension.id):
            extensions[e.request_id].append({"at": iso(e.extended_at), "previous_due": iso(e.previous_due),
                                             "new_due": e.new_due.isoformat(), "reason": e.reason,
                                             "corrected": e.corrected})
    return steps, extensions


def _requests_exported(person: Person) -> dict:
    """Her requests with their history (what was done to carry each out, each extension and why): the right of
    access covers the register's record of her own requests."""
    requests = _requests(person.account_id)
    steps, extensions = _request_history(requests)
    building = _this_export(person)
    answered = building.request_id if building else None
    return {"data_requests": [{"kind": r.kind, "channel": r.channel, "received_at": r.received_at.isoformat(),
                               "due_on": (r.extended_to or r.due_on).isoformat(), "first_due_on": r.due_on.isoformat(),
                               "closed_at": iso(r.closed_at), "answered_by_this_export": r.id == answered,
                               "detail": r.detail, "answer": r.answer, "extensions": extensions[r.id],
                               "steps": steps[r.id]}
                              for r in requests]}


def _erase_request_words(person: Person) -> None:
    """The register keeps that a request was made and answered; her own words go with her account."""
    DataRequest.update(detail=None).where(DataRequest.account_id == person.account_id).execute()
    # The letters printed for her carry her name and address: their files go, the register keeps that they were made.
    letters_kept.forget(list(RequestLetterMade.select().join(DataRequest).where(
        DataRequest.account_id == person.account_id)))


def _past_their_time(as_of: date) -> peewee.Expression:
    """Five years after a request was closed or, never closed, five years after the day its answer was due
    (its last extension's): the proof of an answer given late, or never, is kept as long as that of an answer,
    then goes like it."""
    cutoff = _years_before(as_of, REQUEST_KEPT_YEARS)
    due = peewee.fn.COALESCE(DataRequest.extended_to, DataRequest.due_on)
    # (each side is true or false, never NULL: the negation must hold too)
    return ((DataRequest.closed_at.is_null(False) & (DataRequest.closed_at < cutoff))
            | (DataRequest.closed_at.is_null() & (due < cutoff.date())))


def _expire_requests(as_of: date, held_back: frozenset[uuid.UUID]) -> int:
    old = _past_their_time(as_of)
    if held_back:
        # (a requester's request has no account: NULL NOT IN … would keep it for ever)
        old &= DataRequest.account_id.is_null() | DataRequest.account_id.not_in(list(held_back))
    going = DataRequest.select(DataRequest.id).where(old)
    # The copies of the mails that answered them prove nothing once the request is gone.
    mail.forget_kept([mails_about(row) for row in going])
    # An address a letter gave, for a request never closed (closing forgot the others): the vault's first, so that
    # a crash in between leaves a request to find it again, never an address nothing points to.
    for row in DataRequest.select(DataRequest.letter_id).where(
            old & DataRequest.closed_at.is_null() & DataRequest.letter_id.is_null(False)):
        vault.forget_letter(row.letter_id)
    Export.delete().where(Export.request.in_(going)).execute()
    letters_kept.forget(list(RequestLetterMade.select().where(RequestLetterMade.request.in_(going))))
    RequestLetterMade.delete().where(RequestLetterMade.request.in_(going)).execute()
    RequestExtension.delete().where(RequestExtension.request.in_(going)).execute()
    RequestStep.delete().where(RequestStep.request.in_(going)).execute()
    return DataRequest.delete().where(DataRequest.id.in_(going)).execute()


def _expire_requesters(as_of: date, held_back: frozenset[uuid.UUID]) -> int:
    """Someone without an account who wrote to the dpo, or filed a complaint on the public page: what she gave
    (name, postal address, e-mail) leaves the vault with the last of her requests and complaints kept, answered
    or not. Runs before the register's own
    expiry (order), which then removes those requests."""
    going = DataRequest.requester_id.is_null(False) & _past_their_time(as_of)
    named = {row.requester_id for row in DataRequest.select(DataRequest.requester_id).where(going)}
    # A complaint from the public page keeps what she gave the same way (the same person may have written to
    # the dpo too, her letter attached to it): she leaves when the last of her requests and complaints goes.
    named |= complainants_past_their_time(as_of)
    kept = requesters_still_kept(list(named), as_of) | complainants_still_kept(list(named), as_of)
    return vault.forget_requesters(sorted(named - kept, key=str))


def requesters_still_kept(requester_ids: list[uuid.UUID], as_of: date) -> set[uuid.UUID]:
    """Which of these people without an account have a request the register keeps past as_of."""
    if not requester_ids:
        return set()
    return {row.requester_id for row in DataRequest.select(DataRequest.requester_id).where(
        DataRequest.requester_id.in_(requester_ids) & ~_past_their_time(as_of))}


# --- exports -----------------------------------------------------------------------------------------

EXPORT_WORDS = {"pending": _l("en préparation"), "expired": _l("effacé après 7 jours"),
                "failed": _l("non écrit : le serveur manquait de place")}


def _export_state(e: Export, person: Person) -> str:
    by_post = DataRequest.select(DataRequest.answer_by_post).where(DataRequest.id == e.request_id).scalar()
    if e.id == person.export_id:
        return str(_l("cet export-ci, envoyé par courrier") if by_post else _l("cet export-ci"))
    if by_post and e.status in ("ready", "expired"):
        return str(_l("préparé par le délégué et envoyé par courrier"))
    if e.status == "ready" and e.expires_at:
        return str(_l("prêt : à télécharger jusqu'au %(d)s (lien plus bas)",
                      d=paris_date(e.expires_at)))
    return str(EXPORT_WORDS.get(e.status, e.status))


def _exports_held(person: Person) -> list[tuple[str, str]]:
    return [(str(_l("Export du %(d)s", d=paris_date(e.created_at))), _export_state(e, person))
            for e in Export.select().where(Export.account_id == person.account_id).order_by(Export.created_at)]


def _exports_exported(person: Person) -> dict:
    return {"exports": [{"requested_at": e.created_at.isoformat(),
                         "status": "this_export" if e.id == person.export_id else e.status}
                        for e in Export.select().where(Export.account_id == person.account_id)]}


def _erase_exports(person: Person) -> None:
    Export.delete().where(Export.account_id == person.account_id).execute()
    folder = Path(current_app.instance_path) / "exports" / str(person.account_id)
    if folder.is_dir():
        for path in folder.iterdir():
            path.unlink(missing_ok=True)
        folder.rmdir()


# --- the registers the provider keeps ----------------------------------------------------------------

def _judicial_held(person: Person) -> list[tuple[str, str]]:
    # Neither a count nor a date: telling the person could obstruct an investigation.
    return [(str(_l("Réquisitions d'une autorité")), str(_l("communiquées seulement si la loi le permet")))]


def _expire_judicial(as_of: date, held_back: frozenset[uuid.UUID]) -> int:
    """Five years after the answer: the register's row and the answer kept as sent (first the file, then the
    row: a crash in between leaves a row whose file is gone, never a file nothing points to)."""
    due = JudicialRequest.answered_at < _years_before(as_of, JUDICIAL_KEPT_YEARS)
    vault.forget_documents([row.answer_stored for row in JudicialRequest.select(JudicialRequest.answer_stored)
                            .where(due & JudicialRequest.answer_stored.is_null(False))])
    return JudicialRequest.delete().where(due).execute()


def _versions_held(person: Person) -> list[tuple[str, str]]:
    published = PolicyVersion.select().where(PolicyVersion.published_by == person.account_id).count()
    return [(str(_l("Versions de la politique publiées par vous")), str(published))] if published else []


KEPT = _l("Conservé tel quel.")

DECLARATIONS = (
    Declaration(
        key="privacy.policy_readings", topic="consents", label=_l("Versions de la politique lues"),
        models=(PolicyAcknowledgement,), retention=BY_KEY["login"], basis=LEGAL,
        purpose=_l("Savoir quelles versions de la politique vous avez lues, pour vous signaler les suivantes."),
        while_restricted=_l("Conservées ; un changement de politique vous est toujours annoncé."),
        held=_readings_held, export=_readings_exported, erase=_erase_readings),
    Declaration(
        key="privacy.requests", topic="requests", label=_l("Vos demandes"),
        models=(DataRequest, RequestExtension, RequestStep, RequestLetterMade),
        retention=BY_KEY["requests"], basis=LEGAL,
        purpose=_l("Répondre à vos demandes d'accès, de rectification, d'effacement, de limitation ou "
                   "d'opposition, et pouvoir prouver que nous l'avons fait."),
        while_restricted=_l("Tenues comme toujours : une limitation est elle-même une demande du registre."),
        held=_requests_held, export=_requests_exported, erase=_erase_request_words, expire=_expire_requests),
    Declaration(
        roles=(),  # she has no account, hence no privacy center: the dpo answers her by the way she wrote
        key="privacy.requesters", topic="requests", label=_l("Personnes sans compte ayant écrit au délégué"),
        models=("requester",), retention=BY_KEY["requests"], basis=LEGAL,
        purpose=_l("Répondre à une personne sans compte qui exerce ses droits par courrier ou par courriel (son "
                   "nom, son adresse postale ou électronique, son téléphone, comme sa lettre les donne), et pouvoir "
                   "prouver que nous l'avons fait."),
        while_restricted=KEPT, expire=_expire_requesters, order=-1),
    Declaration(
        key="privacy.exports", topic="requests", label=_l("Vos exports"), models=(Export,),
        retention=BY_KEY["exports"], basis=LEGAL,
        purpose=_l("Vous remettre toutes vos données dans un fichier : à télécharger depuis votre espace pendant 7 "
                   "jours, ou envoyé par le délégué quand vous lui avez écrit."),
        while_restricted=_l("Vous pouvez toujours exporter vos données."),
        held=_exports_held, export=_exports_exported, erase=_erase_exports),
    Declaration(
        key="privacy.judicial", topic="requests", label=_l("Réquisitions des autorités"), models=(JudicialRequest,),
        retention=BY_KEY["judicial"], basis=LEGAL,
        purpose=_l("Ne transmettre à une autorité que ce qu'une réquisition officielle demande, et en garder la "
                   "trace."),
        while_restricted=KEPT, held=_judicial_held, expire=_expire_judicial),
    Declaration(
        roles=("trainer", "staff", "dpo"),
        key="privacy.policy_versions", topic="work", label=_l("Versions de la politique de confidentialité"),
        models=(PolicyVersion,), retention=BY_KEY["authorship"], basis=LEGAL,
        purpose=_l("Savoir qui a publié chaque version de la politique, et quand elle s'est appliquée."),
        while_restricted=_l("Conservées telles quelles."), held=_versions_held),
)
