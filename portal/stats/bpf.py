"""The BPF figures of a calendar year (cerfa 10443), line by line of the form (portal.stats.cerfa): income
by origin (C), trainees and trainee-hours by type (F-1), by objective (F-3) and by NSF speciality (F-4),
and the certification rate.

Hours count in the year they were attended, income in the year of the invoice. The figures are
aggregates with no person in them, and the official form asks for exact counts and hours: staff get
them exact. A breakdown meant to be shared outside (`shared=True`) suppresses the cells of fewer than
three trainees, with their hours, so that no one can be singled out. Trainees whose processing is
restricted are counted, like everyone else: the statement is a legal obligation and names no one. A year
is closed by the retention sweep in January (its figures are then kept as anonymous facts, before its
invoices leave for the archive), and a trainee erased during an open year leaves her facts behind.
"""
from __future__ import annotations

import hashlib
import hmac
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property

import peewee
from flask import current_app

from portal import db
from portal.certificates.models import Certificate
from portal.documents import french, spreadsheet
from portal.funding.models import FundingFile
from portal.invoicing.models import Invoice
from portal.learning import membership
from portal.learning.models import Course, Enrollment, Lesson, Module, SessionTrainer, TimeOnTask, TrainingSession
from portal.stats import cerfa, nsf
from portal.stats.models import ClosedYear, IncomeFact, TraineeFact
from portal.timeutil import decimal_hours
from portal.vault.service import professional_statuses

SMALL_CELL = 3
SUPPRESSED = "<3"  # a count of trainees below three
HIDDEN = "masqué"  # their hours, or a rate over them: "<3" would read as under three hours, or 3 %
TO_FILL = "à compléter"  # a figure of the form the portal does not hold


@dataclass(frozen=True)
class Cell:
    """One line of the form's frames F and G: trainees and their hours."""
    line: cerfa.FormLine
    trainees: int
    seconds: int

    @property
    def frame(self) -> str:
        return self.line.frame

    @property
    def code(self) -> str:
        return self.line.code

    @property
    def suppressed(self) -> bool:
        """Too small to be shared outside."""
        return 0 < self.trainees < SMALL_CELL

    def row(self, mask: str | None = None) -> list:
        """The form's row; `mask` (masks()) hides its figures in the version shared outside."""
        head = [self.frame, shown(self.line), self.line.label]
        if mask == SUPPRESSED:
            return [*head, SUPPRESSED, HIDDEN]
        if mask == HIDDEN:
            return [*head, HIDDEN, HIDDEN]
        return [*head, self.trainees, decimal_hours(self.seconds)]


# The frames whose lines add up to their total: a cell masked alone there is its total minus the others.
SUMMED_FRAMES = ("F-1", "F-3", "F-4")
PART_OF_TOTAL = "distance"  # « dont … à distance »: a part of the total, masked with it


def masks(cells: list[Cell]) -> dict[tuple[str, str], str]:
    """(frame, code) -> how the version shared outside masks it. A cell of fewer than three trainees is
    suppressed (SUPPRESSED); then, in each frame whose lines add up to a total, while the masked lines hold
    fewer than three trainees together they could be computed back from the total and the lines shown:
    the next smallest line shown is masked too (HIDDEN), or the total when no line is left (secondary
    suppression)."""
    found = {(c.frame, c.code): SUPPRESSED for c in cells if c.suppressed}
    for frame in SUMMED_FRAMES:
        lines = [c for c in cells if c.frame == frame and c.code not in ("total", PART_OF_TOTAL)]
        masked = [c for c in lines if (frame, c.code) in found]
        shown_lines = sorted((c for c in lines if c not in masked and c.trainees),
                             key=lambda c: (c.trainees, c.seconds))
        while masked and sum(c.trainees for c in masked) < SMALL_CELL:
            if not shown_lines:
                found.setdefault((frame, "total"), HIDDEN)
                break
            masked.append(shown_lines.pop(0))
            found[(frame, masked[-1].code)] = HIDDEN
        if (frame, "total") in found and any(c.frame == frame and c.code == PART_OF_TOTAL for c in cells):
            found.setdefault((frame, PART_OF_TOTAL), found[(frame, "total")])
    return found


