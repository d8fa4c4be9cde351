"""Satisfaction surveys (main zone): the provider's questions, whom to ask and remind while a round is
open, and the answers, which belong to nobody once the round closes.

A response points at its invitation only while the round is open (so that the reminder skips her, and
her export and erasure find her answers). When the round closes the responses are written again in a
random order without that link (their numbers no longer follow the order people answered in), and
every invitation of the round is stripped to "asked": no answered flag, no reminder date. A response
keeps its session, its kind and its month only, never a day or a time that could be matched against
another table or a log."""
from __future__ import annotations

import peewee

from portal.db import MainModel
from portal.learning.models import Course, TrainingSession
from portal.timeutil import utcnow

HOT, COLD = "hot", "cold"  # "à chaud" on finishing the session, "à froid" three months after it ends
SCALE, TEXT = "scale", "text"
SCALE_POINTS = (1, 2, 3, 4, 5)


class SurveyQuestion(MainModel):
    kind = peewee.CharField(max_length=8)
    position = peewee.IntegerField()
    prompt = peewee.CharField(max_length=300)
    answer_kind = peewee.CharField(max_length=8)
    retired = peewee.BooleanField(default=False)  # no longer asked; its answers stay in the results
    created_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "survey_question"


class SurveyInvitation(MainModel):
    account_id = peewee.UUIDField(index=True)
    session = peewee.ForeignKeyField(TrainingSession, on_delete="CASCADE")
    kind = peewee.CharField(max_length=8)
    sent_on = peewee.DateField()
    closes_on = peewee.DateField(index=True)
    answered = peewee.BooleanField(default=False)
    reminded_on = peewee.DateField(null=True)
    closed = peewee.BooleanField(default=False)

    class Meta:
        table_name = "survey_invitation"
        indexes = ((("account_id", "session", "kind"), True),)


class SurveyResponse(MainModel):
    course = peewee.ForeignKeyField(Course, on_delete="CASCADE")
    session = peewee.ForeignKeyField(TrainingSession, null=True, on_delete="SET NULL")
    kind = peewee.CharField(max_length=8)
    month = peewee.CharField(max_length=7)  # "2026-12"
    invitation = peewee.ForeignKeyField(SurveyInvitation, null=True, unique=True, on_delete="SET NULL")

    class Meta:
        table_name = "survey_response"


class SurveyAnswer(MainModel):
    response = peewee.ForeignKeyField(SurveyResponse, backref="answers", on_delete="CASCADE")
    question = peewee.ForeignKeyField(SurveyQuestion, on_delete="CASCADE")
    scale = peewee.IntegerField(null=True)
    text = peewee.TextField(default="")

    class Meta:
        table_name = "survey_answer"


class PublishedResult(MainModel):
    """A course's published figures as counted on a day (the page shows the latest): counts of people,
    never a person. A figure about fewer than MIN_GROUP people is stored as None."""

    course = peewee.ForeignKeyField(Course, on_delete="CASCADE")
    as_of = peewee.DateField()
    since = peewee.DateField()
    respondents = peewee.IntegerField(null=True)
    satisfied = peewee.IntegerField(null=True)
    people = peewee.IntegerField(null=True)
    finished = peewee.IntegerField(null=True)
    certified = peewee.IntegerField(null=True)

    class Meta:
        table_name = "published_result"
        indexes = ((("course", "as_of"), True),)


class ImprovementAction(MainModel):
    """A change made to the offer and what led to it: a complaint, survey results, an analytics finding."""

    title = peewee.CharField(max_length=160)
    source = peewee.CharField(max_length=16)  # complaint, survey, analytics, other
    finding = peewee.TextField()  # what was found
    change = peewee.TextField(default="")  # what changed
    course = peewee.ForeignKeyField(Course, null=True, on_delete="SET NULL")
    decided_on = peewee.DateField()
    done_on = peewee.DateField(null=True)
    created_by = peewee.UUIDField()

    class Meta:
        table_name = "improvement_action"


class Complaint(MainModel):
    """A complaint (réclamation) filed from the learner space or the public page, in the staff's register
    until answered."""

    account_id = peewee.UUIDField(index=True, null=True)  # None: filed from the public page
    # Someone without an account (a funder, an employer…): her name and address are a vault requester's.
    requester_id = peewee.UUIDField(null=True, index=True)
    filed_as = peewee.CharField(max_length=16, default="learner")  # improvement.wording.FILED_AS
    course = peewee.ForeignKeyField(Course, null=True, on_delete="SET NULL")
    subject = peewee.CharField(max_length=160)
    body = peewee.TextField()
    received_on = peewee.DateField()
    due_on = peewee.DateField()
    answer = peewee.TextField(default="")
    answered_on = peewee.DateField(null=True)
    answered_by = peewee.UUIDField(null=True)
    action = peewee.ForeignKeyField(ImprovementAction, null=True, backref="complaints", on_delete="SET NULL")

    class Meta:
        table_name = "complaint"
