"""Attendance stores nothing of its own: its statements are worked out from learning's time on task.
Declared all the same, because what it issues from them (the relevés a funder asks for) is a record of
the policy's table ("Justificatifs de présence"), which the person sees, exports and finds archived."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from portal.attendance import service as attendance
from portal.formatting import hours, time_spent
from portal.i18n import FrenchWithin
from portal.learning.models import Enrollment
from portal.learning.personal_data import enrollments_of
from portal.personal_data.registry import LEGAL, Declaration, Person, iso
from portal.personal_data.table import BY_KEY
from portal.timeutil import decimal_hours, paris_today


@dataclass(frozen=True)
class Attended:
    enrollment: Enrollment
    statement: attendance.Statement


def attended(person: Person, today: date | None = None) -> list[Attended]:
    """Each enrolment's attendance statement over the days it answers for (attendance.followed_days)."""
    today = today or paris_today()
    return [Attended(e, attendance.statement(e, days.start, days.end))
            for e in enrollments_of(person.account_id) if e.session.starts_on <= today
            for days in (attendance.followed_days(e, today),)]


def _held(person: Person) -> list[tuple[str, str]]:
    return [(FrenchWithin(_l("Temps de formation : %(c)s"), c=a.enrollment.session.course.title),
             str(_l("%(spent)s (%(hours)s)", spent=time_spent(a.statement.seconds),
                    hours=hours(a.statement.seconds)))) for a in attended(person)]


def _exported(person: Person) -> dict:
    return {"administrative": {"attendance": [
        {"course": a.enrollment.session.course.title, "session": a.enrollment.session.title,
         "from": iso(a.statement.start), "to": iso(a.statement.end),
         "hours": str(decimal_hours(a.statement.seconds)), "active_days": a.statement.active_days,
         "progress_percent": a.statement.progress_percent}
        for a in attended(person)]}}


def _files(person: Person) -> list:
    who = {"full_name": person.full_name, "employer": None}
    return [(f"documents/releve-{a.enrollment.id}.pdf", attendance.statement_pdf(a.statement, who))
            for a in attended(person)]


DECLARATIONS = (
    Declaration(
        roles=("learner",),
        key="attendance.statements", topic="administrative", label=_l("Relevés de réalisation"), models=(),
        retention=BY_KEY["attendance"], basis=LEGAL,
        purpose=_l("Justifier auprès de vos financeurs les heures de formation réellement suivies."),
        while_restricted=_l("Établis seulement pour une obligation envers un financeur, avec le motif noté."),
        held=_held, export=_exported, files=_files),
)