@dataclass(frozen=True)
class Amount:
    """One line of frame C: income excluding VAT, net of credit notes."""
    line: cerfa.FormLine
    cents: int


def shown(line: cerfa.FormLine) -> str:
    """The line's number as the form prints it: « 2 a », « 4 », « a », « Total », « 211 »."""
    words = {"total": "Total", "distance": "dont", "autres": "Autres"}
    if line.code in words:
        return words[line.code]
    if line.frame == "C" and line.code[-1].isalpha():
        return f"{line.code[:-1]} {line.code[-1]}"
    return line.code


@dataclass(frozen=True)
class Report:
    year: int
    cells: list[Cell]  # frames F-1, F-2, F-3, F-4 and G, in the form's order
    income: list[Amount]  # frame C, each line in the form's order, the subtotal 2 and the total included
    trainers: int  # people assigned to train a session running in the year (frame E is completed by hand)
    certified: int
    finished: int

    @property
    def certification_rate(self) -> str:
        if not self.finished:
            return "-"
        return f"{french.decimal(Decimal(100 * self.certified) / self.finished, 1)} %"

    def shared_certification_rate(self) -> str:
        return HIDDEN if self.finished < SMALL_CELL else self.certification_rate

    def cell(self, frame: str, code: str) -> Cell:
        return next(c for c in self.cells if c.frame == frame and c.code == code)

    @cached_property
    def masks(self) -> dict[tuple[str, str], str]:
        """What the version shared outside masks (masks())."""
        return masks(self.cells)

    def row(self, cell: Cell, shared: bool = False) -> list:
        """A cell's row, exact or as shared outside."""
        return cell.row(self.masks.get((cell.frame, cell.code)) if shared else None)

    def amount(self, code: str) -> int:
        return next(a.cents for a in self.income if a.line.code == code)


@dataclass(frozen=True)
class TraineeLine:
    """What one enrolment counts for in one year's BPF, and nothing that names the trainee."""
    reference: str
    trainee_type: str
    funder: str
    objective: str
    nsf_code: str
    seconds: int
    finished: bool
    certified: bool
    # False: an enrolment a transfer left, within the same year as the one she moved to. A transfer is one
    # training path: its trainee is counted once, on the line of the path's latest enrolment of the year,
    # and each line of the path keeps the hours of its own days only (membership's stretches).
    counted: bool = True


def reference(account_id: uuid.UUID, enrollment_id: int, year: int) -> str:
    """The same line, whether written when the year closes or when its trainee is erased: written once."""
    return hmac.new(_reference_key(), f"bpf:{account_id}:{enrollment_id}:{year}".encode(), hashlib.sha256).hexdigest()


def _reference_key() -> bytes:
    return current_app.config["SECRET_KEY"].encode()


