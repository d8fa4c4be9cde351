"""Funding files in the main zone; the person's professional status and employer are in the vault."""
from __future__ import annotations

import peewee

from portal.db import MainModel
from portal.learning.models import FUNDING_TYPES, Enrollment
from portal.timeutil import utcnow

FUNDER_TYPES = FUNDING_TYPES  # an enrolment's funding and its file's funder type are one list
# Whom an invoice of each funding goes to (invoicing's payer types): the learner paying herself, her employer
# paying from its training plan, or else the funder the file names (an OPCO, the CPF's Caisse des dépôts…).
BILLED_AS = {"self": "learner", "employer": "employer"}
DRAFT, SUBMITTED, ACCEPTED, REFUSED, PAID = "draft", "submitted", "accepted", "refused", "paid"
STATUSES = (DRAFT, SUBMITTED, ACCEPTED, REFUSED, PAID)
# Each status and where it may go next: no step is skipped.
NEXT = {DRAFT: (SUBMITTED,), SUBMITTED: (ACCEPTED, REFUSED), ACCEPTED: (PAID,), REFUSED: (DRAFT,), PAID: ()}
# A funder is invoiced once its agreement (« accord de prise en charge ») is recorded: before it, nothing says
# it will pay, nor how much (Digiforma and Dendreo invoice the OPCO after its agreement, too).
BILLABLE = (ACCEPTED, PAID)
# The documents a funder asks for (Qualiopi's list): the portal's own are linked, the others uploaded.
DOCUMENT_KINDS = ("agreement", "programme", "needs_assessment", "convocation", "house_rules", "attendance_statement",
                  "completion_certificate", "attestation", "invoice", "satisfaction_survey")


class FundingFile(MainModel):
    enrollment = peewee.ForeignKeyField(Enrollment, unique=True, on_delete="RESTRICT")
    funder_type = peewee.CharField(max_length=16)
    funder_name = peewee.CharField(max_length=160, default="")
    case_number = peewee.CharField(max_length=64, default="")
    # Whom its invoices go to, as they print it: the billing address (postal lines) and SIREN of the funder, or
    # of the employer paying from its training plan. A sole trader's may be her own: declared in personal_data.
    payer_address = peewee.TextField(default="")
    payer_siren = peewee.CharField(max_length=9, default="")
    status = peewee.CharField(max_length=16, default=DRAFT, index=True)
    created_at = peewee.DateTimeField(default=utcnow)
    updated_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "funding_file"


class FundingStatusChange(MainModel):
    file = peewee.ForeignKeyField(FundingFile, backref="changes", on_delete="CASCADE")
    from_status = peewee.CharField(max_length=16, null=True)
    to_status = peewee.CharField(max_length=16)
    by = peewee.UUIDField()
    at = peewee.DateTimeField(default=utcnow)
    note = peewee.TextField(default="")

    class Meta:
        table_name = "funding_status_change"


class FundingDocument(MainModel):
    file = peewee.ForeignKeyField(FundingFile, backref="documents", on_delete="CASCADE")
    kind = peewee.CharField(max_length=32)
    reference = peewee.CharField(max_length=200)  # e.g. "signée le 12/11, classée GED n° 481"
    added_by = peewee.UUIDField()
    added_at = peewee.DateTimeField(default=utcnow)
    # An uploaded copy: its name in the vault zone's files (portal.vault.files), type and size.
    stored = peewee.CharField(max_length=32, null=True)
    content_type = peewee.CharField(max_length=32, null=True)
    size = peewee.IntegerField(null=True)

    class Meta:
        table_name = "funding_document"
        indexes = ((("file", "kind"), True),)
