"""The privacy registers: data requests, exports, policy versions and their readings, judicial requests."""
from __future__ import annotations

import peewee

from portal.db import MainModel
from portal.timeutil import utcnow

REQUEST_KINDS = ("access", "rectification", "erasure", "restriction", "restriction_lift", "objection", "portability")


class DataRequest(MainModel):
    """The register of requests on personal data: 15 calendar days to answer. A request is a person's with an
    account (account_id) or, from someone without one, a requester's kept in the vault (requester_id)."""

    account_id = peewee.UUIDField(index=True, null=True)
    requester_id = peewee.UUIDField(index=True, null=True)
    kind = peewee.CharField(max_length=16)
    channel = peewee.CharField(max_length=16, default="espace")  # espace, courriel, courrier
    received_at = peewee.DateTimeField(default=utcnow)
    due_on = peewee.DateField()
    extended_to = peewee.DateField(null=True)
    extension_reason = peewee.TextField(null=True)
    closed_at = peewee.DateTimeField(null=True)
    answer = peewee.TextField(null=True)
    # What the person gave with her request (the ground of a restriction, why it should be lifted).
    detail = peewee.TextField(null=True)
    # Answered by a letter: an export is handed to the dpo as a file to send, not mailed as a link.
    answer_by_post = peewee.BooleanField(default=False)
    # How the dpo checked who wrote (no name in it: the journal's rule), kept once the request is closed.
    identity_check = peewee.TextField(null=True)
    # A letter's postal address, to answer her by post: kept in the vault (portal.vault.letters), named here.
    letter_id = peewee.UUIDField(null=True)
    # A restriction to be lifted: the day she was told it would be (article 18(3): told before), and why.
    lift_on = peewee.DateField(null=True)
    lift_reason = peewee.TextField(null=True)

    class Meta:
        table_name = "data_request"


class RequestStep(MainModel):
    """What was done to carry out a request, with its date, in words without her name (her identity checked and
    how, the export prepared or taken, the erasure…): the request's history shows them."""

    request = peewee.ForeignKeyField(DataRequest, on_delete="CASCADE", backref="steps")
    at = peewee.DateTimeField(default=utcnow)
    what = peewee.TextField()

    class Meta:
        table_name = "data_request_step"


class RequestExtension(MainModel):
    """Each extension of a request's due date, and each correction of one, as it was made: the register shows
    the first due date and every step after it (the request keeps only the latest, in extended_to)."""

    request = peewee.ForeignKeyField(DataRequest, on_delete="CASCADE", backref="extensions")
    # None for an extension made before the history was kept (migration 064 recovered only its date and reason).
    extended_at = peewee.DateTimeField(null=True, default=utcnow)
    previous_due = peewee.DateField(null=True)
    new_due = peewee.DateField()
    reason = peewee.TextField()
    corrected = peewee.BooleanField(default=False)  # an earlier date than the one before: a mistake put right

    class Meta:
        table_name = "data_request_extension"


class RequestLetterMade(MainModel):
    """A letter the dpo printed to answer a request received by post: its PDF, as it was made, kept in the vault's
    files (it carries her name and postal address), so that it can be printed again, the same file."""

    request = peewee.ForeignKeyField(DataRequest, on_delete="CASCADE", backref="letters")
    made_at = peewee.DateTimeField(default=utcnow)
    kind = peewee.CharField(max_length=16)  # LETTER_KINDS: extension, answer, outcome
    # The vault file's name; None once forgotten with her account (the register keeps that a letter was made).
    stored = peewee.CharField(max_length=32, null=True)

    class Meta:
        table_name = "data_request_letter"


LETTER_KINDS = ("extension", "answer", "outcome")


class Export(MainModel):
    """A portability export: built by a job, downloadable for 7 days, then deleted."""

    account_id = peewee.UUIDField(index=True)
    request = peewee.ForeignKeyField(DataRequest, on_delete="CASCADE")
    status = peewee.CharField(max_length=16, default="pending")  # pending, ready, expired
    zip_file = peewee.CharField(max_length=80, null=True)
    size_bytes = peewee.IntegerField(null=True)
    created_at = peewee.DateTimeField(default=utcnow)
    ready_at = peewee.DateTimeField(null=True)
    expires_at = peewee.DateTimeField(null=True)

    class Meta:
        table_name = "data_export"


MINOR, SUBSTANTIAL = "minor", "substantial"


class PolicyVersion(MainModel):
    """A published version of the privacy policy; the shipped text is version 1.0 and has no row."""

    version = peewee.CharField(max_length=16, unique=True)
    kind = peewee.CharField(max_length=16)  # minor (editorial) or substantial (30 days' notice)
    summary = peewee.TextField(default="")
    text = peewee.TextField()
    published_at = peewee.DateTimeField(default=utcnow)
    published_by = peewee.UUIDField()
    revised_on = peewee.DateField()
    effective_on = peewee.DateField(index=True)
    # The notice mail goes out in batches ordered by account id; the cursor makes it resumable.
    notice_cursor = peewee.UUIDField(null=True)
    notice_sent = peewee.IntegerField(default=0)
    notice_done_at = peewee.DateTimeField(null=True)

    class Meta:
        table_name = "policy_version"


class PolicyAcknowledgement(MainModel):
    account_id = peewee.UUIDField()
    version = peewee.CharField(max_length=16)
    acknowledged_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "policy_acknowledgement"
        indexes = ((("account_id", "version"), True),)


class JudicialRequest(MainModel):
    """A request from a judicial or administrative authority, answered with exactly the fields it names."""

    authority = peewee.CharField(max_length=200)
    reference = peewee.CharField(max_length=100)
    account_id = peewee.UUIDField(index=True)
    fields = peewee.CharField(max_length=400)
    answered_by = peewee.UUIDField()
    answered_at = peewee.DateTimeField(default=utcnow)
    # The answer's PDF as sent, in the vault's files (it names the person); None for an answer made before
    # answers were kept (migration 067).
    answer_stored = peewee.CharField(max_length=32, null=True)

    class Meta:
        table_name = "judicial_request"
