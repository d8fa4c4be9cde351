"""The BPF of a year still open, kept a short while: counting a provider's year (thousands of enrolments, tens of
thousands of days of work, every invoice) on each view of the page costs more than a page may.

A kept report is used again only while nothing it counts has been written since, and for BPF_FRESH_SECONDS at
most. What was written is told by a stamp read in one statement: how many invoices of the year there are, their
total and the last one's id; the same of enrolments, funding files (their last change), certificates, sessions,
trainers' assignments, and the year's kept facts. An invoice issued or cancelled, an enrolment, a transfer, a
funding file saved, a certificate, an erasure: the next view counts again. The hours learners spend (each
heartbeat adds seconds to a day already counted) and the rarer edits no stamp sees (a course's nature, a
learner's professional status) appear within BPF_FRESH_SECONDS; the page says when its figures were counted.
A closed year is read from its facts alone, never kept. Each process keeps its own reports (per app).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app

from portal import db, recount
from portal.certificates.models import Certificate
from portal.funding.models import FundingFile
from portal.invoicing.models import Invoice
from portal.learning.models import Enrollment, SessionTrainer, TrainingSession
from portal.stats import bpf
from portal.stats.models import ClosedYear, IncomeFact, TraineeFact
from portal.timeutil import utcnow

# (table, aggregates, whether only the year's rows count)
STAMPED = (
    (Invoice, ("COUNT(*)", "MAX(id)", "SUM(total_cents)"), True),
    (Enrollment, ("COUNT(*)", "MAX(id)"), False),
    (FundingFile, ("COUNT(*)", "MAX(updated_at)"), False),
    (Certificate, ("COUNT(*)", "MAX(id)"), False),
    (TrainingSession, ("COUNT(*)", "MAX(id)"), False),
    (SessionTrainer, ("COUNT(*)", "MAX(id)"), False),
    (TraineeFact, ("COUNT(*)",), True),
    (IncomeFact, ("COUNT(*)",), True),
    (ClosedYear, ("COUNT(*)",), True),
)


@dataclass(frozen=True)
class Counted:
    report: bpf.Report
    counted_at: datetime | None  # when an open year's figures were counted (UTC); None: a closed year's facts


def _stamp(year: int) -> tuple:
    """What the BPF counts has been written to since the stamp was read when the stamp differs (one statement)."""
    parts, params = [], []
    for model, aggregates, of_the_year in STAMPED:
        where = f" WHERE {model.year.column_name} = {db.main_db.param}" if of_the_year else ""
        for aggregate in aggregates:
            parts.append(f"(SELECT {aggregate} FROM {model._meta.table_name}{where})")
            params += [year] if of_the_year else []
    return tuple(str(value) for value in db.main_db.execute_sql("SELECT " + ", ".join(parts), params).fetchone())


def counted(year: int) -> Counted:
    """The year's BPF: a closed year's from its facts; an open year's as kept, or counted again (and kept)
    when something it counts was written since, or when it is older than BPF_FRESH_SECONDS."""
    if bpf.is_closed(year):
        return Counted(bpf.report(year), None)
    return recount.kept_while_unwritten("bpf", year, _stamp(year), lambda: Counted(bpf.report(year), utcnow()),
                                        current_app.config["BPF_FRESH_SECONDS"])
