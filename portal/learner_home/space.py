"""The learner space: what to do next, each course with its progress and next step, recent results.

A fixed number of queries whatever the history size (a test counts them).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

import peewee

from portal.certificates.models import Certificate
from portal.contracts.service import to_sign
from portal.forum.new_answers import NewAnswer, new_answers
from portal.learning import completion, membership
from portal.learning.models import Course, Enrollment, LearningEvent, Lesson, Module, QuizAttempt, TrainingSession
from portal.learning.outline import Outline, OutlineLesson, outlines_for
from portal.personalisation.service import suggestions_for
from portal.prepared import Prepared, Slot


@dataclass(frozen=True)
class Resume:
    """The one thing to do next, at the top of the space: start or go on with a lesson."""

    lesson_id: int
    lesson_title: str
    course_title: str
    position_seconds: int  # where a video was left, when it was
    starting: bool  # nothing done in the course yet: "Commencer"


@dataclass(frozen=True)
class CourseProgress:
    enrollment: Enrollment
    outline: Outline
    certificate_code: str | None
    today: date
    # A new training of a course she followed before (membership's `since`): the lessons completed within it;
    # what she did earlier stays open to her and her attestation stays hers, but they are no part of this one.
    done_here: int | None = None

    @property
    def again(self) -> bool:
        return self.done_here is not None

    @property
    def completed(self) -> int:
        return self.outline.done if self.done_here is None else self.done_here

    @property
    def total(self) -> int:
        return self.outline.total

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0

    @property
    def next_lesson(self) -> OutlineLesson | None:
        return self.outline.next_to_do

    @property
    def next_opening(self) -> OutlineLesson | None:
        return self.outline.next_opening

    @property
    def upcoming(self) -> list[tuple[str, date]]:
        """Modules still to open, with their date, in order."""
        seen: dict[str, date] = {}
        for lesson in self.outline.lessons:
            if lesson.opens_on and lesson.opens_on > self.today and lesson.module_title not in seen:
                seen[lesson.module_title] = lesson.opens_on
        return sorted(seen.items(), key=lambda item: item[1])


@dataclass(frozen=True)
class LearnerSpace:
    resume: Resume | None
    courses: list[CourseProgress]
    results: list[QuizAttempt]
    suggestions: list = field(default_factory=list)
    contracts_to_sign: list[Enrollment] = field(default_factory=list)  # her share of a funded training
    answers: list[NewAnswer] = field(default_factory=list)  # trainers' answers to her questions, not read yet


def learner_space(account_id: uuid.UUID, today: date, personalised: bool = True) -> LearnerSpace:
    """personalised is False while processing is restricted: no suggestions are read or shown."""
    hers = _ENROLLMENTS.all(account=account_id)
    outlines = outlines_for(account_id, today)
    courses, seen = [], set()
    active = [row for row in hers if row.status == membership.ACTIVE]
    starts = {row.id: membership.new_training_since(row, hers) for row in active}
    again = _completed_again(account_id, [day for day in starts.values() if day])
    for row in active:
        course_id = row.session.course_id
        if course_id in seen:  # a second version of a certificate, or an earlier session of the course
            continue
        seen.add(course_id)
        certificate = getattr(row, "certificate", None)
        outline = outlines.get(course_id, Outline(course_id, []))
        since = starts[row.id]
        done_here = None
        if since is not None:
            ids = {lesson.id: [lesson.completed_at] if lesson.completed_at else [] for lesson in outline.lessons}
            done_here = len(completion.done_within({i: t + again.get(i, []) for i, t in ids.items()}, since))
        courses.append(CourseProgress(row, outline, certificate.code if certificate is not None else None, today,
                                      done_here))
    return LearnerSpace(_resume(courses, _LAST_COURSE.first(account=account_id)), courses,
                        recent_results(account_id), suggestions_for(account_id) if personalised else [],
                         to_sign(account_id, today), new_answers(account_id))


def _completed_again(account_id: uuid.UUID, since: list[date]) -> dict[int, list]:
    """Her lessons completed again in a later training, by lesson (no query unless she has one)."""
    if not since:
        return {}
    return completion.completions([account_id], None).get(account_id, {})


def _resume(courses: list[CourseProgress], last_course: tuple[int] | None) -> Resume | None:
    """The course last worked on comes first, then the others in the order of their sessions."""
    ordered = sorted(courses, key=lambda c: 0 if last_course and c.outline.course_id == last_course[0] else 1)
    for course in ordered:
        lesson = course.next_lesson
        if lesson is not None and (course.certificate_code is None or course.again):
            position = lesson.position_seconds if lesson.kind == "video" else 0
            return Resume(lesson.id, lesson.title, course.enrollment.session.course.title, position,
                          starting=not course.outline.started)
    return None


# The learner space is the page learners open most: its queries are prepared once (portal.prepared) and
# read only the columns the page shows (building each row's objects cost more than running the query).
_ENROLLMENTS = Prepared(lambda: (
    Enrollment.select(Enrollment.id, Enrollment.account_id, Enrollment.session, Enrollment.status,
                      Enrollment.enrolled_at, Enrollment.ended_at, Enrollment.transferred_to, TrainingSession.id,
                      TrainingSession.title, TrainingSession.course, Course.id, Course.slug, Course.title,
                      Certificate.code)
    .join(TrainingSession).join(Course)
    .switch(Enrollment)
    .join(Certificate, peewee.JOIN.LEFT_OUTER, on=(
        (Certificate.account_id == Enrollment.account_id) & (Certificate.course == TrainingSession.course)
        & Certificate.superseded_at.is_null()), attr="certificate")
    .where(Enrollment.account_id == Slot("account"))  # all of hers: an earlier training tells a new one apart
    .order_by(TrainingSession.starts_on.desc())
))

# The course of the learner's latest learning event: the one the space offers to go on with first.
_LAST_COURSE = Prepared(lambda: (
    LearningEvent.select(Module.course)
    .join(Lesson).join(Module)
    .where((LearningEvent.account_id == Slot("account")) & LearningEvent.lesson.is_null(False))
    .order_by(LearningEvent.timestamp.desc(), LearningEvent.id.desc())
    .limit(1)
    .tuples()
))


def recent_results(account_id: uuid.UUID) -> list[QuizAttempt]:
    return _RECENT_RESULTS.all(account=account_id)


_RECENT_RESULTS = Prepared(lambda: (
    QuizAttempt.select(QuizAttempt.score, QuizAttempt.passed, QuizAttempt.submitted_at, Lesson.id, Lesson.title)
    .join(Lesson)
    .where(QuizAttempt.account_id == Slot("account"))
    .order_by(QuizAttempt.submitted_at.desc())
    .limit(5)
))
