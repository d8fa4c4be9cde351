"""What waits for staff today: one call per capability, a fixed number of queries whatever the volume."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from portal.accounts.names import display_names
from portal.course_admin import service as sessions
from portal.funding import service as funding
from portal.improvement import complaints
from portal.jobs import review as jobs
from portal.mail.backlog import RelayBacklog, waiting_for_relay
from portal.payments import service as payments

SHOWN = 20  # per list; the full lists are one click away


@dataclass(frozen=True)
class Waiting:
    files: list  # FundingFile with its enrolment, session and course
    overdue: list  # invoices past their due date, unpaid
    unpaid: list  # invoices to be paid, not yet due
    confirming: int  # card payments waiting for the provider's confirmation
    ended: list  # enrolments of sessions ended in the last 30 days: statements to send
    starting: list  # sessions starting within 14 days, with their enrolment counts
    failed_jobs: int
    complaints: tuple[int, int]  # complaints waiting for an answer, and how many of them are past their due date
    relay: RelayBacklog | None  # mails the outgoing relay has not taken yet
    names: dict[uuid.UUID, str]

    @property
    def nothing(self) -> bool:
        return not (self.files or self.overdue or self.unpaid or self.ended or self.starting or self.failed_jobs
                    or self.complaints[0] or self.relay)


def today_for_staff(today: date) -> Waiting:
    files = funding.files_waiting(SHOWN)
    money = payments.open_summary(today, SHOWN)
    overdue, not_yet = money.overdue, money.unpaid
    ended = sessions.enrollments_of_sessions_ended(today, limit=SHOWN)
    names = display_names([f.enrollment.account_id for f in files] + [i.account_id for i in overdue + not_yet]
                          + [e.account_id for e in ended])
    return Waiting(files=files, overdue=overdue, unpaid=not_yet,
                   confirming=money.confirming, ended=ended,
                   starting=sessions.sessions_starting(today), failed_jobs=jobs.job_counts().get("failed", 0),
                   complaints=complaints.waiting(today),
                   relay=waiting_for_relay(), names=names)
