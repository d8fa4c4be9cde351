"""Security events and login throttles (main zone: account UUIDs and keyed hashes of IPs, no addresses)."""
from __future__ import annotations

import peewee

from portal.db import MainModel
from portal.timeutil import utcnow

EVENT_KINDS = ("login_failed", "login_locked", "login_throttled", "login_succeeded", "password_changed",
               "email_changed", "totp_enabled", "totp_disabled", "recovery_code_used", "sessions_ended",
               "access_refused", "stuffing_alert", "mail_reply_refused")


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
    exactly like known ones) and "i:<hash of the IP>"; a public form's sendings under "f:" (per IP) and
    "g:" (per address given), keyed hashes as well."""

    key = peewee.CharField(max_length=40, primary_key=True)
    failures = peewee.IntegerField(default=0)
    first_failure_at = peewee.DateTimeField()
    last_failure_at = peewee.DateTimeField()
    locked_until = peewee.DateTimeField(null=True)

    class Meta:
        table_name = "login_throttle"


class Incident(MainModel):
    """A personal-data breach as the dpo records it (GDPR art. 33-34)."""

    occurred_on = peewee.DateField()
    nature = peewee.TextField()
    categories = peewee.CharField(max_length=300)  # keys of portal.personal_data.topics, comma-separated
    measures = peewee.TextField()
    recorded_by = peewee.UUIDField()
    recorded_at = peewee.DateTimeField(default=utcnow)
    notified_at = peewee.DateTimeField(null=True)  # when "Notifier" was pressed
    # When the dpo recorded that the supervisory authority (CNIL) was notified: due within 72 hours of
    # becoming aware of the breach (GDPR art. 33), i.e. of discovered_at (recorded_at for older rows).
    authority_notified_at = peewee.DateTimeField(null=True)
    discovered_at = peewee.DateTimeField(null=True)
    consequences = peewee.TextField(default="")  # the likely consequences for the people (art. 33(3)(c))
    authority_reference = peewee.CharField(max_length=100, null=True)  # the CNIL's reference of the notification
    # Why the people are not told (art. 34(3): data unintelligible, risk removed, or a public notice instead).
    no_notice_reason = peewee.TextField(null=True)
    # The dpo's assessment of the risk for the people (portal.security.incidents.RISK_LEVELS), with its reasons:
    # what the CNIL and the people are owed follows from it (art. 33(1), 34(1)). None: not assessed yet.
    risk_level = peewee.CharField(max_length=12, null=True)
    risk_reason = peewee.TextField(null=True)
    risk_assessed_at = peewee.DateTimeField(null=True)

    class Meta:
        table_name = "incident"


class IncidentAccount(MainModel):
    incident = peewee.ForeignKeyField(Incident, backref="accounts", on_delete="CASCADE")
    account_id = peewee.UUIDField()
    notified_at = peewee.DateTimeField(null=True)  # when this person's notice was sent

    class Meta:
        table_name = "incident_account"
        indexes = ((("incident", "account_id"), True),)
