"""Restriction of processing: the learner (or the dpo) sets it, only the dpo lifts it."""
from __future__ import annotations

import uuid

from flask_babel import lazy_gettext as _l

from portal import db, mail
from portal.accounts.models import Account
from portal.privacy.models import DataRequest
from portal.privacy.requests import close_request, open_request
from portal.timeutil import utcnow


class RestrictionRefused(Exception):
    pass


def restrict(account_id: uuid.UUID, channel: str = "espace") -> DataRequest:
    with db.atomic():
        request = open_request(account_id, "restriction", channel)
        Account.update(restricted_at=utcnow()).where(
            (Account.id == account_id) & Account.restricted_at.is_null()).execute()
    return request


def lift(account_id: uuid.UUID, reason: str) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise RestrictionRefused(_l("Indiquez la raison de la levée."))
    with db.atomic():
        if not Account.update(restricted_at=None).where(
                (Account.id == account_id) & Account.restricted_at.is_null(False)).execute():
            raise RestrictionRefused(_l("Ce compte n'est pas limité."))
        for request in DataRequest.select().where((DataRequest.account_id == account_id)
                                                  & (DataRequest.kind == "restriction")
                                                  & DataRequest.closed_at.is_null()):
            close_request(request, f"Limitation levée : {reason}")
        mail.send(account_id, "restriction_lifted", reason=reason)
