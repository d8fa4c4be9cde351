"""Two personalisations promised by the policy, run as jobs after the learner's action:

- a module completed well faster than the median learner, with every quiz of it at 85 % or more,
  brings a suggestion of an advanced module in the learner space;
- three failed quiz attempts on one theme bring an email of complementary resources on that theme,
  at most once a week per theme.

Neither runs for an account whose processing is restricted.
"""
from __future__ import annotations

import statistics
import uuid
from datetime import timedelta

import peewee
from flask_babel import lazy_gettext as _l

from portal import db, mail
from portal.jobs import enqueue, job
from portal.learning import membership
from portal.learning.models import (
    Course,
    Enrollment,
    Lesson,
    LessonProgress,
    Module,
    QuizAttempt,
    TimeOnTask,
    TrainingSession,
)
from portal.links import external_url
from portal.personalisation.models import ResourceMail, Suggestion
from portal.prepared import Prepared, Slot
from portal.standing.service import is_restricted, unrestricted
from portal.timeutil import utcnow

QUIZ_THRESHOLD = 85  # percent
FAST_RATIO = 2 / 3  # "well above the median pace": done in two thirds of the median time or less
MIN_PEERS = 3  # below this, the median is the lessons' expected durations
FAILURES = 3
RESOURCE_INTERVAL = timedelta(days=7)
ADVANCED_LEVEL = "perfectionnement"


def after_lesson_completed(account_id: uuid.UUID, lesson: Lesson) -> None:
    """Call inside the completing transaction."""
    enqueue(consider_suggestion, str(account_id), lesson.module_id)


def after_quiz_failed(account_id: uuid.UUID, lesson: Lesson) -> None:
    """Call inside the attempt's transaction."""
    enqueue(consider_resources, str(account_id), lesson.module.theme)


@job(_l("Suggestion de révision après un module"))
def consider_suggestion(account_id: str, module_id: int) -> None:
    me = uuid.UUID(account_id)
    module = Module.get_or_none(Module.id == module_id)
    if module is None or is_restricted(me) or not module_done_well(me, module):
        return
    if Suggestion.select().where((Suggestion.account_id == me) & (Suggestion.because_of == module.id)).exists():
        return
    target = advanced_module_for(me, module)
    if target is not None:
        with db.atomic():
            Suggestion.insert(account_id=me, module=target.id, because_of=module.id).on_conflict_ignore().execute()


def module_done_well(account_id: uuid.UUID, module: Module) -> bool:
    lessons = list(Lesson.select(Lesson.id, Lesson.kind, Lesson.expected_minutes).where(Lesson.module == module))
    lesson_ids = [lesson.id for lesson in lessons]
    quizzes = [lesson.id for lesson in lessons if lesson.kind == "quiz"]
    if not quizzes or not lesson_ids:
        return False
    done = LessonProgress.select().where((LessonProgress.account_id == account_id)
                                         & LessonProgress.lesson.in_(lesson_ids)
                                         & LessonProgress.completed_at.is_null(False)).count()
    if done < len(lesson_ids):
        return False
    best = dict(QuizAttempt.select(QuizAttempt.lesson, peewee.fn.MAX(QuizAttempt.score))
                .where((QuizAttempt.account_id == account_id) & QuizAttempt.lesson.in_(quizzes))
                .group_by(QuizAttempt.lesson).tuples())
    if any(best.get(quiz, 0) < QUIZ_THRESHOLD for quiz in quizzes):
        return False
    times = _seconds_per_completer(lesson_ids)
    mine = times.pop(account_id, 0)
    if len(times) >= MIN_PEERS:
        reference = statistics.median(times.values())
    else:
        reference = sum(lesson.expected_minutes for lesson in lessons) * 60
    return 0 < mine <= FAST_RATIO * reference


def _seconds_per_completer(lesson_ids: list[int]) -> dict[uuid.UUID, int]:
    """Time on the module of every learner who completed all its lessons (set-based: two queries). A
    restricted account's time and results are stored, not used: they feed no one else's median."""
    completers = (unrestricted(LessonProgress.select(LessonProgress.account_id), LessonProgress.account_id)
                  .where(LessonProgress.lesson.in_(lesson_ids) & LessonProgress.completed_at.is_null(False))
                  .group_by(LessonProgress.account_id)
                  .having(peewee.fn.COUNT(LessonProgress.id) == len(lesson_ids)))
    rows = (TimeOnTask.select(TimeOnTask.account_id, peewee.fn.SUM(TimeOnTask.seconds))
            .where(TimeOnTask.lesson.in_(lesson_ids) & TimeOnTask.account_id.in_(completers))
            .group_by(TimeOnTask.account_id).tuples())
    return {account: int(seconds or 0) for account, seconds in rows}


