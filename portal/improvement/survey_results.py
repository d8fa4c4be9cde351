"""Survey results per session or course, for trainers (their sessions) and staff: for each scale
question the average and the share of 4 and 5, for each free-text question the answers without a name,
in alphabetical order (never the order they came in). Never about fewer than MIN_GROUP respondents;
answers still linked to someone now left out of aggregates are not counted."""
from __future__ import annotations

from dataclasses import dataclass

from peewee import JOIN, Case, fn

from portal.improvement.lesson_figures import Scope
from portal.improvement.minimum_group import Figure, count, share
from portal.improvement.models import COLD, HOT, SCALE, SurveyAnswer, SurveyInvitation, SurveyQuestion, SurveyResponse
from portal.standing.objection import counted

SATISFIED = 4  # a 4 or a 5 out of 5


@dataclass(frozen=True)
class QuestionResult:
    prompt: str
    answer_kind: str
    average: Figure
    satisfied: Figure
    texts: list[str]  # empty unless enough people answered


@dataclass(frozen=True)
class KindResult:
    kind: str
    respondents: Figure
    questions: list[QuestionResult]


def counted_responses(condition):
    """The ids of the responses meeting `condition` that may be counted: anonymous ones, and those still
    linked to someone not left out of aggregates."""
    return (SurveyResponse.select(SurveyResponse.id)
            .join(SurveyInvitation, JOIN.LEFT_OUTER, on=(SurveyResponse.invitation == SurveyInvitation.id))
            .where(condition & (SurveyResponse.invitation.is_null() | counted(SurveyInvitation.account_id))))


def results(scope: Scope) -> list[KindResult]:
    return [_kind_result(scope.session_ids, kind) for kind in (HOT, COLD)]


def _kind_result(session_ids: list[int], kind: str) -> KindResult:
    responses = counted_responses(SurveyResponse.session.in_(session_ids) & (SurveyResponse.kind == kind))
    respondents = count(responses.count())
    if not respondents.shown:
        return KindResult(kind, respondents, [])
    scales = {question: (n, total, satisfied) for question, n, total, satisfied in (
        SurveyAnswer.select(SurveyAnswer.question, fn.COUNT(SurveyAnswer.scale), fn.SUM(SurveyAnswer.scale),
                            fn.SUM(Case(None, [(SurveyAnswer.scale >= SATISFIED, 1)], 0)))
        .where(SurveyAnswer.response.in_(responses) & SurveyAnswer.scale.is_null(False))
        .group_by(SurveyAnswer.question).tuples())}
    texts: dict[int, list[str]] = {}
    for question, text in (SurveyAnswer.select(SurveyAnswer.question, SurveyAnswer.text)
                           .where(SurveyAnswer.response.in_(responses) & (SurveyAnswer.text != ""))
                           .order_by(SurveyAnswer.text).tuples()):
        texts.setdefault(question, []).append(text)
    questions = []
    for question in SurveyQuestion.select().where(SurveyQuestion.kind == kind).order_by(SurveyQuestion.position):
        if question.answer_kind == SCALE:
            n, total, satisfied = scales.get(question.id, (0, 0, 0))
            questions.append(QuestionResult(question.prompt, question.answer_kind,
                                            Figure(total / n if n else None, n), share(int(satisfied or 0), n), []))
        else:
            given = texts.get(question.id, [])
            questions.append(QuestionResult(question.prompt, question.answer_kind, count(len(given)),
                                            Figure(None, 0), given if count(len(given)).shown else []))
    return KindResult(kind, respondents, questions)
