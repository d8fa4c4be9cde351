"""Opening and closing entries of the data-request register."""
from __future__ import annotations

import uuid
from datetime import timedelta

from portal import db
from portal.privacy.models import DataRequest
from portal.timeutil import to_paris, utcnow

ANSWER_DAYS = 15  # calendar days, as the policy promises


def open_request(account_id: uuid.UUID, kind: str, channel: str = "espace") -> DataRequest:
    now = utcnow()
    with db.atomic():
        return DataRequest.create(account_id=account_id, kind=kind, channel=channel, received_at=now,
                                  due_on=to_paris(now).date() + timedelta(days=ANSWER_DAYS))


def close_request(request: DataRequest, answer: str) -> None:
    with db.atomic():
        DataRequest.update(closed_at=utcnow(), answer=answer).where(DataRequest.id == request.id).execute()
