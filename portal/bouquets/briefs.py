"""The exercises (briefs) of a bouquet lesson: written by staff or a trainer, read by the player and the workshop."""
from __future__ import annotations

import uuid

from flask_babel import lazy_gettext as _l

from portal import db
from portal.bouquets.drafts import WorkshopRefused
from portal.bouquets.models import Brief
from portal.learning import membership
from portal.learning.models import Lesson, Module, TrainingSession


def create_brief(lesson: Lesson, data: dict, created_by: uuid.UUID) -> Brief:
    if lesson.kind != "bouquet":
        raise WorkshopRefused(_l("Une commande s'attache à une leçon « exercice de bouquet »."))
    with db.atomic():
        return Brief.create(
            lesson=lesson.id, title=data["title"], occasion=data["occasion"], budget_cents=data["budget_euros"] * 100,
            harmony=data["harmony"], month=data["month"], style=data["style"],
            vase_height_cm=data["vase_height_cm"] or None, local_season=bool(data["local_season"]),
            created_by=created_by,
        )


def trainer_lessons(trainer_id: uuid.UUID) -> list[Lesson]:
    """Bouquet exercises of the courses whose sessions this trainer runs."""
    return list(
        Lesson.select(Lesson, Module).join(Module)
        .join(TrainingSession, on=(TrainingSession.course == Module.course))
        .where(TrainingSession.id.in_(membership.sessions_taught_by(trainer_id)) & (Lesson.kind == "bouquet"))
        .distinct().order_by(Lesson.id)
    )


def briefs_of(lesson: Lesson) -> list[Brief]:
    """The customer orders of a bouquet exercise, in the order they were written."""
    return list(Brief.select().where(Brief.lesson == lesson.id).order_by(Brief.id))
