"""The BPF figures of a calendar year (cerfa 10443): trainees and trainee-hours by type (F-1), by funder,
by objective (F-3) and by speciality (F-4), income by source (C) and the certification rate.

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
from datetime import date
from decimal import Decimal

import peewee
from flask import current_app

from portal import db
from portal.certificates.models import Certificate
from portal.documents import french, spreadsheet
from portal.funding.models import FundingFile
from portal.invoicing.models import Invoice
from portal.learning.models import Course, Enrollment, Lesson, Module, TimeOnTask, TrainingSession
from portal.learning.wording import FUNDING_WORDS
from portal.stats.models import ClosedYear, IncomeFact, TraineeFact
from portal.timeutil import decimal_hours
from portal.vault.service import professional_statuses

SMALL_CELL = 3
SUPPRESSED = "<3"  # a count of trainees below three
HIDDEN = "masqué"  # their hours, or a rate over them: "<3" would read as under three hours, or 3 %

TRAINEE_TYPES = {
    "salarie": "F-1 a. Salariés d'employeurs privés (hors apprentis)",
    "apprenti": "F-1 b. Apprentis",
    "demandeur_emploi": "F-1 c. Personnes en recherche d'emploi",
    "particulier": "F-1 d. Particuliers à leurs propres frais",
}
OTHER_TYPE = "F-1 e. Autres stagiaires"
FUNDERS = FUNDING_WORDS
INCOME = {"learner": "C. Particuliers à leurs propres frais",
          "employer": "C. Entreprises pour la formation de leurs salariés",
          "funder": "C. Organismes financeurs (OPCO, France Travail, régions…)"}


@dataclass(frozen=True)
class Cell:
    section: str
    category: str
    trainees: int
    seconds: int

    @property
    def suppressed(self) -> bool:
        """Too small to be shared outside."""
        return 0 < self.trainees < SMALL_CELL

    def row(self, shared: bool = False) -> list:
        if shared and self.suppressed:
            return [self.section, self.category, SUPPRESSED, HIDDEN]
        return [self.section, self.category, self.trainees, decimal_hours(self.seconds)]


@dataclass(frozen=True)
class Report:
    year: int
    cells: list[Cell]
    income: dict[str, int]  # category -> cents, net of credit notes
    certified: int
    finished: int

    @property
    def certification_rate(self) -> str:
        if not self.finished:
            return "-"
        return f"{french.decimal(Decimal(100 * self.certified) / self.finished, 1)} %"

    def shared_certification_rate(self) -> str:
        return HIDDEN if self.finished < SMALL_CELL else self.certification_rate


def _objective(course: Course) -> str:
    if course.nature == "bilan de compétences":
        return "F-3 Bilan de compétences"
    if course.nature == "VAE":
        return "F-3 Validation des acquis de l'expérience"
    code = (course.rncp_code or "").upper()
    if code.startswith("RNCP"):
        return "F-3 Diplôme ou titre inscrit au RNCP"
    if code.startswith("RS"):
        return "F-3 Certification inscrite au répertoire spécifique"
    return "F-3 Autre formation professionnelle"


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


def reference(account_id: uuid.UUID, enrollment_id: int, year: int) -> str:
    """The same line, whether written when the year closes or when its trainee is erased: written once."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"bpf:{account_id}:{enrollment_id}:{year}".encode(), hashlib.sha256).hexdigest()


def live_lines(year: int, account_id: uuid.UUID | None = None) -> list[TraineeLine]:
    """The year's lines from the working database (one person's when account_id is given). Restricted
    trainees are counted: the statement is a legal obligation and names no one."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    mine = (lambda field: field == account_id) if account_id else (lambda field: True)
    seconds = {(a, c): int(s or 0) for a, c, s in (
        TimeOnTask.select(TimeOnTask.account_id, Module.course, peewee.fn.SUM(TimeOnTask.seconds)).join(Lesson)
        .join(Module).where(TimeOnTask.day.between(start, end) & mine(TimeOnTask.account_id))
        .group_by(TimeOnTask.account_id, Module.course).tuples())}
    enrollments = list(Enrollment.select(Enrollment, TrainingSession, Course).join(TrainingSession).join(Course)
                       .where((TrainingSession.starts_on <= end) & (TrainingSession.ends_on >= start)
                              & mine(Enrollment.account_id)))
    files = {f.enrollment_id: f.funder_type for f in FundingFile.select(FundingFile.enrollment, FundingFile.funder_type)
             .where(FundingFile.enrollment.in_([e.id for e in enrollments] or [0]))}
    statuses = professional_statuses(list({e.account_id for e in enrollments}))
    certified = {(c.account_id, c.course_id) for c in Certificate.select(Certificate.account_id, Certificate.course)
                 .where((Certificate.issued_at.year == year) & mine(Certificate.account_id))}
    return [TraineeLine(reference(e.account_id, e.id, year), statuses.get(e.account_id, ""),
                        files.get(e.id, e.funding), _objective(e.session.course), e.session.course.nsf_code,
                        seconds.get((e.account_id, e.session.course_id), 0), e.session.ends_on <= end,
                        e.session.ends_on <= end and (e.account_id, e.session.course_id) in certified)
            for e in enrollments]


def _fact_lines(year: int) -> list[TraineeLine]:
    return [TraineeLine(f.reference, f.trainee_type, f.funder, f.objective, f.nsf_code, f.seconds, f.finished,
                        f.certified) for f in TraineeFact.select().where(TraineeFact.year == year)]


def live_income(year: int, account_id: uuid.UUID | None = None) -> dict[str, tuple[str, int]]:
    """number -> (payer type, cents) of the year's invoices and credit notes still in the working database."""
    query = Invoice.select(Invoice.number, Invoice.payer_type, Invoice.total_cents).where(Invoice.year == year)
    if account_id is not None:
        query = query.where(Invoice.account_id == account_id)
    return {number: (payer, cents) for number, payer, cents in query.tuples()}


