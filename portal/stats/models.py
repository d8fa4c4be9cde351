"""The BPF's anonymous statistical facts: what a trainee and an invoice count for in a year's statistics,
kept when the year is closed and when a trainee is erased, with nothing that names anyone (the count is a
legal obligation; no identity is needed for it)."""
from __future__ import annotations

import peewee

from portal.db import MainModel
from portal.timeutil import utcnow


class TraineeFact(MainModel):
    """One trainee's line of one year. reference: a keyed hash of the enrolment and the year, so that the
    same line is written once, and that nothing leads back to the account."""

    reference = peewee.CharField(max_length=64, unique=True)
    year = peewee.IntegerField(index=True)
    trainee_type = peewee.CharField(max_length=24)  # the professional status's code, "" when unknown
    funder = peewee.CharField(max_length=16)
    objective = peewee.CharField(max_length=80)  # the form's F-3 line: a to f (portal.stats.cerfa)
    nsf_code = peewee.CharField(max_length=8)
    seconds = peewee.IntegerField(default=0)
    finished = peewee.BooleanField(default=False)
    certified = peewee.BooleanField(default=False)
    # False: the line of an enrolment a transfer left, whose trainee is counted on the line of the enrolment
    # she moved to (one training path, one trainee); it keeps the hours of its own days only.
    counted = peewee.BooleanField(default=True)

    class Meta:
        table_name = "bpf_trainee_fact"


class IncomeFact(MainModel):
    """One invoice's or credit note's amount in the year of issue (its number names no one)."""

    number = peewee.CharField(max_length=20, unique=True)
    year = peewee.IntegerField(index=True)
    payer_type = peewee.CharField(max_length=16)
    cents = peewee.IntegerField()
    line = peewee.CharField(max_length=8, default="")  # the form's C line (portal.stats.cerfa); "" before 046

    class Meta:
        table_name = "bpf_income_fact"


class ClosedYear(MainModel):
    """A year whose facts are all written: its BPF reads them only."""

    year = peewee.IntegerField(primary_key=True)
    closed_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "bpf_closed_year"
