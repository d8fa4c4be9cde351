"""What reminders hold about a person: the nudges sent when she stopped following a session."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.learning.models import Course, Enrollment, TrainingSession
from portal.personal_data.registry import CONTRACT, Declaration, Person
from portal.personal_data.table import BY_KEY
from portal.reminders.models import DropoutNudge


def _held(person: Person) -> list[tuple[str, str]]:
    count = DropoutNudge.select().where(DropoutNudge.account_id == person.account_id).count()
    return [(str(_l("Relances d'assiduité")), str(count))]


def _exported(person: Person) -> dict:
    return {"dropout_nudges": [
        {"course": n.enrollment.session.course.title, "last_activity_at": n.last_activity_at.isoformat(),
         "sent_on": n.sent_on.isoformat()}
        for n in DropoutNudge.select(DropoutNudge, Enrollment, TrainingSession, Course)
        .join(Enrollment).join(TrainingSession).join(Course).where(DropoutNudge.account_id == person.account_id)]}


def _erase(person: Person) -> None:
    DropoutNudge.delete().where(DropoutNudge.account_id == person.account_id).execute()


DECLARATIONS = (
    Declaration(
        roles=("learner",),
        key="reminders.nudges", topic="personalisation", label=_l("Relances d'assiduité"),
        models=(DropoutNudge,), retention=BY_KEY["pedagogical"], basis=CONTRACT,
        purpose=_l("Vous rappeler votre formation quand vous ne l'avez pas suivie depuis un moment, une fois "
                   "par période d'absence."),
        while_restricted=_l("Aucune relance pendant la limitation ; celles déjà envoyées sont conservées."),
        held=_held, export=_exported, erase=_erase),
)
