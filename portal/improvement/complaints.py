"""Complaints (réclamations, Qualiopi indicator 31): a learner files one from her space; staff keep the
register with each complaint's due date, write the answer (she is told by mail) and name the
improvement action it led to (portal.improvement.actions)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from peewee import JOIN, Case, fn

from portal import db, email_address, mail
from portal.improvement.models import Complaint, ImprovementAction
from portal.improvement.wording import FILED_AS
from portal.learning.models import Course
from portal.links import external_url
from portal.personal_data.table import BY_KEY
from portal.refusals import Refused
from portal.security import throttle
from portal.timeutil import years_before
from portal.vault import audit
from portal.vault import service as vault

ANSWER_WITHIN = timedelta(days=30)


class ComplaintRefused(Refused):
    pass


def file(account_id: uuid.UUID, subject: str, body: str, course_id: int | None, today: date) -> Complaint:
    if course_id is not None and not Course.select().where(Course.id == course_id).exists():
        raise ComplaintRefused(_l("Choisissez une formation de la liste."))
    return Complaint.create(account_id=account_id, subject=subject, body=body, course=course_id,
                            received_on=today, due_on=today + ANSWER_WITHIN)


@dataclass(frozen=True)
class PublicComplaint:
    full_name: str
    email: str
    filed_as: str  # wording.FILED_AS
    subject: str
    body: str
    course_id: int | None


def file_public(given: PublicComplaint, today: date) -> Complaint:
    """A complaint from the public page, by someone who may have no account: her name and e-mail go to the
    vault (a requester, kept five years after the answer like the register of requests), the complaint keeps
    only its UUID; the answer is mailed to that address."""
    if given.filed_as not in FILED_AS:
        raise ComplaintRefused(_l("Dites qui vous êtes : apprenant·e, financeur, employeur ou autre."))
    if not given.full_name.strip() or len(given.full_name) > 160:
        raise ComplaintRefused(_l("Indiquez votre nom (160 caractères au plus)."))
    try:
        email = email_address.normalised(given.email)
    except email_address.AddressRefused as refused:
        raise ComplaintRefused(refused.words) from None
    if given.course_id is not None and not Course.select().where(Course.id == given.course_id).exists():
        raise ComplaintRefused(_l("Choisissez une formation de la liste."))
    try:
        throttle.admit_public_form("complaint", email)
    except throttle.FormThrottled as refusal:
        raise ComplaintRefused(refusal.message, refusal.status) from None
    with db.atomic(with_vault=True):
        requester = vault.record_requester(audit.Actor(None, "anonymous"), full_name=given.full_name.strip(),
                                           email=email)
        return Complaint.create(account_id=None, requester_id=requester, filed_as=given.filed_as,
                                subject=given.subject, body=given.body, course=given.course_id, received_on=today,
                                due_on=today + ANSWER_WITHIN)


def filed_by(account_id: uuid.UUID) -> list[Complaint]:
    return list(Complaint.select().where(Complaint.account_id == account_id).order_by(Complaint.received_on.desc()))


def filed_without_account(requester_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """How many complaints each of these people without an account filed on the public page."""
    counted: dict[uuid.UUID, int] = {}
    for row in Complaint.select(Complaint.requester_id).where(Complaint.requester_id.in_(requester_ids or [None])):
        counted[row.requester_id] = counted.get(row.requester_id, 0) + 1
    return counted


def public_past_their_time(as_of: date):
    """A complaint from the public page five years after its answer or, never answered, five years after the
    day its answer was due (the register of requests' clock, the nearest line)."""
    cutoff = years_before(as_of, BY_KEY["requests"].kept_years)
    return Complaint.account_id.is_null() & (
        (Complaint.answered_on < cutoff) | (Complaint.answered_on.is_null() & (Complaint.due_on < cutoff)))


def complainants_past_their_time(as_of: date) -> set[uuid.UUID]:
    """The people without an account whose public complaint is past its time (what she gave may go with it)."""
    return {row.requester_id for row in Complaint.select(Complaint.requester_id).where(
        public_past_their_time(as_of) & Complaint.requester_id.is_null(False))}


def complainants_still_kept(requester_ids: list[uuid.UUID], as_of: date) -> set[uuid.UUID]:
    """Which of these people without an account have a complaint kept past as_of: what she gave stays."""
    return {row.requester_id for row in Complaint.select(Complaint.requester_id).where(
        Complaint.requester_id.in_(requester_ids or [None]) & ~public_past_their_time(as_of))}


def register() -> list[Complaint]:
    """Every complaint, those waiting for an answer first (the nearest due date first)."""
    return list(Complaint.select(Complaint, Course).join(Course, JOIN.LEFT_OUTER, on=(Complaint.course == Course.id))
                .order_by(Complaint.answered_on.is_null(False), Complaint.due_on, Complaint.id))


def waiting(today: date) -> tuple[int, int]:
    """(complaints waiting for an answer, those of them past their due date), in one query."""
    row = (Complaint.select(fn.COUNT(Complaint.id), fn.SUM(Case(None, [(Complaint.due_on < today, 1)], 0)))
           .where(Complaint.answered_on.is_null()).tuples().first())
    return (row[0] or 0, row[1] or 0) if row else (0, 0)


def complaint(complaint_id: int) -> Complaint:
    found = Complaint.get_or_none(Complaint.id == complaint_id)
    if found is None:
        raise ComplaintRefused(_l("Cette réclamation n'existe pas."), 404)
    return found


def courses() -> list[tuple[int, str]]:
    return [(c.id, c.title) for c in Course.select(Course.id, Course.title).order_by(Course.title)]


def answer(found: Complaint, text: str, action_id: int | None, staff_id: uuid.UUID, today: date) -> None:
    """Answered once; the action may be named then or later. She is told by mail, with the answer."""
    if action_id is not None and not ImprovementAction.select().where(ImprovementAction.id == action_id).exists():
        raise ComplaintRefused(_l("Choisissez une action d'amélioration du registre."))
    with db.atomic():
        if found.answered_on is None:
            Complaint.update(answer=text, answered_on=today, answered_by=staff_id, action=action_id).where(
                Complaint.id == found.id).execute()
            if found.account_id is not None:
                mail.send(found.account_id, "complaint_answered", once_key=f"complaint:{found.id}",
                          subject_line=found.subject, answer=text, url=external_url("complaints.mine"))
            else:
                mail.send_to_requester(found.requester_id, "complaint_answered", from_dpo=False,
                                       subject_line=found.subject, answer=text, url="")
                vault.requester_answered(found.requester_id)  # her contact's retention runs from now
        else:
            Complaint.update(action=action_id).where(Complaint.id == found.id).execute()
