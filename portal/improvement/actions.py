"""The register of improvement actions: what was found (in a complaint, survey results, lesson
analytics), what changed and when."""
from __future__ import annotations

import uuid
from datetime import date

from peewee import JOIN

from portal.improvement.models import Complaint, ImprovementAction
from portal.learning.models import Course


def record(title: str, source: str, finding: str, change: str, course_id: int | None, done_on: date | None,
           staff_id: uuid.UUID, today: date) -> ImprovementAction:
    return ImprovementAction.create(title=title, source=source, finding=finding, change=change, course=course_id,
                                    decided_on=today, done_on=done_on, created_by=staff_id)


def register() -> list[ImprovementAction]:
    actions = list(ImprovementAction.select(ImprovementAction, Course)
                   .join(Course, JOIN.LEFT_OUTER, on=(ImprovementAction.course == Course.id))
                   .order_by(ImprovementAction.decided_on.desc(), ImprovementAction.id.desc()))
    linked: dict[int, list[int]] = {}
    for row in Complaint.select(Complaint.id, Complaint.action).where(Complaint.action.is_null(False)):
        linked.setdefault(row.action_id, []).append(row.id)
    for action in actions:
        action.complaint_ids = linked.get(action.id, [])
    return actions


def choices() -> list[tuple[int, str]]:
    return [(a.id, a.title) for a in ImprovementAction.select(ImprovementAction.id, ImprovementAction.title)
            .order_by(ImprovementAction.decided_on.desc())]
