"""A learner's calendar subscription: a private address her calendar app fetches on its own, without
signing in. The address names no one (a random token); she replaces it when it has leaked (the old one
stops working at once) or removes it."""
from __future__ import annotations

import secrets
import uuid

from portal import db
from portal.accounts.models import Account
from portal.learning.calendar import CalendarEntry, learner_calendar
from portal.learning.models import CalendarFeed


def token_of(account_id: uuid.UUID) -> str | None:
    feed = CalendarFeed.get_or_none(CalendarFeed.account_id == account_id)
    return feed.token if feed else None


def renew(account_id: uuid.UUID) -> bool:
    """A new address; the previous one, if any, stops working (True when there was one)."""
    with db.atomic():
        replaced = CalendarFeed.delete().where(CalendarFeed.account_id == account_id).execute() > 0
        CalendarFeed.create(token=secrets.token_urlsafe(24), account_id=account_id)
    return replaced


def revoke(account_id: uuid.UUID) -> None:
    with db.atomic():
        CalendarFeed.delete().where(CalendarFeed.account_id == account_id).execute()


def calendar_for(token: str) -> tuple[list[CalendarEntry], str] | None:
    """The calendar the address serves, and the language to word it in (its owner's): None for an
    unknown or removed token, or an account that can no longer sign in."""
    if not token or len(token) > 64:
        return None
    feed = CalendarFeed.get_or_none(CalendarFeed.token == token)
    if feed is None:
        return None
    account = Account.get_or_none(Account.id == feed.account_id)
    if account is None or not account.is_active:
        return None
    return learner_calendar(account.id), account.language
