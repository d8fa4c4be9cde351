"""xAPI 1.0.3 vocabulary used by learning events (ADL verbs registry), and the statements the export writes.

Activities are named by the portal's own IRIs, built under BASE_URL when the statement is written (a lesson
is its /lecon/<id> page, its course the /cours/<slug> page), whatever address was in force when the event
was recorded. Every display is a language map whose key is the language its words are written in: the
registry's English words under "en-US", ours under "fr-FR"; titles under the language of the courses.
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from urllib.parse import urlparse

from flask import current_app

from portal.learning.models import Course, LearningEvent, Lesson, Module
from portal.links import external_url

EXPERIENCED = "http://adlnet.gov/expapi/verbs/experienced"  # a lesson was opened
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
ATTEMPTED = "http://adlnet.gov/expapi/verbs/attempted"  # a quiz attempt, with score and success
SUBMITTED = "http://activitystrea.ms/schema/1.0/submit"  # an exercise handed in

VERB_DISPLAY = {
    EXPERIENCED: {"en-US": "experienced", "fr-FR": "a consulté"},
    COMPLETED: {"en-US": "completed", "fr-FR": "a terminé"},
    ATTEMPTED: {"en-US": "attempted", "fr-FR": "a tenté"},
    SUBMITTED: {"en-US": "submitted", "fr-FR": "a remis"},
}
# The courses are written in French: their titles go under this key.
CONTENT_LANGUAGE = "fr-FR"
# ADL activity types.
LESSON = "http://adlnet.gov/expapi/activities/lesson"
ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
COURSE = "http://adlnet.gov/expapi/activities/course"
# Extension names are IRIs under the portal's address too; the first events were recorded with this one.
BOUQUET_SUBMISSION = "bouquet-submission"
_LEGACY_EXTENSIONS = {"https://petale.test/xapi/bouquet-submission": BOUQUET_SUBMISSION}


def iso_duration(seconds: int) -> str:
    """ISO 8601 duration, as xAPI results carry it."""
    return f"PT{int(seconds)}S"


def verb_display(verb: str) -> dict[str, str]:
    """A verb outside our vocabulary keeps its IRI's last word, in an undetermined language (RFC 5646)."""
    return dict(VERB_DISPLAY.get(verb) or {"und": verb.rstrip("/").rsplit("/", 1)[-1]})


def extension_iri(name: str) -> str:
    return f"{current_app.config['BASE_URL']}/xapi/extensions/{name}"


@dataclass(frozen=True)
class Activity:
    iri: str
    definition: dict
    course: dict


def activities() -> dict[int, Activity]:
    """Every lesson as an xAPI activity with its course as parent, by lesson id: read once per export."""
    known = {}
    rows = (Lesson.select(Lesson.id, Lesson.title, Lesson.kind, Course.slug, Course.title.alias("course_title"))
            .join(Module).join(Course).tuples())
    for lesson_id, title, kind, slug, course_title in rows:
        known[lesson_id] = Activity(
            iri=external_url("player.lesson", lesson_id=lesson_id),
            definition={"type": ASSESSMENT if kind == "quiz" else LESSON, "name": {CONTENT_LANGUAGE: title}},
            course={"objectType": "Activity", "id": external_url("learning.course", slug=slug),
                    "definition": {"type": COURSE, "name": {CONTENT_LANGUAGE: course_title}}})
    return known


def _own_iri(recorded: str) -> str:
    """A lesson deleted since: its recorded IRI, moved under the portal's present address."""
    path = urlparse(recorded).path or "/"
    return current_app.config["BASE_URL"] + (path if path.startswith("/") else f"/{path}")


def _result(event: LearningEvent) -> dict | None:
    result = json.loads(event.result) if event.result else None
    if isinstance(result, dict) and isinstance(result.get("extensions"), dict):
        result["extensions"] = {extension_iri(_LEGACY_EXTENSIONS[key]) if key in _LEGACY_EXTENSIONS else key: value
                                for key, value in result["extensions"].items()}
    if event.duration_seconds:
        result = {**(result or {}), "duration": iso_duration(event.duration_seconds)}
    return result


def statement(event: LearningEvent, account_id: uuid.UUID, known: dict[int, Activity]) -> dict:
    """The xAPI statement of one learning event (`known` from activities())."""
    home = current_app.config["BASE_URL"]
    activity = known.get(event.lesson_id) if event.lesson_id else None
    written = {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{home}/xapi/{event.id}")),
        "actor": {"objectType": "Agent", "account": {"homePage": home, "name": str(account_id)}},
        "verb": {"id": event.verb, "display": verb_display(event.verb)},
        "object": ({"objectType": "Activity", "id": activity.iri, "definition": activity.definition} if activity
                   else {"objectType": "Activity", "id": _own_iri(event.object_iri)}),
        "timestamp": event.timestamp.isoformat() + "Z",
        "version": "1.0.3",
    }
    if activity:
        written["context"] = {"contextActivities": {"parent": [activity.course]}, "language": CONTENT_LANGUAGE}
    result = _result(event)
    if result:
        written["result"] = result
    return written
