"""Opening and closing entries of the data-request register."""
from __future__ import annotations

import calendar
import uuid
from datetime import date, datetime, time, timedelta
from email.message import EmailMessage

from flask_babel import lazy_gettext as _l
from peewee import chunked

from portal import db, mail
from portal.privacy.models import REQUEST_KINDS as REQUEST_KINDS  # re-exported for the screens, which read no models
from portal.privacy.models import DataRequest, RequestExtension, RequestStep
from portal.privacy.wording import request_kind
from portal.refusals import Refused
from portal.standing import service as standing
from portal.timeutil import paris_today, to_paris, utcnow
from portal.vault import service as vault

ANSWER_DAYS = 15  # calendar days, as the policy promises
# GDPR art. 12(3): an answer within one month of receipt, "extended by two further months where necessary":
# whatever the first due date (ours is sooner, as the policy promises), never later than three months after receipt.
LONGEST_MONTHS = 3


class RequestRefused(Refused):
    pass


def months_after(day: date, months: int) -> date:
    """The same day so many months later (the month's last day when it has fewer days)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def latest_due(request: DataRequest) -> date:
    """How far a request may be extended: three months from the day it was received."""
    return months_after(to_paris(request.received_at).date(), LONGEST_MONTHS)


def check_received_on(day: date) -> None:
    """A request arrives in the past or today: its clock starts then."""
    if day > paris_today():
        raise RequestRefused(_l("La date de réception ne peut pas être dans le futur."))


def open_request(account_id: uuid.UUID | None, kind: str, channel: str = "espace", detail: str | None = None,
                 received_on: date | None = None, requester_id: uuid.UUID | None = None) -> DataRequest:
    """received_on: the day a letter or a mail arrived (its clock starts then, not when it is typed in);
    a request made from the person's space arrives now. Someone without an account is a requester of the
    vault (requester_id) instead of an account."""
    if (account_id is None) == (requester_id is None):
        raise ValueError("a request is an account's or a requester's")
    now = utcnow()
    today = to_paris(now).date()
    if received_on is not None:
        check_received_on(received_on)
    received_at = now if received_on is None or received_on == today else datetime.combine(received_on, time(12, 0))
    start = received_on or today
    with db.atomic():
        return DataRequest.create(account_id=account_id, requester_id=requester_id, kind=kind, channel=channel,
                                  received_at=received_at, due_on=start + timedelta(days=ANSWER_DAYS), detail=detail)


def workflow(request: DataRequest) -> str:
    """What the access journal says a read of her data was for, when it answers this request."""
    return f"registre des demandes, demande n° {request.id}"


def close_request(request: DataRequest, answer: str) -> None:
    with db.atomic():
        now = utcnow()
        DataRequest.update(closed_at=now, answer=answer).where(DataRequest.id == request.id).execute()
        if request.requester_id is not None:
            vault.requester_answered(request.requester_id, now)
        if request.letter_id is not None:  # answered: the address her letter gave is no longer needed
            vault.forget_letter(request.letter_id)


def can_be_mailed(request: DataRequest) -> bool:
    """An account is mailed at its address; someone without one only if her letter gave an address."""
    if request.requester_id is None:
        return True
    contact = vault.requester_mail_contact(request.requester_id)
    return bool(contact and contact.email)


def mails_about(request: DataRequest) -> str:
    """The key under which the mails answering the request keep their copy (portal.mail.kept): its history shows
    each, and they leave with its record."""
    return f"demande:{request.id}"


def tell(request: DataRequest, template: str, **context) -> bool:
    """Mails the person what became of her request, from the dpo (her answer reaches him), a copy kept with the
    request. False when she can only be answered by post."""
    if request.requester_id is not None:
        if not can_be_mailed(request):
            return False
        mail.send_to_requester(request.requester_id, template, keep=mails_about(request), **context)
        return True
    mail.send(request.account_id, template, from_dpo=True, keep=mails_about(request), **context)
    return True


def compose_told(template: str, to: str, **context) -> EmailMessage:
    """A mail about her request written to be sent at once rather than queued (her erasure's farewell, composed
    while her address is still in the vault): from the dpo and signed by him, as tell()'s."""
    return mail.compose(template, to=to, context=context, from_dpo=True)


def mails_of(request: DataRequest) -> list:
    """The mails sent to her about the request, each as its copy proves it (queued, accepted or why not, text)."""
    return mail.kept_copies([mails_about(request)])[mails_about(request)]


def effective_due(request: DataRequest):
    return request.extended_to or request.due_on