def is_closed(year: int) -> bool:
    return ClosedYear.select().where(ClosedYear.year == year).exists()


def report(year: int) -> Report:
    """A closed year from its facts alone; an open one from the working database, plus the facts kept
    of trainees erased since (their lines and invoices are no longer there)."""
    facts = _fact_lines(year)
    income_facts = {f.number: (f.payer_type, f.cents) for f in IncomeFact.select().where(IncomeFact.year == year)}
    if is_closed(year):
        lines, invoices = facts, income_facts
    else:
        lines = live_lines(year)
        live = {line.reference for line in lines}
        lines += [line for line in facts if line.reference not in live]
        invoices = {**income_facts, **live_income(year)}
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for line in lines:
        trainee = TRAINEE_TYPES.get(line.trainee_type, OTHER_TYPE)
        funder = str(FUNDERS.get(line.funder, FUNDERS["other"]))
        for section, category in (("F-1", trainee), ("F-1 dont à distance", trainee), ("Financeur", funder),
                                  ("F-3", line.objective),
                                  ("F-4", f"NSF {line.nsf_code}"), ("Total", "Ensemble des stagiaires")):
            groups[(section, category)].append(line.seconds)
    cells = [Cell(section, category, len(spent), sum(spent)) for (section, category), spent in sorted(groups.items())]
    income: dict[str, int] = defaultdict(int)
    for payer_type, cents in invoices.values():
        income[INCOME[payer_type]] += int(cents or 0)
    finished = [line for line in lines if line.finished]
    return Report(year, cells, dict(income), sum(1 for line in finished if line.certified), len(finished))


def _write_lines(year: int, lines: list[TraineeLine]) -> None:
    for line in lines:
        TraineeFact.insert(reference=line.reference, year=year, trainee_type=line.trainee_type, funder=line.funder,
                           objective=line.objective, nsf_code=line.nsf_code, seconds=line.seconds,
                           finished=line.finished, certified=line.certified).on_conflict_ignore().execute()


def _write_income(year: int, invoices: dict[str, tuple[str, int]]) -> None:
    for number, (payer_type, cents) in invoices.items():
        IncomeFact.insert(number=number, year=year, payer_type=payer_type, cents=cents).on_conflict_ignore().execute()


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


# The order of the form's frames: income first (C), then trainees by type (F-1), by objective (F-3), by
# speciality (F-4); the funder breakdown and the total help staff check the form.
FRAMES = ("F-1", "F-1 dont à distance", "F-3", "F-4", "Financeur", "Total")
CSV_HEADERS = ["Cadre", "Ligne", "Nombre de stagiaires", "Heures-stagiaires", "Montant HT (€)"]


def as_csv(r: Report, dialect: spreadsheet.Dialect = spreadsheet.FRENCH, shared: bool = False) -> str:
    """The figures in the form's layout, one line per line of the form."""
    rows: list[list] = [CSV_HEADERS]
    rows += [["C", category, "", "", (Decimal(cents) / 100).quantize(Decimal("0.01"))]
             for category, cents in sorted(r.income.items())]
    order = {frame: index for index, frame in enumerate(FRAMES)}
    for cell in sorted(r.cells, key=lambda c: (order.get(c.section, len(FRAMES)), c.category)):
        rows.append([*cell.row(shared), ""])
    rate = r.shared_certification_rate() if shared else r.certification_rate
    rows.append(["Certification", "Taux de stagiaires certifiés", "", rate, ""])
    return spreadsheet.write(rows, dialect)