def live_lines(year: int, account_id: uuid.UUID | None = None, *, references: bool = True) -> list[TraineeLine]:
    """The year's lines from the working database (one person's when account_id is given). Restricted
    trainees are counted: the statement is a legal obligation and names no one. Without `references`, the
    lines are only counted: their reference (a keyed hash each) is left empty."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    mine = (lambda field: field == account_id) if account_id else (lambda field: True)
    # Raw rows, as the database gives them: a provider's year is thousands of enrolments and tens of thousands
    # of days of work, each counted, none shown (an account id is compared as stored, never parsed).
    seconds = {(_key(a), c): int(s or 0) for a, c, s in db.main_db.execute(
        TimeOnTask.select(TimeOnTask.account_id, Module.course, peewee.fn.SUM(TimeOnTask.seconds)).join(Lesson)
        .join(Module).where(TimeOnTask.day.between(start, end) & mine(TimeOnTask.account_id))
        .group_by(TimeOnTask.account_id, Module.course)).fetchall()}
    enrollments = db.main_db.execute(
        Enrollment.select(Enrollment.id, Enrollment.account_id, Enrollment.funding, TrainingSession.course,
                          TrainingSession.ends_on, FundingFile.funder_type, Enrollment.status,
                          Enrollment.transferred_to, Enrollment.session)
        .join(TrainingSession).switch(Enrollment)
        .join(FundingFile, peewee.JOIN.LEFT_OUTER, on=(FundingFile.enrollment == Enrollment.id))
        .where((TrainingSession.starts_on <= end) & (TrainingSession.ends_on >= start)
               & mine(Enrollment.account_id))).fetchall()
    courses = {c.id: c for c in Course.select(Course.id, Course.nature, Course.rncp_code, Course.nsf_code)}
    statuses = {account.hex: status for account, status in professional_statuses(
        [uuid.UUID(_key(row[1])) for row in enrollments] if len(enrollments) <= db.MANY_KEYS else None).items()}
    certified = {(c.account_id.hex, c.course_id) for c in Certificate.select(Certificate.account_id, Certificate.course)
                 .where((Certificate.issued_at.year == year) & mine(Certificate.account_id))}
    paths = _paths_of(enrollments, year)
    unpathed = _unpathed_seconds(enrollments, paths, seconds)
    end_text = end.isoformat()
    lines = []
    for enrollment_id, raw_account, funding, course, ends_on, file_funder, status, *_ in enrollments:
        account = _key(raw_account)
        path = paths.get(enrollment_id)
        spent = path.seconds if path else unpathed.get(enrollment_id, 0)
        # A trainee is one who was trained in the year (the cerfa's « stagiaires ayant suivi une formation »),
        # once per action: an enrolment with no time in the year (made today, or a session not begun) counts
        # nobody; a transfer path counts its trainee once, on its latest enrolment of the year.
        counted = path.counted if path else spent > 0
        # A path she was transferred out of goes on in a later session: not finished in this year.
        finished = counted and str(ends_on)[:10] <= end_text and status != membership.TRANSFERRED
        lines.append(TraineeLine(
            reference(uuid.UUID(account), enrollment_id, year) if references else "", statuses.get(account, ""),
            file_funder or funding, cerfa.objective_line(courses[course].nature, courses[course].rncp_code),
            courses[course].nsf_code, spent, finished,
            finished and (account, course) in certified, counted))
    return lines


@dataclass(frozen=True)
class _OnPath:
    """An enrolment of the year that is part of a transfer path (it was left, or a transfer led to it)."""
    counted: bool  # the path's latest enrolment of the year: its trainee is counted on this line
    seconds: int  # her time on the course on this enrolment's own days of the year


def _paths_of(rows: list, year: int) -> dict[int, _OnPath]:
    """The year's enrolments joined by transfers, by id (the others are absent). Each day of the year counts
    once: up to the day she left a session for the enrolment she left, after it for the one she moved to
    (membership.FollowedDays.stretches, the rule of her relevé), the year's last of the path taking the rest."""
    by_id = {row[0]: row for row in rows}
    moved = {row[0]: row[7] for row in rows if row[6] == membership.TRANSFERRED and row[7] in by_id}
    latest = set(moved.values()) - set(moved)  # each path's last enrolment among the year's
    if not latest:
        return {}
    start, end = date(year, 1, 1), date(year, 12, 31)
    enrollments = list(Enrollment.select(Enrollment, TrainingSession).join(TrainingSession)
                       .where(Enrollment.id.in_(list(latest))))
    daily: dict[tuple[str, int], dict[date, int]] = defaultdict(dict)
    for account, course, day, spent in (
            TimeOnTask.select(TimeOnTask.account_id, Module.course, TimeOnTask.day, peewee.fn.SUM(TimeOnTask.seconds))
            .join(Lesson).join(Module)
            .where(TimeOnTask.day.between(start, end)
                   & TimeOnTask.account_id.in_([e.account_id for e in enrollments]))
            .group_by(TimeOnTask.account_id, Module.course, TimeOnTask.day).tuples()):
        daily[(_key(account), course)][day] = int(spent or 0)
    found: dict[int, _OnPath] = {}
    for last, days in membership.followed_days_of(enrollments, end).items():
        spent = daily.get((_key(by_id[last][1]), by_id[last][3]), {})
        earlier = {by_id[e][8]: e for e in moved if _last_of(e, moved) == last}  # session id -> enrolment
        left = start - timedelta(days=1)
        for stretch, first, until in days.stretches(start, end):
            if stretch.session.id in earlier:
                found[earlier[stretch.session.id]] = _OnPath(False, _between(spent, first, until))
            left = max(left, until)
        found[last] = _OnPath(True, _between(spent, left + timedelta(days=1), end))
    return found


