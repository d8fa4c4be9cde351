"""Security events and login throttles (main zone: account UUIDs and keyed hashes of IPs, no addresses)."""
from __future__ import annotations

import peewee

from portal.db import MainModel
from portal.timeutil import utcnow

EVENT_KINDS = ("login_failed", "login_locked", "login_throttled", "login_succeeded", "password_changed",
               "email_changed", "totp_enabled", "totp_disabled", "recovery_code_used", "sessions_ended",
               "access_refused", "stuffing_alert")


class SecurityEvent(MainModel):
    kind = peewee.CharField(max_length=24, index=True)
    account_id = peewee.UUIDField(null=True, index=True)
    ip_hash = peewee.CharField(max_length=16, null=True)  # keyed hash: correlates attempts, reveals no address
    detail = peewee.CharField(max_length=200, default="")
    at = peewee.DateTimeField(default=utcnow, index=True)

    class Meta:
        table_name = "security_event"


class LoginThrottle(MainModel):
    """Failures counted per key: "e:<hash of the address typed>" (so unknown addresses are treated
    exactly like known ones) and "i:<hash of the IP>"."""

    key = peewee.CharField(max_length=40, primary_key=True)
    failures = peewee.IntegerField(default=0)
    first_failure_at = peewee.DateTimeField()
    last_failure_at = peewee.DateTimeField()
    locked_until = peewee.DateTimeField(null=True)

    class Meta:
        table_name = "login_throttle"
