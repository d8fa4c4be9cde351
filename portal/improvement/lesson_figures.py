"""What the lessons teach, per session or per course, for trainers and course designers: for each lesson
how many started and finished it, the median time spent against the expected time, where learners stop,
each quiz question's first-attempt success and most frequent wrong answers, each workshop brief's
criteria most often missed. Aggregates only, never about fewer than MIN_GROUP people; the people left
out of aggregates are left out by the readers this calls (portal.learning.cohort,
portal.bouquets.criteria_missed). Trainers see the sessions they teach (portal.learning.membership says
which), staff every session."""
from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal.bouquets import criteria_missed
from portal.improvement.minimum_group import MIN_GROUP, Figure, count, count_within, share
from portal.learning import cohort
from portal.learning.cohort import CohortLesson
from portal.refusals import Refused


class AnalyticsRefused(Refused):
    status = 404


NOT_YOURS = _l("Ces chiffres ne concernent pas une de vos sessions.")


@dataclass(frozen=True)
class Scope:
    """The sessions a page's figures are about: one session, or the viewer's sessions of a course."""

    course_id: int
    course_title: str
    session_ids: list[int]
    session_id: int | None  # None: the course, all the viewer's sessions of it
    label: str


@dataclass(frozen=True)
class LessonFigures:
    lesson: CohortLesson
    started: Figure
    finished: Figure
    finished_share: Figure  # of those who started it
    median_minutes: Figure
    stopped_here: Figure  # people who did not finish the course and went no further than this lesson


@dataclass(frozen=True)
class Report:
    scope: Scope
    group: Figure
    lessons: list[LessonFigures]

    @property
    def drop_off(self) -> LessonFigures | None:
        """The lesson where most people stop, when that figure may be shown."""
        shown = [row for row in self.lessons if row.stopped_here.shown]
        return max(shown, key=lambda row: row.stopped_here.value) if shown else None


@dataclass(frozen=True)
class QuestionFigures:
    prompt: str
    first_success: Figure
    wrong_answers: list[tuple[str, Figure]]  # the most frequent, each given by at least MIN_GROUP people


@dataclass(frozen=True)
class CriterionFigures:
    brief_title: str
    people: Figure
    missed: list[tuple[str, Figure]]  # the most often missed first


@dataclass(frozen=True)
class LessonDetail:
    scope: Scope
    group: Figure
    lesson: CohortLesson
    row: LessonFigures | None  # None: the group is too small for any figure
    questions: list[QuestionFigures]
    briefs: list[CriterionFigures]


def viewable_sessions(viewer_id: uuid.UUID, role: str) -> list:
    """The sessions whose figures this person may read, with their course."""
    return cohort.sessions_listed(None if role == "staff" else viewer_id)


def session_scope(viewer_id: uuid.UUID, role: str, session_id: int) -> Scope:
    session = next((s for s in viewable_sessions(viewer_id, role) if s.id == session_id), None)
    if session is None:
        raise AnalyticsRefused(NOT_YOURS)
    return Scope(session.course_id, session.course.title, [session.id], session.id, session.title)


def course_scope(viewer_id: uuid.UUID, role: str, course_id: int) -> Scope:
    sessions = [s for s in viewable_sessions(viewer_id, role) if s.course_id == course_id]
    if not sessions:
        raise AnalyticsRefused(NOT_YOURS)
    label = _l("toutes les sessions") if role == "staff" else _l("toutes vos sessions")
    return Scope(course_id, sessions[0].course.title, [s.id for s in sessions], None, str(label))


def report(scope: Scope) -> Report:
    lessons = cohort.lessons_of(scope.course_id)
    group = count(cohort.group_size(scope.session_ids))
    if not group.shown:
        return Report(scope, group, [])
    return Report(scope, group, _lesson_rows(scope, lessons, group))


def _lesson_rows(scope: Scope, lessons: list[CohortLesson], group: Figure,
                 only: int | None = None) -> list[LessonFigures]:
    """The figures of the course's lessons (of one of them, `only`: where people stop is still read
    against the whole course)."""
    ids = [lesson.id for lesson in lessons if only in (None, lesson.id)]
    progress = cohort.progress_counts(scope.session_ids, ids)
    medians = cohort.median_seconds(scope.session_ids, ids)
    stopped = Counter(rank for rank, finished in cohort.furthest_reached(scope.session_ids, scope.course_id)
                      if finished < len(lessons))
    rows = []
    for lesson in (lesson for lesson in lessons if lesson.id in ids):
        started, finished = progress.get(lesson.id, (0, 0))
        rows.append(LessonFigures(lesson, count_within(started, group), count_within(finished, group),
                                  share(finished, started), _minutes(medians.get(lesson.id)),
                                  count_within(stopped.get(lesson.rank, 0), group)))
    return rows


def _minutes(median_seconds: tuple[float, int] | None) -> Figure:
    return Figure(median_seconds[0] / 60, median_seconds[1]) if median_seconds else Figure(None, 0)


def lesson_detail(scope: Scope, lesson_id: int) -> LessonDetail:
    lessons = cohort.lessons_of(scope.course_id)
    lesson = next((lesson for lesson in lessons if lesson.id == lesson_id), None)
    if lesson is None:
        raise AnalyticsRefused(_l("Cette leçon n'appartient pas à cette formation."))
    group = count(cohort.group_size(scope.session_ids))
    if not group.shown:
        return LessonDetail(scope, group, lesson, None, [], [])
    row = _lesson_rows(scope, lessons, group, only=lesson_id)[0]
    questions = _questions(scope, lesson_id) if lesson.kind == "quiz" else []
    briefs = _criteria(scope, lesson_id) if lesson.kind == "bouquet" else []
    return LessonDetail(scope, group, lesson, row, questions, briefs)


def _questions(scope: Scope, lesson_id: int) -> list[QuestionFigures]:
    attempts = cohort.first_attempts(scope.session_ids, [lesson_id])
    figures = []
    for question in cohort.quiz_questions([lesson_id]):
        given = [a.answers[str(question.id)] for a in attempts if isinstance(a.answers.get(str(question.id)), dict)]
        right = sum(bool(answer.get("correct")) for answer in given)
        wrong = Counter(_answer_words(question, answer.get("given")) for answer in given if not answer.get("correct"))
        figures.append(QuestionFigures(
            question.prompt, share(right, len(given)),
            [(words, count(n)) for words, n in wrong.most_common(3) if n >= MIN_GROUP]))
    return figures


def _answer_words(question: cohort.CohortQuestion, given) -> str:
    values = [str(value) for value in given] if isinstance(given, list) else []
    if question.kind == "text":
        return " ".join(" ".join(values).split()).casefold() or "—"
    return " + ".join(question.choices.get(value, "?") for value in sorted(values)) or "—"


def _criteria(scope: Scope, lesson_id: int) -> list[CriterionFigures]:
    return [CriterionFigures(brief.title, count(brief.people),
                             [(label, share(n, brief.people))
                              for label, n in sorted(brief.missed.items(), key=lambda item: (-item[1], item[0]))])
            for brief in criteria_missed.missed_by_brief(scope.session_ids, lesson_id)]