def queue() -> list[DataRequest]:
    """Open requests first, by due date (extensions included); closed ones after."""
    rows = list(DataRequest.select().order_by(DataRequest.received_at.desc()).limit(500))
    return sorted(rows, key=lambda r: (r.closed_at is not None, effective_due(r), r.id))


def open_by_due_date() -> list[DataRequest]:
    """Requests still open, the one due soonest (overdue ones first) at the top."""
    rows = list(DataRequest.select().where(DataRequest.closed_at.is_null()))
    return sorted(rows, key=lambda r: (effective_due(r), r.id))


def received_between(since, until) -> list[DataRequest]:
    """The requests received in a period (the quarterly security report counts them)."""
    return list(DataRequest.select().where((DataRequest.received_at >= since) & (DataRequest.received_at < until)))


def requests_of_people(person_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[DataRequest]]:
    """The register's requests of each of these people, accounts and people without one alike, oldest first."""
    wanted = list(person_ids) or [None]
    found: dict[uuid.UUID, list[DataRequest]] = {}
    for row in DataRequest.select().where(DataRequest.account_id.in_(wanted) | DataRequest.requester_id.in_(wanted)
                                          ).order_by(DataRequest.received_at, DataRequest.id):
        found.setdefault(row.account_id or row.requester_id, []).append(row)
    return found


def who_wrote(person_ids: set[uuid.UUID | None]) -> set[uuid.UUID]:
    """Which of these people have a request in the register, with an account or without one."""
    wanted = [i for i in person_ids if i is not None]
    if not wanted:
        return set()
    rows = DataRequest.select(DataRequest.account_id, DataRequest.requester_id).where(
        DataRequest.account_id.in_(wanted) | DataRequest.requester_id.in_(wanted)).distinct()
    return {row.account_id or row.requester_id for row in rows}


def extensions_of(request: DataRequest) -> list[RequestExtension]:
    """Every extension and correction of the request's due date, oldest first."""
    return list(RequestExtension.select().where(RequestExtension.request == request.id).order_by(RequestExtension.id))


def extensions_of_requests(request_ids: list[int]) -> dict[int, list[RequestExtension]]:
    """Every extension and correction of each of these requests, oldest first (one query for a list)."""
    found: dict[int, list[RequestExtension]] = {}
    for batch in chunked(request_ids, 500):
        for row in RequestExtension.select().where(RequestExtension.request.in_(batch)).order_by(RequestExtension.id):
            found.setdefault(row.request_id, []).append(row)
    return found


EXPORT_ASKED = "Export demandé"  # the step that carries out an access or portability request


def note_step(request: DataRequest, what: str) -> None:
    """A step of carrying out the request, for its history (in words, without her name)."""
    RequestStep.create(request=request.id, what=what)


def steps_of(request: DataRequest) -> list[RequestStep]:
    """What was done to carry out the request, oldest first."""
    return list(RequestStep.select().where(RequestStep.request == request.id).order_by(RequestStep.id))


def exports_asked(request_ids: list[int]) -> set[int]:
    """Which of these access or portability requests were carried out (their export asked for)."""
    if not request_ids:
        return set()
    return {row.request_id for row in RequestStep.select(RequestStep.request).where(
        RequestStep.request.in_(request_ids) & RequestStep.what.startswith(EXPORT_ASKED))}


def request_or_none(request_id: int) -> DataRequest | None:
    return DataRequest.get_or_none(DataRequest.id == request_id)


def is_overdue(request: DataRequest) -> bool:
    return request.closed_at is None and effective_due(request) < paris_today()


def extend(request: DataRequest, new_due, reason: str, by_post: bool = False) -> bool:
    """Postpone the answer, with its reason, within the law; a mistaken extension may be corrected to an
    earlier date before the date it set. The person is told each time, from the dpo (False: she gave no
    e-mail address, or someone without an account is answered by post: the dpo writes to her)."""
    reason, correcting = check_extension(request, new_due, reason)
    current = effective_due(request)
    with db.atomic():
        DataRequest.update(extended_to=None if new_due == request.due_on else new_due,
                           extension_reason=reason).where(DataRequest.id == request.id).execute()
        RequestExtension.create(request=request.id, previous_due=current, new_due=new_due, reason=reason,
                                corrected=correcting)
        if by_post and request.requester_id is not None:
            return False  # the dpo's letter tells her; the address her letter gave gets nothing
        return tell(request, EXTENDED, **extension_told(request, new_due, reason, current))


EXTENDED = "request_extended"  # the mail that tells her of an extension


def extension_told(request: DataRequest, new_due, reason: str, current=None) -> dict:
    """What the mail (or the dpo's letter) about an extension says; current: the due date it changes."""
    return {"reason": reason, "new_due": new_due.strftime("%d/%m/%Y"), "days": (new_due - request.due_on).days,
            "corrected": new_due < (current or effective_due(request))}


