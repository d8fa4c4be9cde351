"""What the reminders remember: content changes to announce, and the nudges sent to learners who
stopped (the provider's record of drop-out prevention)."""
from __future__ import annotations

import peewee

from portal.db import MainModel
from portal.learning.models import Course, Enrollment, Lesson
from portal.timeutil import utcnow


class CourseUpdate(MainModel):
    course = peewee.ForeignKeyField(Course, on_delete="CASCADE")
    lesson = peewee.ForeignKeyField(Lesson, null=True, on_delete="SET NULL")
    title = peewee.CharField(max_length=160)  # the lesson's title when it changed
    kind = peewee.CharField(max_length=16)  # added, updated
    created_at = peewee.DateTimeField(default=utcnow)
    announced_at = peewee.DateTimeField(null=True, index=True)

    class Meta:
        table_name = "course_update"


class DropoutNudge(MainModel):
    account_id = peewee.UUIDField(index=True)
    enrollment = peewee.ForeignKeyField(Enrollment, on_delete="CASCADE")
    last_activity_at = peewee.DateTimeField()  # the enrolment date when nothing was ever done
    sent_on = peewee.DateField()

    class Meta:
        table_name = "dropout_nudge"
        indexes = ((("enrollment", "last_activity_at"), True),)
