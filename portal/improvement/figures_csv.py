"""A lesson table as a CSV for a spreadsheet: the same figures as the page, the hidden ones in words."""
from __future__ import annotations

from flask_babel import gettext as _

from portal.documents import spreadsheet
from portal.improvement.lesson_figures import Report
from portal.improvement.minimum_group import Figure
from portal.improvement.wording import TOO_FEW
from portal.learning.wording import lesson_kind


def _cell(figure: Figure, places: int = 0) -> object:
    if not figure.shown:
        return str(TOO_FEW)
    return round(float(figure.value), places) if places else round(float(figure.value))


def as_csv(report: Report, dialect: spreadsheet.Dialect) -> str:
    head = [_("Module"), _("Leçon"), _("Type"), _("Durée prévue (min)"), _("Ont commencé"), _("Ont terminé"),
            _("Part des personnes ayant terminé (%)"), _("Temps médian (min)"), _("S'arrêtent à cette leçon")]
    rows: list[list[object]] = [head]
    if not report.group.shown:
        rows.append([str(TOO_FEW)])
    for row in report.lessons:
        finished_share = (Figure(100 * row.finished_share.value, row.finished_share.people)
                          if row.finished_share.value is not None else row.finished_share)
        rows.append([row.lesson.module_title, row.lesson.title, lesson_kind(row.lesson.kind),
                     row.lesson.expected_minutes, _cell(row.started), _cell(row.finished), _cell(finished_share),
                     _cell(row.median_minutes, 1), _cell(row.stopped_here)])
    return spreadsheet.write(rows, dialect)
