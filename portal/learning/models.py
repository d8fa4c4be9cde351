"""Courses, their calendar and what each learner did: main zone, learners known by UUID only."""
from __future__ import annotations

import peewee

from portal.db import MainModel
from portal.timeutil import utcnow

NATURES = ("action de formation", "bilan de compétences", "VAE", "action de formation par apprentissage")
LESSON_KINDS = ("video", "pdf", "text", "quiz", "bouquet")
# Who funds an enrolment: the one list, which the staff enrol form and the funding file's funder type offer
# alike (funding.models.FUNDER_TYPES is this list).
FUNDING_TYPES = ("opco", "france_travail", "employer", "cpf", "self", "region", "other")
QUESTION_KINDS = ("single", "multiple", "text")


class Course(MainModel):
    slug = peewee.CharField(max_length=80, unique=True)
    title = peewee.CharField(max_length=160)
    objectives = peewee.TextField()
    description = peewee.TextField(default="")
    duration_hours = peewee.DecimalField(max_digits=6, decimal_places=1)
    nature = peewee.CharField(max_length=48, default=NATURES[0])
    nsf_code = peewee.CharField(max_length=8)
    rncp_code = peewee.CharField(max_length=24, null=True)
    prerequisites = peewee.TextField(default="")
    price_cents = peewee.IntegerField()
    level = peewee.CharField(max_length=16, default="fondamental")
    # Bumped when objectives or duration change: a certificate is issued once per version.
    version = peewee.IntegerField(default=1)
    published = peewee.BooleanField(default=True)
    created_at = peewee.DateTimeField(default=utcnow)
    updated_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "course"


class Module(MainModel):
    course = peewee.ForeignKeyField(Course, backref="modules", on_delete="CASCADE")
    position = peewee.IntegerField()
    title = peewee.CharField(max_length=160)
    theme = peewee.CharField(max_length=48)
    summary = peewee.TextField(default="")

    class Meta:
        table_name = "module"
        indexes = ((("course", "position"), False),)


class Lesson(MainModel):
    module = peewee.ForeignKeyField(Module, backref="lessons", on_delete="CASCADE")
    position = peewee.IntegerField()
    title = peewee.CharField(max_length=160)
    kind = peewee.CharField(max_length=16)
    # French law (D6313-3-1) requires the expected duration of each distance activity.
    expected_minutes = peewee.IntegerField()
    body = peewee.TextField(default="")  # Markdown: the text lesson, or the introduction of others
    video_path = peewee.CharField(max_length=255, null=True)
    video_low_path = peewee.CharField(max_length=255, null=True)
    poster_path = peewee.CharField(max_length=255, null=True)
    captions_path = peewee.CharField(max_length=255, null=True)
    transcript = peewee.TextField(default="")
    document_path = peewee.CharField(max_length=255, null=True)  # PDF, under <instance>/media
    pass_mark = peewee.IntegerField(default=70)  # percent, quizzes
    max_attempts = peewee.IntegerField(null=True)

    class Meta:
        table_name = "lesson"
        indexes = ((("module", "position"), False),)


class Question(MainModel):
    lesson = peewee.ForeignKeyField(Lesson, backref="questions", on_delete="CASCADE")
    position = peewee.IntegerField()
    kind = peewee.CharField(max_length=8)
    prompt = peewee.TextField()
    explanation = peewee.TextField(default="")
    # Short-text questions: accepted answers, one a line, compared without case or accents.
    accepted_answers = peewee.TextField(default="")

    class Meta:
        table_name = "question"


class Choice(MainModel):
    question = peewee.ForeignKeyField(Question, backref="choices", on_delete="CASCADE")
    position = peewee.IntegerField()
    label = peewee.CharField(max_length=300)
    correct = peewee.BooleanField(default=False)

    class Meta:
        table_name = "choice"


class TrainingSession(MainModel):
    course = peewee.ForeignKeyField(Course, backref="sessions", on_delete="RESTRICT")
    title = peewee.CharField(max_length=120)
    starts_on = peewee.DateField(index=True)
    ends_on = peewee.DateField()
    seats = peewee.IntegerField(null=True)  # how many may be enrolled at once; None: no limit

    class Meta:
        table_name = "training_session"


class ModuleRelease(MainModel):
    session = peewee.ForeignKeyField(TrainingSession, backref="releases", on_delete="CASCADE")
    module = peewee.ForeignKeyField(Module, on_delete="CASCADE")
    release_on = peewee.DateField()

    class Meta:
        table_name = "module_release"
        indexes = ((("session", "module"), True),)


class SessionTrainer(MainModel):
    session = peewee.ForeignKeyField(TrainingSession, backref="trainers", on_delete="CASCADE")
    account_id = peewee.UUIDField(index=True)

    class Meta:
        table_name = "session_trainer"
        indexes = ((("session", "account_id"), True),)


