"""A learner's calendar: what opens when in the sessions she follows, as a page and as an iCalendar file
her phone's calendar can import (RFC 5545, written by the icalendar library)."""
from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from portal.learning import membership
from portal.learning.models import Course, Enrollment, Module, ModuleRelease, TrainingSession
from portal.learning.outline import opening_date

SESSION_STARTS, MODULE_OPENS, SESSION_ENDS = "session_starts", "module_opens", "session_ends"


@dataclass(frozen=True)
class CalendarEntry:
    day: date
    kind: str
    title: str  # the module's or the session's
    course_title: str
    session_id: int
    course_slug: str = ""
    module_id: int | None = None
    position: int = 0  # the module's place in its course: modules opening the same day are listed in that order

    @property
    def uid(self) -> str:
        return f"{self.kind}-{self.session_id}-{self.module_id or 0}@petale"


def learner_calendar(account_id: uuid.UUID) -> list[CalendarEntry]:
    """Every dated step of her active enrolments, in date order (a day's modules by their position): the
    session's first day, each module's opening (by the outline's own rule, session by session) and the last
    day."""
    enrollments = list(Enrollment.select(Enrollment.opens_from, TrainingSession, Course).join(TrainingSession)
                       .join(Course).where(membership.active_enrollment(account_id)))
    sessions = [e.session for e in enrollments]
    opens_from = {e.session.id: e.opens_from for e in enrollments}
    if not sessions:
        return []
    releases: dict[int, dict[int, date]] = {}
    for release in ModuleRelease.select().where(ModuleRelease.session.in_([s.id for s in sessions])):
        releases.setdefault(release.session_id, {})[release.module_id] = release.release_on
    modules = list(Module.select().where(Module.course.in_({s.course_id for s in sessions}))
                   .order_by(Module.position))
    entries = []
    for session in sessions:
        course, slug = session.course.title, session.course.slug
        entries.append(CalendarEntry(session.starts_on, SESSION_STARTS, session.title, course, session.id, slug))
        for module in modules:
            if module.course_id == session.course_id:
                opens = opening_date([(session.starts_on, releases.get(session.id, {}), opens_from[session.id])],
                                     module.id)
                entries.append(CalendarEntry(opens, MODULE_OPENS, module.title, course, session.id, slug, module.id,
                                             module.position))
        entries.append(CalendarEntry(session.ends_on, SESSION_ENDS, session.title, course, session.id, slug))
    order = {SESSION_STARTS: 0, MODULE_OPENS: 1, SESSION_ENDS: 2}
    return sorted(entries, key=lambda e: (e.day, order[e.kind], e.course_title, e.session_id, e.position, e.title))


def as_ical(entries: list[CalendarEntry], summaries: dict[str, str], name: str,
            link: Callable[[CalendarEntry], str] | None = None) -> bytes:
    """All-day events; `summaries` words each kind in the reader's language ("%(title)s" placeholders);
    `link` gives each event the address of its page (the calendar app shows it with the event)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Pétale//calendrier de formation//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = datetime.now(UTC).replace(microsecond=0)
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.day)
        event.add("dtend", entry.day + timedelta(days=1))
        event.add("summary", summaries[entry.kind] % {"title": entry.title, "course": entry.course_title})
        event.add("transp", "TRANSPARENT")
        if link is not None:
            event.add("url", link(entry))
            event.add("description", link(entry))  # many calendar apps show only the description
        calendar.add_component(event)
    return calendar.to_ical()
