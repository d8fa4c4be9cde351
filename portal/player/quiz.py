"""Quizzes graded on the server: single choice, multiple choice and short text; every attempt kept."""
from __future__ import annotations

import json
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime

import peewee
from flask_babel import lazy_gettext as _l

from portal import db
from portal.learning import events, xapi
from portal.learning.models import Choice, Lesson, Question, QuizAttempt
from portal.personalisation import service as personalisation
from portal.player import tracking
from portal.refusals import Refused
from portal.timeutil import utcnow

MAX_TEXT_ANSWER = 200


class QuizRefused(Refused):
    """The submission is not a valid answer to this quiz; carries the French reason and, when questions
    were left blank, which ones (the page says so beside each)."""

    def __init__(self, message: object = "", *, unanswered: tuple[int, ...] = ()):
        super().__init__(message)
        self.unanswered = unanswered


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    given: list[str]
    correct: bool


@dataclass(frozen=True)
class Graded:
    score: int
    passed: bool
    results: list[QuestionResult]
    attempt_id: int | None = None

    def for_question(self, question_id: int) -> QuestionResult | None:
        return next((r for r in self.results if r.question.id == question_id), None)


def load_questions(lesson_id: int) -> list[Question]:
    """Questions with their choices (attribute choice_list), in one query."""
    questions: dict[int, Question] = {}
    rows = (
        Question.select(Question, Choice)
        .join(Choice, peewee.JOIN.LEFT_OUTER)
        .where(Question.lesson == lesson_id)
        .order_by(Question.position, Choice.position)
    )
    for row in rows:
        question = questions.setdefault(row.id, row)
        if not hasattr(question, "choice_list"):
            question.choice_list = []
        choice = getattr(row, "choice", None)
        if choice is not None and choice.id is not None:
            question.choice_list.append(choice)
    return list(questions.values())


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@dataclass(frozen=True)
class Answers:
    """What was sent: the values given for each question of this quiz (q<id>), and whether answers to
    questions that are not in it came along (another version of the quiz, or another quiz)."""

    given: dict[str, list[str]]
    foreign: bool = False


def answered(question: Question, given: list[str]) -> bool:
    """Whether something was given for the question: a choice, or a text that is not blank."""
    return bool(given and given[0].strip()) if question.kind == "text" else bool(given)


def grade(questions: list[Question], answers: Answers) -> Graded:
    if answers.foreign:
        raise QuizRefused(_l("Ces réponses ne correspondent pas à ce quiz."))
    left = tuple(q.id for q in questions if not answered(q, answers.given.get(f"q{q.id}", [])))
    if left:
        raise QuizRefused(_l("Répondez à toutes les questions avant de valider."), unanswered=left)
    results = [_grade_one(question, answers.given.get(f"q{question.id}", [])) for question in questions]
    right = sum(r.correct for r in results)
    score = round(100 * right / len(results)) if results else 0
    return Graded(score=score, passed=False, results=results)


def _grade_one(question: Question, given: list[str]) -> QuestionResult:
    if question.kind == "text":
        answer = given[0].strip()  # answered (grade checked it): a text that is not blank
        if len(answer) > MAX_TEXT_ANSWER or len(given) > 1:
            raise QuizRefused(_l("Une réponse est trop longue (%(n)s caractères au plus).", n=MAX_TEXT_ANSWER))
        accepted = {normalise(line) for line in question.accepted_answers.splitlines() if line.strip()}
        return QuestionResult(question, [answer], normalise(answer) in accepted)
    valid_ids = {str(choice.id) for choice in question.choice_list}
    if not set(given) <= valid_ids or len(set(given)) != len(given):
        raise QuizRefused(_l("Une réponse ne correspond à aucune proposition de la question."))
    if question.kind == "single" and len(given) != 1:
        raise QuizRefused(_l("Une seule réponse est attendue pour une question à choix unique."))
    expected = {str(choice.id) for choice in question.choice_list if choice.correct}
    return QuestionResult(question, sorted(given), set(given) == expected)


def attempts_used(account_id: uuid.UUID, lesson_id: int) -> int:
    return QuizAttempt.select().where((QuizAttempt.account_id == account_id)
                                      & (QuizAttempt.lesson == lesson_id)).count()


