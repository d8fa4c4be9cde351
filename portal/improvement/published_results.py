"""The results each course page publishes (Qualiopi indicator 2): over the last twelve months, the
satisfaction rate (hot survey respondents whose average rating is 4 or more out of 5), the completion
rate and the certificate rate (people of the sessions that ended in those months who finished every
lesson, who hold a certificate), each with the number of people behind it and the day it was counted.

Counted once a day for every course and stored (the public page reads one row, not the whole course's
history); a figure about fewer than MIN_GROUP people is never stored. People left out of aggregates
are not counted."""
from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from peewee import fn

from portal import db
from portal.certificates.holders import holders_among
from portal.improvement.minimum_group import share
from portal.improvement.models import HOT, PublishedResult, SurveyAnswer, SurveyResponse
from portal.improvement.survey_results import SATISFIED, counted_responses
from portal.jobs import job
from portal.learning import cohort
from portal.learning.models import Course
from portal.timeutil import paris_today

WINDOW = timedelta(days=365)


@job(_l("Résultats publiés des formations"))
def daily_published_results() -> None:
    publish_all(paris_today())


def publish_all(today: date) -> int:
    courses = [course.id for course in Course.select(Course.id)]
    for course_id in courses:
        publish(course_id, today)
    return len(courses)


def publish(course_id: int, today: date) -> PublishedResult:
    since = today - WINDOW
    sessions = cohort.sessions_ended_between(course_id, since, today)
    people = cohort.group_size(sessions) if sessions else 0
    finished = cohort.finished_count(sessions, course_id)
    certified = holders_among(course_id, cohort.members(sessions)) if sessions else 0
    satisfied, respondents = _satisfaction(course_id, since)
    completion, certificates, satisfaction = share(finished, people), share(certified, people), share(
        satisfied, respondents)
    row = {"respondents": respondents if satisfaction.shown else None,
           "satisfied": satisfied if satisfaction.shown else None,
           "people": people if completion.shown or certificates.shown else None,
           "finished": finished if completion.shown else None,
           "certified": certified if certificates.shown else None}
    with db.atomic():
        PublishedResult.delete().where((PublishedResult.course == course_id)
                                       & (PublishedResult.as_of == today)).execute()
        return PublishedResult.create(course=course_id, as_of=today, since=since, **row)


def latest(course_id: int) -> PublishedResult | None:
    return (PublishedResult.select().where(PublishedResult.course == course_id)
            .order_by(PublishedResult.as_of.desc()).first())


def _satisfaction(course_id: int, since: date) -> tuple[int, int]:
    """(respondents whose average rating is 4 or more, respondents)."""
    responses = counted_responses((SurveyResponse.course == course_id) & (SurveyResponse.kind == HOT)
                                  & (SurveyResponse.month >= since.strftime("%Y-%m")))
    averages = [average for (average,) in SurveyAnswer.select(fn.AVG(SurveyAnswer.scale))
                .where(SurveyAnswer.response.in_(responses) & SurveyAnswer.scale.is_null(False))
                .group_by(SurveyAnswer.response).tuples()]
    return sum(average >= SATISFIED for average in averages), len(averages)
