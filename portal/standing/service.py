"""What a person has asked of the portal about the use of her data, as other packages need to read it:
her consent to marketing mail, the restriction of processing, and her one-click unsubscribe token.

Reads only, and nothing that sends mail: the mail facade asks these before every marketing message,
and the modules that change them (consent, restriction) send mail themselves.
"""
from __future__ import annotations

import uuid
from collections.abc import Iterable

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from peewee import fn

from portal.accounts.models import Account
from portal.db import MANY_KEYS
from portal.refusals import Refused
from portal.standing.models import MARKETING, ConsentEvent
from portal.timeutil import to_paris


def history(account_id: uuid.UUID, purpose: str = MARKETING) -> list[ConsentEvent]:
    return list(ConsentEvent.select().where((ConsentEvent.account_id == account_id) & (ConsentEvent.purpose == purpose))
                .order_by(ConsentEvent.created_at.desc(), ConsentEvent.id.desc()))


def append_consent(account_id: uuid.UUID, purpose: str, wanted: bool, policy_version: str, source: str) -> None:
    """Call inside the transaction of the change (portal.privacy.consent decides when there is one)."""
    ConsentEvent.create(account_id=account_id, purpose=purpose, granted=wanted, policy_version=policy_version,
                        source=source)


def granted(account_id: uuid.UUID, purpose: str = MARKETING) -> bool:
    latest = (ConsentEvent.select(ConsentEvent.granted)
              .where((ConsentEvent.account_id == account_id) & (ConsentEvent.purpose == purpose))
              .order_by(ConsentEvent.created_at.desc(), ConsentEvent.id.desc()).first())
    return bool(latest and latest.granted)  # never given means no


def marketing_audience(after: uuid.UUID | None = None, limit: int | None = None) -> list[uuid.UUID]:
    """Active accounts whose latest marketing choice is a yes and whose processing is not restricted, by
    id (a batch starts after `after`). One query: the latest event per account is the one no later
    event of the same account follows."""
    later = ConsentEvent.alias()
    newer = later.select(later.id).where(
        (later.account_id == ConsentEvent.account_id) & (later.purpose == MARKETING)
        & ((later.created_at > ConsentEvent.created_at)
           | ((later.created_at == ConsentEvent.created_at) & (later.id > ConsentEvent.id))))
    query = (ConsentEvent.select(ConsentEvent.account_id).join(Account, on=(Account.id == ConsentEvent.account_id))
             .where((ConsentEvent.purpose == MARKETING) & ConsentEvent.granted & ~fn.EXISTS(newer)
                    & (Account.status == "active") & Account.restricted_at.is_null())
             .order_by(ConsentEvent.account_id))
    if after is not None:
        query = query.where(ConsentEvent.account_id > after)
    if limit is not None:
        query = query.limit(limit)
    return [row.account_id for row in query]


class GroundRequired(Refused):
    """A use of a restricted person's data beyond keeping it, without its legal ground."""

    status = 409


def restricted_since(account_id: uuid.UUID):
    row = Account.select(Account.restricted_at).where(Account.id == account_id).first()
    return row.restricted_at if row else None


def ground_for_use(account_id: uuid.UUID, ground: str) -> str:
    """Restriction means stored, not used (art. 18(2)): printing her documents, billing her or reading
    her identity then needs its legal ground, which the access journal keeps. "" when her processing is
    not restricted; otherwise the ground given, or GroundRequired saying what to give."""
    since = restricted_since(account_id)
    if since is None:
        return ""
    ground = (ground or "").strip()
    if not ground or len(ground) > 300:
        raise GroundRequired(_l("Le traitement des données de cette personne est limité depuis le %(d)s : elles ne "
                                "servent plus qu'à leur conservation. Indiquez le motif légal de cet usage (par "
                                "exemple : obligation envers son financeur, défense d'un droit en justice), en 300 "
                                "caractères au plus ; il sera inscrit au journal des accès.",
                                d=to_paris(since).strftime("%d/%m/%Y")))
    return ground


def ground_words(ground: str) -> str:
    """How the access journal says why a restricted person's data was used."""
    return f"Limitation du traitement — motif légal : {ground}"


def is_restricted(account_id: uuid.UUID) -> bool:
    return Account.select().where((Account.id == account_id) & Account.restricted_at.is_null(False)).exists()


def restricted_among(account_ids: Iterable[uuid.UUID | None]) -> set[uuid.UUID]:
    """Those of these accounts whose processing is restricted, in one query (none when there is no id): the
    mark every staff list puts on her rows."""
    wanted = {account_id for account_id in account_ids if account_id}
    if not wanted:
        return set()
    query = Account.select(Account.id).where(Account.restricted_at.is_null(False))
    if len(wanted) <= MANY_KEYS:
        return {row.id for row in query.where(Account.id.in_(list(wanted)))}
    return {row.id for row in query if row.id in wanted}  # few restricted accounts: fewer than the ids listed


def unrestricted(query, account_field):
    """Filter for personalisation, marketing and statistics: restricted accounts are left out."""
    restricted = Account.select(Account.id).where(Account.restricted_at.is_null(False))
    return query.where(account_field.not_in(restricted))


def marketing_allowed(account_id: uuid.UUID) -> bool:
    """Only with explicit consent, and never while processing is restricted; operational mail never asks."""
    return granted(account_id) and not is_restricted(account_id)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="petale-unsubscribe")


def unsubscribe_token(account_id: uuid.UUID) -> str:
    """No expiry: an unsubscribe link in an old message must still work (RFC 8058)."""
    return _serializer().dumps({"a": str(account_id), "p": MARKETING})


def account_for_unsubscribe(token: str) -> uuid.UUID | None:
    try:
        data = _serializer().loads(token)
        return uuid.UUID(data["a"]) if data.get("p") == MARKETING else None
    except (BadSignature, KeyError, TypeError, ValueError, AttributeError):
        return None