@dataclass(frozen=True)
class QuizState:
    """Where a learner stands on a quiz: what the page offers and shows."""

    used: int
    max_attempts: int | None
    passed: bool

    @property
    def left(self) -> int | None:
        return None if self.max_attempts is None else max(self.max_attempts - self.used, 0)

    @property
    def may_answer(self) -> bool:
        return not self.passed and self.left != 0

    @property
    def reveals_explanations(self) -> bool:
        """The trainer's explanations give the answers away: shown once the quiz is passed or no attempt
        is left, never between two tries."""
        return self.passed or self.left == 0


def state_of(account_id: uuid.UUID, lesson: Lesson) -> QuizState:
    used, passed = (QuizAttempt.select(peewee.fn.COUNT(QuizAttempt.id),
                                       peewee.fn.COALESCE(peewee.fn.MAX(QuizAttempt.passed.cast("integer")), 0))
                    .where((QuizAttempt.account_id == account_id) & (QuizAttempt.lesson == lesson.id))
                    .tuples().get())
    return QuizState(used, lesson.max_attempts, bool(passed))


def shown_attempt(account_id: uuid.UUID, lesson_id: int, attempt_id: int | None) -> QuizAttempt | None:
    """The attempt whose result the page shows: the one just answered (named in the address after
    answering) or, once the quiz is passed, the last passing one."""
    mine = (QuizAttempt.account_id == account_id) & (QuizAttempt.lesson == lesson_id)
    if attempt_id is not None:
        return QuizAttempt.get_or_none(mine & (QuizAttempt.id == attempt_id))
    return QuizAttempt.select().where(mine & QuizAttempt.passed).order_by(QuizAttempt.id.desc()).first()


def graded_from(questions: list[Question], attempt: QuizAttempt) -> Graded:
    """An attempt's result as it was given, from what was stored with it."""
    try:
        stored = json.loads(attempt.answers or "{}")
    except ValueError:
        stored = {}
    results = [QuestionResult(q, list(stored.get(str(q.id), {}).get("given", [])),
                              bool(stored.get(str(q.id), {}).get("correct"))) for q in questions]
    return Graded(score=attempt.score, passed=attempt.passed, results=results, attempt_id=attempt.id)


def submit(account_id: uuid.UUID, lesson: Lesson, questions: list[Question], answers: Answers,
           sent_key: str | None = None, at: datetime | None = None) -> Graded:
    """Grade and record one attempt; refused (nothing written) when invalid or out of attempts.

    `sent_key` is the answering page's key: the same answers sent again (queued offline and sent twice
    across a network drop) give back the attempt already graded. `at` is when they were given."""
    graded = grade(questions, answers)
    graded = Graded(score=graded.score, passed=graded.score >= lesson.pass_mark, results=graded.results)
    with db.atomic():
        db.person_lock(account_id, f"quiz:{lesson.id}")  # ten clicks on "Valider" count against one limit
        if sent_key:
            already = QuizAttempt.get_or_none((QuizAttempt.account_id == account_id)
                                              & (QuizAttempt.lesson == lesson.id) & (QuizAttempt.sent_key == sent_key))
            if already is not None:
                return graded_from(questions, already)
        if lesson.max_attempts is not None and attempts_used(account_id, lesson.id) >= lesson.max_attempts:
            raise QuizRefused(_l("Vous avez utilisé toutes les tentatives de ce quiz."))
        attempt = QuizAttempt.create(
            account_id=account_id, lesson=lesson.id, score=graded.score, passed=graded.passed,
            answers=json.dumps({str(r.question.id): {"given": r.given, "correct": r.correct} for r in graded.results}),
            sent_key=sent_key or None, submitted_at=at or utcnow(),
        )
        events.record(
            account_id, xapi.ATTEMPTED, lesson, course_id=lesson.module.course_id,
            result={
                "score": {"scaled": graded.score / 100, "raw": graded.score, "min": 0, "max": 100},
                "success": graded.passed, "completion": True,
            },
        )
        if graded.passed:
            if not tracking.complete(account_id, lesson, None):
                personalisation.after_lesson_completed(account_id, lesson)  # a better score may now qualify
        else:
            personalisation.after_quiz_failed(account_id, lesson)
    return Graded(score=graded.score, passed=graded.passed, results=graded.results, attempt_id=attempt.id)