def _unpathed_seconds(rows: list, paths: dict[int, _OnPath], seconds: dict[tuple[str, int], int]) -> dict[int, int]:
    """The year's time of enrolments outside any transfer path, by id. Her time belongs to the course, not to
    an enrolment: when she has several in one course in the year (withdrawn then enrolled again, or two
    sessions), it is counted once, on the latest, less what a transfer path of that course already took."""
    taken: dict[tuple[str, int], int] = defaultdict(int)
    latest: dict[tuple[str, int], int] = {}
    for enrollment_id, raw_account, _, course, *_ in rows:
        key = (_key(raw_account), course)
        if enrollment_id in paths:
            taken[key] += paths[enrollment_id].seconds
        else:
            latest[key] = max(latest.get(key, enrollment_id), enrollment_id)
    return {enrollment_id: max(seconds.get(key, 0) - taken[key], 0) for key, enrollment_id in latest.items()}


def _last_of(enrollment_id: int, moved: dict[int, int]) -> int:
    while enrollment_id in moved:
        enrollment_id = moved[enrollment_id]
    return enrollment_id


def _between(daily: dict[date, int], first: date, last: date) -> int:
    return sum(seconds for day, seconds in daily.items() if first <= day <= last)


def _key(stored) -> str:
    """An account id as stored (a UUID, or its hex text on SQLite), as hex text."""
    return stored.hex if isinstance(stored, uuid.UUID) else str(stored).replace("-", "")


def _fact_lines(year: int) -> list[TraineeLine]:
    return [TraineeLine(f.reference, f.trainee_type, f.funder, f.objective, f.nsf_code, f.seconds, f.finished,
                        f.certified, f.counted) for f in TraineeFact.select().where(TraineeFact.year == year)]


def live_income(year: int, account_id: uuid.UUID | None = None) -> dict[str, tuple[str, int, str]]:
    """number -> (payer type, cents, line of frame C) of the year's invoices and credit notes still in the
    working database. The line reads who funds the enrolment (its funding file, else what the learner said
    at enrolment) and the trainee's status (an OPCO pays an apprentice under her contract)."""
    query = (Invoice.select(Invoice.number, Invoice.payer_type, Invoice.total_cents, Invoice.account_id,
                            Enrollment.funding, FundingFile.funder_type)
             .join(Enrollment, peewee.JOIN.LEFT_OUTER)
             .join(FundingFile, peewee.JOIN.LEFT_OUTER, on=(FundingFile.enrollment == Enrollment.id))
             .where(Invoice.year == year))
    if account_id is not None:
        query = query.where(Invoice.account_id == account_id)
    rows = db.main_db.execute(query).fetchall()  # raw: thousands of invoices, only summed
    statuses = {account.hex: status for account, status in professional_statuses(
        [uuid.UUID(_key(row[3])) for row in rows] if len(rows) <= db.MANY_KEYS else None).items()}
    return {number: (payer, cents, cerfa.income_line(payer, file_funder or funding or "",
                                                     statuses.get(_key(account), "")))
            for number, payer, cents, account, funding, file_funder in rows}