def check_extension(request: DataRequest, new_due, reason: str) -> tuple[str, bool]:
    """The extension as the law allows it, before anything is written or sent: its reason, and whether it
    corrects an earlier one."""
    reason = (reason or "").strip()
    if request.closed_at is not None:
        raise RequestRefused(_l("Cette demande est close."))
    if not reason:
        raise RequestRefused(_l("Indiquez la raison du report."))
    current = effective_due(request)
    if new_due is None or new_due == current:
        raise RequestRefused(_l("Choisissez une échéance différente de l'actuelle."))
    if new_due > latest_due(request):
        raise RequestRefused(_l("Le report ne peut pas dépasser trois mois après la réception de la demande "
                                "(article 12.3 du RGPD) : au plus tard le %(d)s.",
                                d=latest_due(request).strftime("%d/%m/%Y")))
    correcting = new_due < current
    if correcting and (request.extended_to is None or new_due < request.due_on):
        raise RequestRefused(_l("La nouvelle échéance doit suivre l'échéance initiale du %(d)s.",
                                d=request.due_on.strftime("%d/%m/%Y")))
    if correcting and paris_today() >= current:
        raise RequestRefused(_l("Ce report a déjà pris effet : il ne peut plus être corrigé."))
    return reason, correcting


BY_POST = "Réponse envoyée par courrier : "


def close_with_answer(request: DataRequest, answer: str, by_post: bool = False) -> None:
    """Closed with what was done; the person is told by mail, from the dpo (a request of an erased account
    has no one to tell here: the dpo answers by the way it came). Someone without an account is answered
    by mail when she gave an address, or by a letter the register notes (by_post)."""
    answer = check_closing(request, answer, by_post)
    by_post = by_post or request.answer_by_post  # an export taken to be sent by post
    with db.atomic():
        close_request(request, BY_POST + answer if by_post else answer)
        if request.requester_id is not None and by_post:
            return  # her letter is the answer
        tell(request, CLOSED, **closing_told(request, answer))


CLOSED = "request_closed"  # the mail that answers her


def closing_told(request: DataRequest, answer: str) -> dict:
    """What the answer's mail (or the dpo's letter) says."""
    return {"what": str(request_kind(request.kind)), "received_on": to_paris(request.received_at).strftime("%d/%m/%Y"),
            "answer": answer}


def check_closing(request: DataRequest, answer: str, by_post: bool) -> str:
    """The answer, as it may close the request, before anything is written or sent."""
    if request.closed_at is not None:
        raise RequestRefused(_l("Cette demande est déjà close."))
    answer = (answer or "").strip()
    if not answer:
        raise RequestRefused(_l("Consignez la réponse apportée."))
    if request.kind in ("restriction", "restriction_lift") and request.account_id is not None \
            and standing.is_restricted(request.account_id):
        raise RequestRefused(_l("Le traitement de ses données est limité : levez la limitation (« Exécuter la "
                                "demande ») ; la demande se clôt avec elle."))
    if request.requester_id is not None and not by_post and not can_be_mailed(request):
        raise RequestRefused(_l("Cette personne n'a pas donné d'adresse électronique : répondez-lui par courrier, "
                                "puis notez-le."))
    return answer


def her_other_requests(request: DataRequest) -> list[DataRequest]:
    """The person's other requests of the same kind in the register (with an account or without one), newest
    first: what a duplicate may repeat."""
    same = (DataRequest.account_id == request.account_id) if request.account_id is not None \
        else (DataRequest.requester_id == request.requester_id)
    # The same right asked again: an access request does not repeat a restriction.
    return list(DataRequest.select().where(same & (DataRequest.kind == request.kind) & (DataRequest.id != request.id))
                .order_by(DataRequest.received_at.desc(), DataRequest.id.desc()))


def close_as_duplicate(request: DataRequest, original_id: int | None) -> None:
    """She asked the same thing twice: the repeat is closed as a duplicate of her other request, which carries
    the answer. Nothing is mailed (the other request tells her); the register says which request it repeats."""
    if request.closed_at is not None:
        raise RequestRefused(_l("Cette demande est déjà close."))
    original = next((other for other in her_other_requests(request) if other.id == original_id), None)
    if original is None:
        raise RequestRefused(_l("Choisissez l'autre demande de la même personne dont celle-ci est le doublon."))
    with db.atomic():
        close_request(request, f"{DUPLICATE}{original.id} : aucune réponse envoyée, la demande n° {original.id} "
                               "lui répond.")


DUPLICATE = "Close comme doublon de la demande n° "
