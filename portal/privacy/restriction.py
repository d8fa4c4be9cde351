"""Restriction of processing (GDPR art. 18): the person (or the dpo) sets it on one of the grounds the
regulation allows, the person may ask for it to be lifted, only the dpo lifts it; each step is a request
in the register, with what the person wrote."""
from __future__ import annotations

import uuid
from datetime import date

from flask_babel import lazy_gettext as _l

from portal import db, mail
from portal.accounts.models import Account
from portal.privacy.models import DataRequest
from portal.privacy.requests import close_request, open_request
from portal.refusals import Refused
from portal.timeutil import utcnow

# The grounds of article 18(1), in the words the person reads; "autre" asks for her own.
GROUNDS = {
    "exactitude": _l("Je conteste l'exactitude de mes données, le temps de leur vérification"),
    "illicite": _l("Le traitement me semble illicite, mais je ne veux pas l'effacement de mes données"),
    "droits": _l("J'ai besoin que mes données soient conservées pour faire valoir un droit en justice"),
    "opposition": _l("J'ai fait opposition à un traitement, le temps que mes raisons soient examinées"),
    "autre": _l("Autre raison (précisez)"),
}


class RestrictionRefused(Refused):
    pass


def ground_words(ground: str, details: str) -> str:
    """What the register keeps: the ground in words, and the person's own words when she gave some."""
    words = str(GROUNDS.get(ground, GROUNDS["autre"]))
    return f"{words} — {details.strip()}" if details and details.strip() else words


LEGAL_CLAIM = "droits"  # art. 18(1)(c): what the claim needs is kept past its clock, until lifted


def restrict(account_id: uuid.UUID, channel: str = "espace", detail: str | None = None,
             ground: str | None = None, received_on: date | None = None) -> DataRequest:
    with db.atomic():
        request = open_request(account_id, "restriction", channel, detail, received_on)
        Account.update(restricted_at=utcnow(), restriction_ground=ground if ground in GROUNDS else None).where(
            (Account.id == account_id) & Account.restricted_at.is_null()).execute()
    return request


def held_for_legal_claims() -> frozenset[uuid.UUID]:
    """Accounts restricted to establish, exercise or defend a legal claim: nothing of theirs is purged."""
    return frozenset(row.id for row in Account.select(Account.id).where(
        Account.restricted_at.is_null(False) & (Account.restriction_ground == LEGAL_CLAIM)))


def restricted_accounts() -> list[Account]:
    """Every restricted account, the oldest restriction first (the dpo's home lists them)."""
    return list(Account.select().where(Account.restricted_at.is_null(False)).order_by(Account.restricted_at))


def lift(account_id: uuid.UUID, reason: str) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise RestrictionRefused(_l("Indiquez la raison de la levée."))
    with db.atomic():
        if not Account.update(restricted_at=None, restriction_ground=None).where(
                (Account.id == account_id) & Account.restricted_at.is_null(False)).execute():
            raise RestrictionRefused(_l("Ce compte n'est pas limité."))
        for request in DataRequest.select().where((DataRequest.account_id == account_id)
                                                  & DataRequest.kind.in_(["restriction", "restriction_lift"])
                                                  & DataRequest.closed_at.is_null()):
            close_request(request, f"Limitation levée : {reason}")
        mail.send(account_id, "restriction_lifted", reason=reason)


def pending_lift(account_id: uuid.UUID) -> DataRequest | None:
    return DataRequest.get_or_none((DataRequest.account_id == account_id) & (DataRequest.kind == "restriction_lift")
                                   & DataRequest.closed_at.is_null())


def ask_lift(account_id: uuid.UUID, reason: str) -> DataRequest:
    """The person asks the dpo to lift her restriction: a request in the register (one at a time)."""
    reason = (reason or "").strip()
    if not reason:
        raise RestrictionRefused(_l("Dites en quelques mots pourquoi la limitation peut être levée."))
    with db.atomic():
        db.person_lock(account_id, "restriction")
        if not Account.select().where((Account.id == account_id) & Account.restricted_at.is_null(False)).exists():
            raise RestrictionRefused(_l("Le traitement de vos données n'est pas limité."))
        waiting = pending_lift(account_id)
        if waiting is not None:
            return waiting
        return open_request(account_id, "restriction_lift", "espace", reason)
