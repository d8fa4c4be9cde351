"""A learner answering a questionnaire: the ones open to her, and her answers, linked to her invitation
until the round closes (portal.improvement.survey_rounds)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import peewee
from flask_babel import lazy_gettext as _l

from portal import db
from portal.improvement.models import (
    SCALE,
    SCALE_POINTS,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from portal.improvement.survey_questions import SurveyRefused, asked
from portal.learning import cohort, membership
from portal.learning.models import Course, Enrollment, TrainingSession

MAX_TEXT = 2000


@dataclass(frozen=True)
class OpenSurvey:
    invitation: SurveyInvitation
    course_title: str
    session_title: str
    questions: list[SurveyQuestion]


def _moved_on(account_id) -> peewee.ModelSelect:
    """The sessions a transfer took her out of: a transfer is not the end of her training, and the session
    she left asks no end-of-training questionnaire (the one she moved to will, at its end)."""
    return Enrollment.select(Enrollment.session).where((Enrollment.account_id == account_id)
                                                       & (Enrollment.status == membership.TRANSFERRED))


def open_for(account_id: uuid.UUID, today: date) -> list[SurveyInvitation]:
    """Her questionnaires still waiting for an answer (one query: her space shows them)."""
    return list(SurveyInvitation.select(SurveyInvitation, TrainingSession, Course).join(TrainingSession).join(Course)
                .where(
        (SurveyInvitation.account_id == account_id) & ~SurveyInvitation.answered & ~SurveyInvitation.closed
                       & (SurveyInvitation.closes_on > today)
                       & SurveyInvitation.session.not_in(_moved_on(account_id))).order_by(SurveyInvitation.sent_on))


def survey_for(account_id: uuid.UUID, invitation_id: int, today: date) -> OpenSurvey:
    invitation = SurveyInvitation.get_or_none((SurveyInvitation.id == invitation_id)
                                              & (SurveyInvitation.account_id == account_id))
    if invitation is None:
        raise SurveyRefused(_l("Ce questionnaire ne vous est pas adressé."), 404)
    if invitation.answered:
        raise SurveyRefused(_l("Vous avez déjà répondu à ce questionnaire : merci !"), 409)
    if invitation.closed or invitation.closes_on <= today:
        raise SurveyRefused(_l("Ce questionnaire est clos."), 410)
    if _moved_on(account_id).where(Enrollment.session == invitation.session_id).exists():
        raise SurveyRefused(_l("Vous avez changé de session : ce questionnaire de fin de formation vous sera "
                               "proposé à la fin de votre nouvelle session."), 410)
    session = cohort.session_with_course(invitation.session_id)
    return OpenSurvey(invitation, session.course.title, session.title, asked(invitation.kind))


def answer(survey: OpenSurvey, given: dict[int, str], today: date) -> SurveyResponse:
    """given: each question's answer as sent (a scale point, or text); a question may be left blank."""
    rows = []
    for question in survey.questions:
        raw = (given.get(question.id) or "").strip()
        if not raw:
            continue
        if question.answer_kind == SCALE:
            if raw not in {str(point) for point in SCALE_POINTS}:
                raise SurveyRefused(_l("Choisissez une note de 1 à 5."))
            rows.append({"question": question.id, "scale": int(raw)})
        else:
            if len(raw) > MAX_TEXT:
                raise SurveyRefused(_l("Une réponse est trop longue (%(n)s caractères au plus).", n=MAX_TEXT))
            rows.append({"question": question.id, "text": raw})
    if not rows:
        raise SurveyRefused(_l("Répondez à au moins une question."))
    invitation = survey.invitation
    with db.atomic():
        if not SurveyInvitation.update(answered=True).where(
                (SurveyInvitation.id == invitation.id) & ~SurveyInvitation.answered).execute():
            raise SurveyRefused(_l("Vous avez déjà répondu à ce questionnaire : merci !"), 409)
        session = cohort.session_with_course(invitation.session_id)
        response = SurveyResponse.create(course=session.course_id, session=session.id, kind=invitation.kind,
                                         month=today.strftime("%Y-%m"), invitation=invitation.id)
        SurveyAnswer.insert_many([{**row, "response": response.id} for row in rows]).execute()
    return response