def advanced_module_for(account_id: uuid.UUID, done: Module) -> Module | None:
    """First advanced module on the same theme, else the first advanced module; never one of a course
    the learner already follows, nor one already suggested."""
    followed = (TrainingSession.select(TrainingSession.course).join(Enrollment)
                .where(Enrollment.account_id == account_id))
    suggested = Suggestion.select(Suggestion.module).where(Suggestion.account_id == account_id)
    candidates = (Module.select(Module, Course).join(Course)
                  .where((Course.level == ADVANCED_LEVEL) & Course.published & (Module.id != done.id)
                         & Course.id.not_in(followed) & Module.id.not_in(suggested))
                  .order_by((Module.theme != done.theme), Course.title, Module.position))
    return candidates.first()


def suggestions_for(account_id: uuid.UUID) -> list[Suggestion]:
    """One query (the learner space has a budget): the suggested module, its course and the reason."""
    return _SUGGESTIONS.all(account=account_id)


def _suggestions_query() -> peewee.ModelSelect:
    reason = Module.alias()
    return (Suggestion.select(Suggestion, Module, Course, reason)
            .join(Module, on=(Suggestion.module == Module.id), attr="module").join(Course)
            .switch(Suggestion).join(reason, peewee.JOIN.LEFT_OUTER, on=(Suggestion.because_of == reason.id),
                                     attr="because_of")
            .where((Suggestion.account_id == Slot("account")) & Suggestion.dismissed_at.is_null())
            .order_by(Suggestion.created_at.desc()).limit(3))


_SUGGESTIONS = Prepared(_suggestions_query)


def dismiss(account_id: uuid.UUID, suggestion_id: int) -> bool:
    with db.atomic():
        return bool(Suggestion.update(dismissed_at=utcnow()).where(
            (Suggestion.id == suggestion_id) & (Suggestion.account_id == account_id)).execute())


@job(_l("Envoi de ressources sur un thème"))
def consider_resources(account_id: str, theme: str) -> None:
    me = uuid.UUID(account_id)
    if is_restricted(me):
        return
    latest = (ResourceMail.select(ResourceMail.sent_at).where((ResourceMail.account_id == me)
                                                             & (ResourceMail.theme == theme))
              .order_by(ResourceMail.sent_at.desc()).first())
    last = latest.sent_at if latest else None
    now = utcnow()
    if last is not None and now - last < RESOURCE_INTERVAL:
        return
    failed = (QuizAttempt.account_id == me) & (QuizAttempt.passed == False) & (Module.theme == theme)  # noqa: E712
    if last is not None:
        failed &= QuizAttempt.submitted_at > last
    failures = list(QuizAttempt.select(QuizAttempt.id, QuizAttempt.submitted_at, Module.title).join(Lesson).join(Module)
                    .where(failed).order_by(QuizAttempt.id))
    if len(failures) < FAILURES:
        return
    since_passed = (QuizAttempt.select().join(Lesson).join(Module).where(
        (QuizAttempt.account_id == me) & QuizAttempt.passed & (Module.theme == theme)
        & (QuizAttempt.id > failures[-1].id)).exists())
    if since_passed:
        return  # she has passed since: no help to send
    resources = resources_for(me, theme)
    if not resources:
        return
    # The theme is a staff tag ("materiel"): the learner reads the module's own title.
    topic = failures[-1].lesson.module.title
    with db.atomic():
        # Keyed on the attempt that reached the count: two jobs racing on it send one mail.
        key = f"resources:{me}:{failures[FAILURES - 1].id}"
        if mail.send(me, "theme_resources", once_key=key, theme=topic, failures=len(failures),
                     resources=resources) is not None:
            ResourceMail.create(account_id=me, theme=theme, failures=len(failures), sent_at=now)


def resources_for(account_id: uuid.UUID, theme: str) -> list[list[str]]:
    """The lessons on that theme (other than quizzes) in the courses the learner follows, those she has
    not marked done first: a second mail does not just relink what she has read already."""
    followed = (TrainingSession.select(TrainingSession.course).join(Enrollment)
                .where(membership.active_enrollment(account_id)))
    done = LessonProgress.select(LessonProgress.lesson).where(
        (LessonProgress.account_id == account_id) & LessonProgress.completed_at.is_null(False))
    lessons = (Lesson.select(Lesson.id, Lesson.title, Module.title).join(Module)
               .where((Module.theme == theme) & (Lesson.kind != "quiz") & Module.course.in_(followed))
               .order_by(Lesson.id.in_(done), Module.course, Module.position, Lesson.position).limit(10))
    return [[lesson.title, lesson.module.title, external_url("player.lesson", lesson_id=lesson.id)]
            for lesson in lessons]
