"""The BPF figures of a calendar year (cerfa 10443): trainees and trainee-hours by type (F-1), by funder,
by objective (F-3) and by speciality (F-4), income by source (C) and the certification rate.

Hours count in the year they were attended, income in the year of the invoice. The figures are
aggregates with no person in them, and the official form asks for exact counts and hours: staff get
them exact. A breakdown meant to be shared outside (`shared=True`) suppresses the cells of fewer than
three trainees, with their hours, so that no one can be singled out. Accounts whose processing is
restricted are left out, as the privacy center promises.
"""
from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import peewee

from portal.archive import service as archive
from portal.attendance.service import hours
from portal.certificates.models import Certificate
from portal.documents import french, spreadsheet
from portal.funding.models import FundingFile
from portal.invoicing.models import Invoice
from portal.invoicing.service import year_prefix
from portal.learning.models import Course, Enrollment, Lesson, Module, TimeOnTask, TrainingSession
from portal.privacy.standing import unrestricted
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
FUNDERS = {"opco": "OPCO", "france_travail": "France Travail", "employer": "Employeur (plan de développement)",
           "cpf": "CPF", "self": "Particulier (financement personnel)", "region": "Région", "other": "Autre"}
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
        return [self.section, self.category, self.trainees, hours(self.seconds)]


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


def report(year: int) -> Report:
    start, end = date(year, 1, 1), date(year, 12, 31)
    seconds_query = (TimeOnTask.select(TimeOnTask.account_id, Module.course, peewee.fn.SUM(TimeOnTask.seconds))
                     .join(Lesson).join(Module)
                     .where(TimeOnTask.day.between(start, end))
                     .group_by(TimeOnTask.account_id, Module.course))
    seconds = {(a, c): int(s or 0) for a, c, s in unrestricted(seconds_query, TimeOnTask.account_id).tuples()}
    enrollments = list(unrestricted(
        Enrollment.select(Enrollment, TrainingSession, Course).join(TrainingSession).join(Course)
        .where((TrainingSession.starts_on <= end) & (TrainingSession.ends_on >= start)), Enrollment.account_id))
    # Files of finished trainings are in the legal archive once settled; the BPF still counts them.
    files = archive.funder_types([e.id for e in enrollments])
    files.update({f.enrollment_id: f.funder_type
                  for f in FundingFile.select(FundingFile.enrollment, FundingFile.funder_type)})
    statuses = professional_statuses(list({e.account_id for e in enrollments}))
    groups: dict[tuple[str, str], dict[uuid.UUID, int]] = defaultdict(dict)
    for e in enrollments:
        spent = seconds.get((e.account_id, e.session.course_id), 0)
        course = e.session.course
        for section, category in (
            ("F-1", TRAINEE_TYPES.get(statuses.get(e.account_id, ""), OTHER_TYPE)),
            ("F-1 dont à distance", TRAINEE_TYPES.get(statuses.get(e.account_id, ""), OTHER_TYPE)),
            ("Financeur", FUNDERS.get(files.get(e.id, e.funding), "Autre")),
            ("F-3", _objective(course)),
            ("F-4", f"NSF {course.nsf_code}"),
            ("Total", "Ensemble des stagiaires"),
        ):
            groups[(section, category)][e.account_id] = groups[(section, category)].get(e.account_id, 0) + spent
    cells = [Cell(section, category, len(people), sum(people.values()))
             for (section, category), people in sorted(groups.items())]
    income: dict[str, int] = defaultdict(int)
    operational = (Invoice.select(Invoice.payer_type, peewee.fn.SUM(Invoice.total_cents))
                   .where(Invoice.year == year).group_by(Invoice.payer_type).tuples())
    # A closed year's invoices have moved to the legal archive: its totals count too.
    for payer_type, total in [*operational, *archive.invoice_totals(year_prefix(year)).items()]:
        income[INCOME[payer_type]] += int(total or 0)
    finished = {(e.account_id, e.session.course_id) for e in enrollments if e.session.ends_on <= end}
    certified = {(c.account_id, c.course_id) for c in Certificate.select(Certificate.account_id, Certificate.course)
                 .where(Certificate.issued_at.year == year)}
    return Report(year, cells, dict(income), len(certified & finished), len(finished))


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
