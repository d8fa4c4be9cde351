"""Login throttling: growing delays then a temporary lock, per address typed and per IP; and a ceiling on
the forms anyone may send without an account (a public complaint), per IP and per address given.

The address key is a keyed hash of the address as typed, whether or not an account has it, so an
unknown address gets exactly the answers a known one gets. The owner of a real account is mailed when
it locks. Many addresses failing at once (credential stuffing) alert staff and the dpo.
"""
from __future__ import annotations

import hashlib
import hmac
import math
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal import db, mail
from portal.accounts.models import Account
from portal.refusals import Refused
from portal.security import events
from portal.security.models import LoginThrottle
from portal.timeutil import utcnow

WINDOW = timedelta(minutes=15)
LOCK = timedelta(minutes=15)
ADDRESS_LIMIT = 5  # failures on one address within WINDOW before it locks
IP_LIMIT = 20  # failures from one IP within WINDOW before it locks
FREE_FAILURES = 2  # failures allowed before delays start
STUFFING_WINDOW = timedelta(minutes=10)
# A public form (no account, mail to staff, a row in the vault): what one person plausibly sends in a window.
FORM_WINDOW = timedelta(hours=1)
FORM_ADDRESS_LIMIT = 3
FORM_IP_LIMIT = 10


@dataclass(frozen=True)
class Throttled(Exception):
    retry_after: int  # seconds
    locked: bool


class FormThrottled(Refused):
    pass


def address_key(email: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return "e:" + hmac.new(key, b"login:" + email.strip().casefold().encode(), hashlib.sha256).hexdigest()[:32]


def ip_key() -> str | None:
    hashed = events.ip_hash()
    return f"i:{hashed}" if hashed else None


def delay_after(failures: int) -> timedelta:
    """2 s after the third failure, then 4, 8…: guessing gets slower at every try."""
    return timedelta(seconds=0 if failures <= FREE_FAILURES else 2 ** (failures - FREE_FAILURES))


def check(email: str, now: datetime | None = None) -> None:
    """Raise Throttled when the address or the IP must wait; the password is not even checked then."""
    now = now or utcnow()
    keys = [k for k in (address_key(email), ip_key()) if k]
    for row in LoginThrottle.select().where(LoginThrottle.key.in_(keys)):
        if row.locked_until and row.locked_until > now:
            raise Throttled(math.ceil((row.locked_until - now).total_seconds()), True)
        if now - row.first_failure_at <= WINDOW and row.key.startswith("e:"):
            ready = row.last_failure_at + delay_after(row.failures)
            if ready > now:
                raise Throttled(math.ceil((ready - now).total_seconds()), False)


def failed(email: str, account_id: uuid.UUID | None, now: datetime | None = None) -> None:
    now = now or utcnow()
    events.record("login_failed", account_id)
    for key, limit in ((address_key(email), ADDRESS_LIMIT), (ip_key(), IP_LIMIT)):
        if key and _count(key, now) >= limit:
            _lock(key, now, account_id if key.startswith("e:") else None)
    _watch_for_stuffing(now)


def _count(key: str, now: datetime, window: timedelta = WINDOW) -> int:
    with db.atomic():
        row = LoginThrottle.get_or_none(LoginThrottle.key == key)
        if row is None or now - row.first_failure_at > window:
            LoginThrottle.insert(key=key, failures=1, first_failure_at=now, last_failure_at=now).on_conflict(
                conflict_target=[LoginThrottle.key],
                update={LoginThrottle.failures: 1, LoginThrottle.first_failure_at: now,
                        LoginThrottle.last_failure_at: now, LoginThrottle.locked_until: None}).execute()
            return 1
        LoginThrottle.update(failures=LoginThrottle.failures + 1, last_failure_at=now).where(
            LoginThrottle.key == key).execute()
        return row.failures + 1


def _lock(key: str, now: datetime, account_id: uuid.UUID | None) -> None:
    with db.atomic():
        locked = LoginThrottle.update(locked_until=now + LOCK).where(
            (LoginThrottle.key == key) & (LoginThrottle.locked_until.is_null() | (LoginThrottle.locked_until <= now))
        ).execute()
        if not locked:
            return
        events.record("login_locked", account_id, {"e": "adresse", "i": "adresse IP", "t": "code"}[key[0]])
        if account_id is not None:
            mail.send(account_id, "account_locked", once_key=f"locked:{account_id}:{now:%Y%m%d%H%M}",
                      minutes=int(LOCK.total_seconds() // 60))


def succeeded(email: str) -> None:
    """A good password clears the address's count (not the IP's: one success must not reset a sweep)."""
    with db.atomic():
        LoginThrottle.delete().where(LoginThrottle.key == address_key(email)).execute()


def _watch_for_stuffing(now: datetime) -> None:
    threshold = current_app.config["SECURITY_STUFFING_THRESHOLD"]
    failing = LoginThrottle.select().where(LoginThrottle.key.startswith("e:")
                                           & (LoginThrottle.last_failure_at >= now - STUFFING_WINDOW)).count()
    if failing < threshold:
        return
    hour = now.strftime("%Y%m%d%H")
    with db.atomic():
        watchers = [a.id for a in Account.select(Account.id).where(
            Account.role.in_(("staff", "dpo")) & (Account.status == "active"))]
        sent = [mail.send(watcher, "stuffing_alert", once_key=f"stuffing:{hour}:{watcher}", addresses=failing,
                          minutes=int(STUFFING_WINDOW.total_seconds() // 60)) for watcher in watchers]
        if any(job is not None for job in sent):
            events.record("stuffing_alert", None, f"{failing} adresses en échec en {STUFFING_WINDOW}")


CODE_LIMIT = 5  # wrong second-step codes before the account's logins lock


def _code_key(account_id: uuid.UUID) -> str:
    return f"t:{account_id}"


def check_code(account_id: uuid.UUID, now: datetime | None = None) -> None:
    now = now or utcnow()
    row = LoginThrottle.get_or_none(LoginThrottle.key == _code_key(account_id))
    if row and row.locked_until and row.locked_until > now:
        raise Throttled(math.ceil((row.locked_until - now).total_seconds()), True)


def code_failed(account_id: uuid.UUID, now: datetime | None = None) -> None:
    now = now or utcnow()
    events.record("login_failed", account_id, "code de double authentification")
    if _count(_code_key(account_id), now) >= CODE_LIMIT:
        _lock(_code_key(account_id), now, account_id)


def code_succeeded(account_id: uuid.UUID) -> None:
    with db.atomic():
        LoginThrottle.delete().where(LoginThrottle.key == _code_key(account_id)).execute()


def _form_key(kind: str, form: str, value: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return kind + hmac.new(key, f"form:{form}:{value}".encode(), hashlib.sha256).hexdigest()[:32]


def admit_public_form(form: str, email: str, now: datetime | None = None) -> None:
    """Count one sending of a public form; refused (429, in words) beyond the ceiling from one connection or
    for one address within FORM_WINDOW, so that nobody floods the staff's mail and the vault through it."""
    now = now or utcnow()
    ip = events.ip_hash()
    keys = [(_form_key("g:", form, email.strip().casefold()), FORM_ADDRESS_LIMIT)]
    if ip:
        keys.append((_form_key("f:", form, ip), FORM_IP_LIMIT))
    over = [_count(key, now, FORM_WINDOW) > limit for key, limit in keys]  # every key counts every sending
    if any(over):
        raise FormThrottled(_l("Vous avez déjà envoyé plusieurs fois ce formulaire depuis une heure : réessayez plus "
                               "tard, ou écrivez-nous par courrier."), 429)
