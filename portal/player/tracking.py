"""Progress, auto-saved positions, completion and time on task for one lesson view."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from itsdangerous import BadSignature
from peewee import EXCLUDED

from portal import db
from portal.certificates import service as certificates
from portal.improvement import survey_rounds
from portal.learning import completion, events, membership, view_tokens, xapi
from portal.learning.models import Lesson, LessonProgress, TimeOnTask, ViewBeat
from portal.personalisation import service as personalisation
from portal.timeutil import paris_today, to_paris, utcnow

BEAT_INTERVAL = 30  # seconds, the page's heartbeat period
BEAT_CAP = 45  # the longest gap between two beats credited (one period plus network slack)
# Items queued while offline (static/offline.js) come with their age: how long ago, by the browser's own
# clock, they happened. Older than a view's life they are refused; late beats are credited at the time
# they happened, and a view is never credited more than the lesson's planned time from them.
MAX_AGE_SECONDS = view_tokens.MAX_AGE_SECONDS
LATE_AFTER_SECONDS = BEAT_CAP
MAX_POSITION = 24 * 3600  # no lesson video is longer than a day


class BadBeat(Exception):
    pass


class TooOld(BadBeat):
    """Sent later than a lesson view lives (MAX_AGE_SECONDS): not credited."""


def happened_at(now: datetime, age_ms: int) -> datetime:
    """When a queued item happened, on the server's clock: its age is measured by the browser's clock
    alone (queued at, sent at), so a browser set to the wrong time still credits the right durations."""
    if not 0 <= age_ms <= MAX_AGE_SECONDS * 1000:
        raise TooOld()
    return now - timedelta(milliseconds=age_ms)


def read_view(token: str, account_id: uuid.UUID, lesson_id: int) -> tuple[str, datetime]:
    try:
        data, issued = view_tokens.read(token)
    except BadSignature as exc:
        raise BadBeat() from exc
    if data.get("a") != str(account_id) or data.get("l") != lesson_id:
        raise BadBeat()
    return data["v"], issued


def credit_beat(account_id: uuid.UUID, lesson_id: int, token: str, seq: int, now: datetime | None = None,
                age_ms: int = 0, resumed: bool = False) -> int:
    """Credit the time since the previous beat of this view; a repeated or old seq credits 0, and so does a
    gap longer than a beat's period and its slack (BEAT_CAP): the beats stopped (a hidden tab, two idle
    minutes, a closed lid), and nothing says how much of the gap was followed — none of it is credited. A
    `resumed` beat, sent as the page starts its beats again, credits nothing either: the time counts anew
    from it.

    The conditional UPDATE on the view row makes concurrent copies of a beat race for one
    credit, and the increment is done in SQL, so parallel beats never lose time. A beat queued
    offline (age_ms) is credited at the time it happened.
    """
    now = happened_at(now or utcnow(), age_ms)
    view_id, issued = read_view(token, account_id, lesson_id)
    with db.atomic():
        # Every 30 s per open tab: a crash of the database server may lose the last beats, never half of
        # one. Completing a lesson (which credits through _credit too) keeps full durability.
        db.relaxed_durability()
        late_limit = _planned_seconds(lesson_id) if age_ms > LATE_AFTER_SECONDS * 1000 else None
        return _credit(account_id, lesson_id, view_id, issued, seq, now, BEAT_CAP, late_limit,
                       gap_limit=0 if resumed else BEAT_CAP)


def _planned_seconds(lesson_id: int) -> int:
    planned = Lesson.select(Lesson.expected_minutes).where(Lesson.id == lesson_id).scalar()
    return (planned or 0) * 60


def _credit(account_id: uuid.UUID, lesson_id: int, view_id: str, issued: datetime, seq: int, now: datetime,
            cap: int, late_limit: int | None = None, gap_limit: int | None = None) -> int:
    """`late_limit`: the beat was queued offline; the view's credit from such beats stays within it.
    `gap_limit`: a longer gap since the previous beat credits nothing (beats); without it a longer gap is
    credited `cap` (a view without beats, completed: JavaScript was off)."""
    with db.atomic():
        ViewBeat.insert(
            view_id=view_id, account_id=account_id, lesson=lesson_id, last_seq=0, last_beat_at=issued
        ).on_conflict_ignore().execute()
        previous = ViewBeat.get_by_id(view_id)
        if seq <= previous.last_seq:
            return 0
        # Rounded, not truncated: a beat arriving a few milliseconds early would otherwise lose a second.
        gap = (now - previous.last_beat_at).total_seconds()
        seconds = 0 if gap_limit is not None and gap > gap_limit else round(max(0, min(gap, cap)))
        if late_limit is not None:
            seconds = max(0, min(seconds, late_limit - previous.late_seconds))
        won = (
            ViewBeat.update(last_seq=seq, last_beat_at=max(now, previous.last_beat_at),
                            late_seconds=previous.late_seconds + (seconds if late_limit is not None else 0))
            .where((ViewBeat.view_id == view_id) & (ViewBeat.last_seq == previous.last_seq))
            .execute()
        )
        if not won:
            return 0
        if seconds:
            add_time(account_id, lesson_id, now, seconds)
    return seconds


def add_time(account_id: uuid.UUID, lesson_id: int, now: datetime, seconds: int) -> None:
    day = to_paris(now).date()  # a learner's day is the Paris calendar day
    TimeOnTask.insert(account_id=account_id, lesson=lesson_id, day=day, seconds=seconds).on_conflict(
        conflict_target=[TimeOnTask.account_id, TimeOnTask.lesson, TimeOnTask.day],
        update={TimeOnTask.seconds: TimeOnTask.seconds + EXCLUDED.seconds},
    ).execute()


END_MARGIN_SECONDS = 10  # near_end's rule: static/player.js's nearEnd says the same


def near_end(position: int, duration: int | None) -> bool:
    """Whether what remains after `position` is too little to resume for: the last ten seconds (the last third
    of a video shorter than thirty), or the last tenth of a long video (its credits)."""
    return bool(duration) and duration - position < max(min(END_MARGIN_SECONDS, duration / 3), duration / 10)


def save_position(account_id: uuid.UUID, lesson: Lesson, position: int, duration: int | None = None,
                  at: datetime | None = None) -> None:
    """Idempotent: the same position saved twice leaves the same row. A position in the video's last seconds
    is saved as 0: « Reprendre » would otherwise start it where there is nothing left to see. `at` is when the
    position was taken (a position queued offline arrives late): one taken before the position already saved
    does not replace it, so a few seconds replayed offline never move « Reprendre » back."""
    if not 0 <= position <= MAX_POSITION:
        raise ValueError(position)
    if near_end(position, duration):
        position = 0
    taken = at or utcnow()
    with db.atomic():
        LessonProgress.insert(account_id=account_id, lesson=lesson.id, position_seconds=position, updated_at=taken) \
            .on_conflict(
                conflict_target=[LessonProgress.account_id, LessonProgress.lesson],
                update={LessonProgress.position_seconds: position, LessonProgress.updated_at: taken},
                where=LessonProgress.updated_at <= EXCLUDED.updated_at,
            ).execute()


def record_opened(account_id: uuid.UUID, lesson: Lesson) -> None:
    with db.atomic():
        db.relaxed_durability()
        events.record(account_id, xapi.EXPERIENCED, lesson, course_id=lesson.module.course_id)


def _again(account_id: uuid.UUID, lesson: Lesson) -> bool:
    """Whether a lesson she completed in an earlier training is completed for the first time in the new one
    (membership's `since`): the new training's progress counts it from this event."""
    course = lesson.module.course_id
    for enrollment in membership.active_in_course(account_id, course):
        since = membership.followed_days(enrollment, paris_today()).since
        if since is not None:
            times = completion.completions([account_id], [lesson.id]).get(account_id, {})
            return lesson.id not in completion.done_within(times, since)
    return False


def complete(account_id: uuid.UUID, lesson: Lesson, view: str | None, now: datetime | None = None) -> bool:
    """Mark the lesson done (once), crediting the time since the last beat of this view. A view
    with no beats at all had JavaScript off: it is credited the time since the page was opened,
    capped at the lesson's expected duration."""
    now = now or utcnow()
    with db.atomic():
        if view:
            try:
                view_id, issued = read_view(view, account_id, lesson.id)
            except BadBeat:
                view_id = None
            if view_id:
                current = ViewBeat.get_or_none(ViewBeat.view_id == view_id)
                last_seq = current.last_seq if current else 0
                cap = BEAT_CAP if last_seq else lesson.expected_minutes * 60
                _credit(account_id, lesson.id, view_id, issued, last_seq + 1, now, cap,
                        gap_limit=BEAT_CAP if last_seq else None)
        LessonProgress.insert(account_id=account_id, lesson=lesson.id, updated_at=now).on_conflict_ignore().execute()
        first_time = (
            LessonProgress.update(completed_at=now, updated_at=now)
            .where((LessonProgress.account_id == account_id) & (LessonProgress.lesson == lesson.id)
                   & LessonProgress.completed_at.is_null())
            .execute()
            == 1
        )
        if first_time or _again(account_id, lesson):
            events.record(account_id, xapi.COMPLETED, lesson, course_id=lesson.module.course_id,
                          result={"completion": True})
            personalisation.after_lesson_completed(account_id, lesson)
            certificates.after_lesson_completed(account_id, lesson)
            survey_rounds.after_lesson_completed(account_id, lesson)
    return first_time

