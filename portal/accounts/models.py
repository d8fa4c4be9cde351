"""Main-zone account rows: pseudonymous, keyed by UUID, no name, email or phone."""
from __future__ import annotations

import uuid

import peewee
from flask_login import UserMixin

from portal.db import MainModel
from portal.textfold import fold
from portal.timeutil import utcnow

ROLES = ("learner", "trainer", "staff", "dpo")
# An erasure marks the account "erasing" before its steps, "deleted" once all are done.
ERASING, DELETED = "erasing", "deleted"
# A staff, trainer or dpo login closed after a year without use and an unanswered warning.
DEACTIVATED = "deactivated"
# Someone who worked for the provider, whose identity went a year after her login closed: her work stays
# under a pseudonym.
PSEUDONYMISED = "pseudonymised"
GONE = (ERASING, DELETED)


class Account(UserMixin, MainModel):
    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    role = peewee.CharField(max_length=16, default="learner", index=True)
    display_name = peewee.CharField(max_length=40)
    # The display name as a person means it (portal.textfold): « amelie » finds Amélie in staff's lists.
    # Kept by save() and update() below, so that no writer of the name can forget it.
    name_key = peewee.CharField(max_length=40, default="")
    language = peewee.CharField(max_length=5, default="fr")
    status = peewee.CharField(max_length=16, default="active", index=True)
    created_at = peewee.DateTimeField(default=utcnow)
    confirmed_at = peewee.DateTimeField(null=True)
    last_login_at = peewee.DateTimeField(null=True)
    # Bumped to end every signed-in session at once (password change, "log out everywhere").
    session_version = peewee.IntegerField(default=1)
    # Restriction of processing (GDPR art. 18): data kept, but no personalisation, marketing or statistics.
    restricted_at = peewee.DateTimeField(null=True)
    restriction_ground = peewee.CharField(max_length=16, null=True)  # a key of privacy.restriction.GROUNDS
    # Set by the retention sweep when the inactivity warning goes out; cleared by a login or the keep-link.
    inactive_warned_at = peewee.DateTimeField(null=True)
    # Trainers: "each" (a mail per new question, answerable by replying) or "weekly" (one digest a week).
    question_mail = peewee.CharField(max_length=8, default="each")

    class Meta:
        table_name = "account"
        indexes = ((("role", "status", "display_name"), False),)  # the learners' directory, by name

    def save(self, force_insert=False, only=None):
        self.name_key = name_key(self.display_name)
        if only is not None and any(getattr(f, "name", f) == "display_name" for f in only):
            only = [*only, Account.name_key]
        return super().save(force_insert=force_insert, only=only)

    @classmethod
    def update(cls, __data=None, **update):
        data = {**(__data or {}), **update}
        named = data.get("display_name", data.get(cls.display_name))
        if named is not None and not isinstance(named, peewee.Node):
            data[cls.name_key] = name_key(named)
        return super().update(data)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def is_active(self) -> bool:
        return self.status == "active"


class UsedToken(MainModel):
    """Digests of single-use tokens already spent, so a replayed link is refused."""

    digest = peewee.CharField(max_length=64, primary_key=True)
    purpose = peewee.CharField(max_length=32)
    used_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "used_token"


def name_key(display_name: str) -> str:
    """What a name filter compares: the display name folded, its spaces single."""
    return " ".join(fold(display_name).split())[:40]
