"""Survey rounds: who is asked, reminded, and when her answers stop being hers.

Hot: offered when a learner finishes every lesson of her session's course, or when the session ends;
cold: three months after the session ends. Each invitation is mailed once and reminded once (a week
later, if she has not answered); the round closes two weeks after the invitation. Closing cuts every
link between her and her answers (portal.improvement.models says how); the answers of someone who
objected meanwhile are deleted instead, and a restricted person's stay as they are, counted nowhere,
until the restriction is lifted. Only people counted in aggregates are asked
(portal.standing.objection.counted, through portal.learning.cohort)."""
from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from portal import db, mail
from portal.improvement.models import COLD, HOT, SurveyAnswer, SurveyInvitation, SurveyResponse
from portal.improvement.survey_questions import ensure_defaults
from portal.improvement.wording import kind_word
from portal.jobs import enqueue, job
from portal.learning import cohort, completion, membership
from portal.learning.models import Lesson
from portal.links import external_url
from portal.standing.objection import counted, is_counted, left_out_of_aggregates
from portal.timeutil import paris_today

REMIND_AFTER = timedelta(days=7)
OPEN_FOR = timedelta(days=14)
HOT_CATCH_UP = timedelta(days=30)  # a session that ended longer ago than this is not surveyed hot
COLD_AFTER = timedelta(days=90)
COLD_CATCH_UP = timedelta(days=30)


@dataclass(frozen=True)
class RoundsReport:
    invited: int
    reminded: int
    closed: int


@job(_l("Questionnaires de satisfaction : invitations, relances, clôtures"))
def daily_survey_rounds() -> None:
    run_rounds(paris_today())


def run_rounds(today: date) -> RoundsReport:
    hot = cohort.enrolments_to_survey(today - HOT_CATCH_UP, today - timedelta(days=1), or_finished=True)
    cold = cohort.enrolments_to_survey(today - COLD_AFTER - COLD_CATCH_UP, today - COLD_AFTER)
    invited = invite(HOT, hot, today) + invite(COLD, cold, today)
    return RoundsReport(invited, remind(today), close(today))


def after_lesson_completed(account_id: uuid.UUID, lesson: Lesson) -> None:
    """Call inside the completing transaction: the hot survey is offered as soon as the course is done."""
    enqueue(offer_hot, str(account_id), lesson.module.course_id)


@job(_l("Proposer le questionnaire à chaud"))
def offer_hot(account_id: str, course_id: int) -> None:
    me = uuid.UUID(account_id)
    # Finished within her current training: a course she followed before and follows again is not finished
    # by what she did the first time.
    current = membership.active_in_course(me, course_id)
    since = membership.followed_days(current[0], paris_today()).since if current else None
    if not completion.finished_every_lesson(me, course_id, since):
        return
    session = cohort.active_session_in(me, course_id)
    if session is None or not is_counted(me):
        return
    invite(HOT, [(me, session.id)], paris_today())


def invite(kind: str, people: list[tuple[uuid.UUID, int]], today: date) -> int:
    """Invitations for those not asked yet (an invitation, even closed, stays as "asked"); one mail each."""
    if not people:
        return 0
    with db.atomic():
        ensure_defaults(kind)
        asked = {(row.account_id, row.session_id) for row in SurveyInvitation.select(
            SurveyInvitation.account_id, SurveyInvitation.session).where(
            (SurveyInvitation.kind == kind) & SurveyInvitation.account_id.in_([a for a, _ in people]))}
        fresh = [(account_id, session_id) for account_id, session_id in people if (account_id, session_id) not in asked]
        created = [SurveyInvitation.create(account_id=account_id, session=session_id, kind=kind, sent_on=today,
                                           closes_on=today + OPEN_FOR) for account_id, session_id in fresh]
        mail.send_once_many("survey_invitation", [
            (f"survey:{invitation.id}", invitation.account_id, _mail_context(invitation, reminder=False))
            for invitation in created])
    return len(created)


def remind(today: date) -> int:
    due = list(SurveyInvitation.select().where(
        ~SurveyInvitation.answered & ~SurveyInvitation.closed & SurveyInvitation.reminded_on.is_null()
        & (SurveyInvitation.sent_on <= today - REMIND_AFTER) & (SurveyInvitation.closes_on > today)
        & counted(SurveyInvitation.account_id)))
    with db.atomic():
        mail.send_once_many("survey_invitation", [
            (f"survey-reminder:{invitation.id}", invitation.account_id, _mail_context(invitation, reminder=True))
            for invitation in due])
        if due:
            SurveyInvitation.update(reminded_on=today).where(
                SurveyInvitation.id.in_([i.id for i in due])).execute()
    return len(due)


def close(today: date) -> int:
    """Rounds whose time is up: answers unlinked (or deleted, for someone who objected), invitations
    stripped to "asked". A restricted person's invitation waits, linked, until the restriction ends."""
    restricted, objecting = left_out_of_aggregates()
    due = (SurveyInvitation.select(SurveyInvitation.id).where(
        ~SurveyInvitation.closed & (SurveyInvitation.closes_on <= today)
        & SurveyInvitation.account_id.not_in(restricted)))
    ids = [row.id for row in due]
    if not ids:
        return 0
    with db.atomic():
        objected = SurveyInvitation.select(SurveyInvitation.id).where(
            SurveyInvitation.id.in_(ids) & SurveyInvitation.account_id.in_(objecting))
        SurveyResponse.delete().where(SurveyResponse.invitation.in_(objected)).execute()
        _write_again_unlinked(list(SurveyResponse.select().where(SurveyResponse.invitation.in_(ids))))
        SurveyInvitation.update(closed=True, answered=False, reminded_on=None).where(
            SurveyInvitation.id.in_(ids)).execute()
    return len(ids)


def _write_again_unlinked(responses: list[SurveyResponse]) -> None:
    """The responses again, in a random order and without their invitation, and the old rows deleted:
    their numbers no longer follow the order people answered in, which a request log could tell."""
    answers: dict[int, list[dict]] = {}
    for answer in SurveyAnswer.select().where(SurveyAnswer.response.in_([r.id for r in responses])):
        answers.setdefault(answer.response_id, []).append(
            {"question": answer.question_id, "scale": answer.scale, "text": answer.text})
    random.SystemRandom().shuffle(responses)
    for old in responses:
        new = SurveyResponse.create(course=old.course_id, session=old.session_id, kind=old.kind, month=old.month)
        rows = [{**row, "response": new.id} for row in answers.get(old.id, [])]
        if rows:
            SurveyAnswer.insert_many(rows).execute()
    SurveyResponse.delete().where(SurveyResponse.id.in_([r.id for r in responses])).execute()


def _mail_context(invitation: SurveyInvitation, *, reminder: bool) -> dict:
    session = cohort.session_with_course(invitation.session_id)
    return {"reminder": reminder, "kind": invitation.kind, "kind_words": kind_word(invitation.kind),
            "course": session.course.title, "session": session.title,
            "closes_on": invitation.closes_on.isoformat(),
            "url": external_url("surveys.answer", invitation_id=invitation.id)}
