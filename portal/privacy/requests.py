"""Opening and closing entries of the data-request register."""
from __future__ import annotations

import uuid
from datetime import timedelta

from portal import db
from portal.privacy.models import REQUEST_KINDS as REQUEST_KINDS  # re-exported for the screens, which read no models
from portal.privacy.models import DataRequest
from portal.refusals import Refused
from portal.timeutil import paris_today, to_paris, utcnow

ANSWER_DAYS = 15  # calendar days, as the policy promises


def open_request(account_id: uuid.UUID, kind: str, channel: str = "espace", detail: str | None = None) -> DataRequest:
    now = utcnow()
    with db.atomic():
        return DataRequest.create(account_id=account_id, kind=kind, channel=channel, received_at=now,
                                  due_on=to_paris(now).date() + timedelta(days=ANSWER_DAYS), detail=detail)


def close_request(request: DataRequest, answer: str) -> None:
    with db.atomic():
        DataRequest.update(closed_at=utcnow(), answer=answer).where(DataRequest.id == request.id).execute()


class RequestRefused(Refused):
    pass


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


def request_or_none(request_id: int) -> DataRequest | None:
    return DataRequest.get_or_none(DataRequest.id == request_id)


def is_overdue(request: DataRequest) -> bool:
    return request.closed_at is None and effective_due(request) < paris_today()


def extend(request: DataRequest, new_due, reason: str) -> None:
    from flask_babel import lazy_gettext as _l

    from portal import mail

    reason = (reason or "").strip()
    if request.closed_at is not None:
        raise RequestRefused(_l("Cette demande est close."))
    if not reason:
        raise RequestRefused(_l("Indiquez la raison du report."))
    if new_due is None or new_due <= effective_due(request):
        raise RequestRefused(_l("La nouvelle échéance doit suivre l'actuelle."))
    with db.atomic():
        DataRequest.update(extended_to=new_due, extension_reason=reason).where(DataRequest.id == request.id).execute()
        mail.send(request.account_id, "request_extended", reason=reason, new_due=new_due.strftime("%d/%m/%Y"),
                  days=(new_due - request.due_on).days)


def close_with_answer(request: DataRequest, answer: str) -> None:
    from flask_babel import lazy_gettext as _l

    if request.closed_at is not None:
        raise RequestRefused(_l("Cette demande est déjà close."))
    if not (answer or "").strip():
        raise RequestRefused(_l("Consignez la réponse apportée."))
    close_request(request, answer.strip())