def trainers_of(year: int) -> int:
    """How many people were assigned to train a session running in the year."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    return (SessionTrainer.select(SessionTrainer.account_id).join(TrainingSession)
            .where((TrainingSession.starts_on <= end) & (TrainingSession.ends_on >= start))
            .distinct().count())


def is_closed(year: int) -> bool:
    return ClosedYear.select().where(ClosedYear.year == year).exists()


def report(year: int) -> Report:
    """A closed year from its facts alone; an open one from the working database, plus the facts kept
    of trainees erased since (their lines and invoices are no longer there)."""
    facts = _fact_lines(year)
    income_facts = {f.number: (f.payer_type, f.cents, f.line or cerfa.PAYER_LINES.get(f.payer_type, "2h"))
                    for f in IncomeFact.select().where(IncomeFact.year == year)}
    if is_closed(year):
        lines, invoices = facts, income_facts
    else:
        # The facts of trainees erased since: their references tell them from the live lines.
        lines = live_lines(year, references=bool(facts))
        live = {line.reference for line in lines}
        lines += [line for line in facts if line.reference not in live]
        # A fact wins over the live row of its invoice: an erased trainee's unpaid invoice stays in the working
        # database as a claim, its enrolment and funding file gone, which no longer say its line.
        invoices = {**live_income(year), **income_facts}
    finished = [line for line in lines if line.finished]
    return Report(year, _trainee_cells(lines), _income(invoices.values()), trainers_of(year),
                  sum(1 for line in finished if line.certified), len(finished))


def _trainee_cells(lines: list[TraineeLine]) -> list[Cell]:
    """Frames F and G: every line of the form, with its trainees and hours (zero when none)."""
    groups: dict[tuple[str, str], list[tuple[bool, int]]] = defaultdict(list)
    for line in lines:
        for frame, code in (("F-1", cerfa.trainee_line(line.trainee_type, line.funder)), ("F-1", "total"),
                            # every course of the portal is followed online, wholly or partly
                            ("F-1", "distance"),
                            ("F-3", line.objective), ("F-3", "total"),
                            ("F-4", nsf.group(line.nsf_code)), ("F-4", "total")):
            groups[(frame, code)].append((line.counted, line.seconds))

    def summed(form_line: cerfa.FormLine, spent: list[tuple[bool, int]]) -> Cell:
        return Cell(form_line, sum(1 for counted, _ in spent if counted), sum(seconds for _, seconds in spent))

    def cell(form_line: cerfa.FormLine, code: str | None = None) -> Cell:
        return summed(form_line, groups.get((form_line.frame, code or form_line.code), []))

    specialities = sorted((summed(cerfa.FormLine("F-4", code, nsf.label(code)), spent)
                           for (frame, code), spent in groups.items() if frame == "F-4" and code != "total"),
                          key=lambda c: (-c.seconds, -c.trainees, c.code))
    main, others = specialities[:cerfa.SPECIALITY_COUNT], specialities[cerfa.SPECIALITY_COUNT:]
    return [
        *(cell(line) for line in cerfa.TRAINEE_LINES),
        Cell(cerfa.SUBCONTRACTED_LINE, 0, 0),  # the portal's provider entrusts no training to another one
        *(cell(line) for line in cerfa.OBJECTIVE_LINES),
        *main,
        Cell(cerfa.OTHER_SPECIALITIES, sum(c.trainees for c in others), sum(c.seconds for c in others)),
        cell(cerfa.SPECIALITY_TOTAL),
        Cell(cerfa.ENTRUSTED_LINE, 0, 0),  # nor does it take trainees from another provider
    ]


def _income(invoices) -> list[Amount]:
    """Frame C: each line's income, the fund managers' subtotal (2) and the total (1 to 11)."""
    by_line: dict[str, int] = defaultdict(int)
    for _payer, cents, line in invoices:
        by_line[line] += int(cents or 0)
    by_line["2"] = sum(by_line[code] for code in cerfa.FUND_MANAGERS)
    by_line["total"] = sum(by_line[code] for code in cerfa.INCOME_CODES)
    return [Amount(line, by_line[line.code]) for line in cerfa.INCOME_LINES]


def _write_lines(year: int, lines: list[TraineeLine]) -> None:
    for line in lines:
        TraineeFact.insert(reference=line.reference, year=year, trainee_type=line.trainee_type, funder=line.funder,
                           objective=line.objective, nsf_code=line.nsf_code, seconds=line.seconds,
                           finished=line.finished, certified=line.certified,
                           counted=line.counted).on_conflict_ignore().execute()


def _write_income(year: int, invoices: dict[str, tuple[str, int, str]]) -> None:
    for number, (payer_type, cents, line) in invoices.items():
        IncomeFact.insert(number=number, year=year, payer_type=payer_type, cents=cents,
                          line=line).on_conflict_ignore().execute()


def keep_facts_of(account_id: uuid.UUID) -> None:
    """Before a trainee is erased: her lines and invoices of the years not closed yet, as facts."""
    years = {e.session.starts_on.year for e in Enrollment.select(Enrollment, TrainingSession).join(TrainingSession)
             .where(Enrollment.account_id == account_id)}
    years |= {e.session.ends_on.year for e in Enrollment.select(Enrollment, TrainingSession).join(TrainingSession)
              .where(Enrollment.account_id == account_id)}
    years |= {row.year for row in Invoice.select(Invoice.year).where(Invoice.account_id == account_id)}
    for year in sorted(y for y in years if not is_closed(y)):
        with db.atomic():
            _write_lines(year, live_lines(year, account_id))
            _write_income(year, live_income(year, account_id))


def close_years(as_of: date) -> int:
    """Each year before as_of's with activity and not closed yet: all its lines and invoices become facts,
    before the invoices' clock moves them to the archive. Returns how many years were closed."""
    years = {row.year for row in Invoice.select(Invoice.year).where(Invoice.year < as_of.year).distinct()}
    years |= {row.day.year for row in TimeOnTask.select(TimeOnTask.day).where(
        TimeOnTask.day < date(as_of.year, 1, 1)).distinct()}
    years |= {s.ends_on.year for s in TrainingSession.select(TrainingSession.ends_on).where(
        TrainingSession.ends_on < date(as_of.year, 1, 1))}
    closed = 0
    for year in sorted(years):
        if is_closed(year):
            continue
        with db.atomic():
            _write_lines(year, live_lines(year))
            _write_income(year, live_income(year))
            ClosedYear.create(year=year)
        closed += 1
    return closed


CSV_HEADERS = ["Cadre", "Ligne", "Libellé", "Nombre", "Heures", "Montant HT (€)"]


def as_csv(r: Report, dialect: spreadsheet.Dialect = spreadsheet.FRENCH, shared: bool = False) -> str:
    """The figures in the form's order, one line per line of the form, with its number and wording."""
    rows: list[list] = [CSV_HEADERS]
    rows += [["C", shown(a.line), a.line.label, "", "", (Decimal(a.cents) / 100).quantize(Decimal("0.01"))]
             for a in r.income]
    rows += [["E", shown(line), line.label, TO_FILL, TO_FILL, ""] for line in cerfa.TRAINER_LINES]
    rows += [[*r.row(cell, shared), ""] for cell in r.cells]
    rate = r.shared_certification_rate() if shared else r.certification_rate
    rows.append(["Indicateur", "", "Taux de stagiaires ayant obtenu l'attestation de réussite (hors formulaire ; une "
                 "attestation n'est pas une certification RNCP ou RS)", "", rate, ""])
    return spreadsheet.write(rows, dialect)