class Enrollment(MainModel):
    account_id = peewee.UUIDField()
    session = peewee.ForeignKeyField(TrainingSession, backref="enrollments", on_delete="RESTRICT")
    funding = peewee.CharField(max_length=16)
    status = peewee.CharField(max_length=16, default="active")
    enrolled_at = peewee.DateTimeField(default=utcnow)
    # The day the training's contract and attendance proof moved to the legal archive (its end + sweep).
    records_archived_on = peewee.DateField(null=True)
    enrolled_by = peewee.UUIDField(null=True)  # the staff member who enrolled her; None: she enrolled herself
    # No longer active (withdrawn, or transferred to another session of the course): when, by whom, why.
    ended_at = peewee.DateTimeField(null=True)
    ended_by = peewee.UUIDField(null=True)
    end_note = peewee.TextField(default="")
    transferred_to = peewee.ForeignKeyField("self", null=True, on_delete="SET NULL", backref="transferred_from")
    # Transferred out: JSON {lesson id: seconds} of her time on the transfer day up to its instant (time on task
    # is kept per day; membership splits that day with it). None: not transferred, or before migration 102.
    last_day_seconds = peewee.TextField(null=True)
    # No lesson opens before this day, whatever the session's calendar (a person paying herself: the day after
    # her ten days to withdraw, unless she asked to start at once). None: the calendar alone.
    opens_from = peewee.DateField(null=True)

    class Meta:
        table_name = "enrollment"
        indexes = ((("account_id", "session"), True),)


class LessonProgress(MainModel):
    account_id = peewee.UUIDField()
    lesson = peewee.ForeignKeyField(Lesson, on_delete="CASCADE")
    position_seconds = peewee.IntegerField(default=0)
    completed_at = peewee.DateTimeField(null=True)
    updated_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "lesson_progress"
        indexes = ((("account_id", "lesson"), True),)


class QuizAttempt(MainModel):
    account_id = peewee.UUIDField()
    lesson = peewee.ForeignKeyField(Lesson, on_delete="CASCADE")
    submitted_at = peewee.DateTimeField(default=utcnow)
    score = peewee.IntegerField()  # percent
    passed = peewee.BooleanField()
    answers = peewee.TextField()  # JSON: question id -> given answer and whether it was right
    sent_key = peewee.CharField(max_length=32, null=True)  # the answering page's key: sent twice, graded once

    class Meta:
        table_name = "quiz_attempt"
        indexes = ((("account_id", "submitted_at"), False), (("account_id", "lesson"), False),
                   (("account_id", "lesson", "sent_key"), True))


class ViewBeat(MainModel):
    """The last heartbeat of one lesson view: a beat is credited once, in order, never twice."""

    view_id = peewee.CharField(max_length=32, primary_key=True)
    account_id = peewee.UUIDField()
    lesson = peewee.ForeignKeyField(Lesson, on_delete="CASCADE")
    last_seq = peewee.IntegerField(default=0)
    last_beat_at = peewee.DateTimeField()
    late_seconds = peewee.IntegerField(default=0)  # credited from beats queued offline, at most the planned time

    class Meta:
        table_name = "view_beat"


class TimeOnTask(MainModel):
    account_id = peewee.UUIDField()
    lesson = peewee.ForeignKeyField(Lesson, on_delete="CASCADE")
    day = peewee.DateField()
    seconds = peewee.IntegerField(default=0)

    class Meta:
        table_name = "time_on_task"
        indexes = ((("account_id", "lesson", "day"), True),)


class LearningEvent(MainModel):
    """An xAPI-shaped record; the single source for history, export and attendance proofs."""

    account_id = peewee.UUIDField()
    verb = peewee.CharField(max_length=120)  # verb IRI
    object_iri = peewee.CharField(max_length=255)
    lesson = peewee.ForeignKeyField(Lesson, null=True, on_delete="SET NULL")
    course = peewee.ForeignKeyField(Course, null=True, on_delete="SET NULL")
    result = peewee.TextField(null=True)  # JSON, xAPI result object
    duration_seconds = peewee.IntegerField(null=True)
    timestamp = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "learning_event"
        indexes = ((("account_id", "timestamp"), False),)


class CalendarFeed(MainModel):
    """The secret of a learner's calendar subscription address (/calendrier/<token>.ics): a calendar app
    fetches it without signing in, so the address carries no name and no account id, only this random
    token, which she can replace (the old address stops working) or remove."""

    token = peewee.CharField(max_length=64, primary_key=True)
    account_id = peewee.UUIDField(unique=True)
    created_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "calendar_feed"
