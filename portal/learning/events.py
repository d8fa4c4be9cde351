"""Appending learning events: every meaningful learner action, shaped after xAPI; and reading the last one,
which is what every screen calls a learner's last activity."""
from __future__ import annotations

import json
import uuid
from datetime import datetime

import peewee

from portal.learning.models import LearningEvent, Lesson
from portal.links import external_url
from portal.prepared import Prepared, Slot
from portal.timeutil import utcnow


def lesson_iri(lesson_id: int) -> str:
    return external_url("player.lesson", lesson_id=lesson_id)


# Opening a lesson records an event: its INSERT is built once, not at every page (see portal.prepared).
_INSERT = Prepared(lambda: LearningEvent.insert({
    field: Slot(field.name, field) for field in (
        LearningEvent.account_id, LearningEvent.verb, LearningEvent.object_iri, LearningEvent.lesson,
        LearningEvent.course, LearningEvent.result, LearningEvent.duration_seconds, LearningEvent.timestamp)}))


def record(
    account_id: uuid.UUID, verb: str, lesson: Lesson, *, course_id: int, result: dict | None = None,
    duration_seconds: int | None = None,
) -> None:
    _INSERT.execute(
        account_id=account_id, verb=verb, object_iri=lesson_iri(lesson.id), lesson=lesson.id, course=course_id,
        result=json.dumps(result, separators=(",", ":")) if result is not None else None,
        duration_seconds=duration_seconds, timestamp=utcnow(),
    )


def last_activity(account_ids: list[uuid.UUID], course_id: int) -> dict[uuid.UUID, datetime]:
    """Her last activity in a course: her latest learning event there. Nothing done, no entry: never her
    enrolment's date, which is not something she did (one query, whatever their number)."""
    theirs = LearningEvent.account_id.in_(account_ids or [uuid.UUID(int=0)])
    rows = (LearningEvent.select(LearningEvent.account_id, peewee.fn.MAX(LearningEvent.timestamp))
            .where(theirs & (LearningEvent.course == course_id))
            .group_by(LearningEvent.account_id).tuples())
    return {account: _moment(moment) for account, moment in rows if moment is not None}


def _moment(value) -> datetime:
    """SQLite hands back MAX() of a timestamp as text."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
