"""Issued certificates (main zone, no name); the holder's name as printed is kept in the vault."""
from __future__ import annotations

import peewee

from portal.db import MainModel
from portal.learning.models import Course, TrainingSession
from portal.timeutil import utcnow


class Certificate(MainModel):
    code = peewee.CharField(max_length=64, unique=True)
    account_id = peewee.UUIDField(index=True)
    course = peewee.ForeignKeyField(Course, on_delete="RESTRICT")
    course_version = peewee.IntegerField()
    session = peewee.ForeignKeyField(TrainingSession, on_delete="RESTRICT")
    version = peewee.IntegerField(default=1)  # a new version after a name rectification
    issued_at = peewee.DateTimeField(default=utcnow, index=True)
    completed_on = peewee.DateField()
    hours = peewee.CharField(max_length=12)  # decimal hours done, as printed
    results = peewee.TextField()  # JSON: assessment title -> best score
    superseded_at = peewee.DateTimeField(null=True)
    superseded_by = peewee.CharField(max_length=64, null=True)
    # What a person types from paper (portal.certificates.short_code); the signed `code` is the QR's.
    short_code = peewee.CharField(max_length=10, unique=True, null=True)

    class Meta:
        table_name = "certificate"
        indexes = ((("account_id", "course", "course_version", "version"), True),)


class CertificateCheck(MainModel):
    """What the public check of a certificate needs, and nothing more: its codes, course, dates, whether
    it is still in force, and a keyed fingerprint of the name printed on it (a verifier types the name
    and learns whether it matches). Written when the certificate is issued, independent of the holder's
    account: the check answers the same way once she has closed it, and never says so."""

    code = peewee.CharField(max_length=64, primary_key=True)
    short_code = peewee.CharField(max_length=10, unique=True, null=True)
    course_title = peewee.CharField(max_length=200)
    version = peewee.IntegerField(default=1)
    issued_on = peewee.DateField()
    session_starts_on = peewee.DateField(null=True)  # unknown for one backfilled from the archive
    session_ends_on = peewee.DateField(null=True)
    superseded_by = peewee.CharField(max_length=64, null=True)
    superseded_on = peewee.DateField(null=True)
    name_fingerprint = peewee.CharField(max_length=64)
    purge_after = peewee.DateField(index=True)  # as long as the certificate is a legal record

    class Meta:
        table_name = "certificate_check"
