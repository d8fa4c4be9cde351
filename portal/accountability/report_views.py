"""/dpo/rapport: the quarterly security report, for any quarter (kept ones as they were built); the page and
its PDF say the same lines, from report.shown."""
from __future__ import annotations

from flask import Response, abort, request
from wtforms import SelectChoice

from portal.accountability import report
from portal.accountability.forms import QuarterForm
from portal.accountability.journal_views import bp
from portal.documents import spreadsheet
from portal.pages import Page
from portal.timeutil import paris_today


@bp.route("/rapport")
def security_report():
    today = paris_today()
    form = QuarterForm(request.args)
    form.trimestre.choices = [SelectChoice(q, report.quarter_label(q)) for q in report.quarters_to_show(today)]
    if not request.args.get("trimestre"):
        form.trimestre.data = report.quarter_to_open(today)
    elif not form.validate():
        return REPORT.show(form, None)
    return REPORT.show(form, form.trimestre.data)


def _report(form: QuarterForm, quarter: str | None) -> dict:
    """A quarter's report as the page and its PDF say it; none when the quarter asked was refused."""
    return {"form": form, "report": report.shown(quarter) if quarter else None}


REPORT = Page("accountability/report.html", _report)


def _quarter_asked() -> str:
    """The quarter a download names (the page's, by default); an unknown one is not found."""
    form = QuarterForm(request.args)
    form.trimestre.choices = [SelectChoice(q, report.quarter_label(q))
                              for q in report.quarters_to_show(paris_today())]
    if not request.args.get("trimestre"):
        return report.quarter_to_open(paris_today())
    if not form.validate():
        abort(404)
    return form.trimestre.data


@bp.route("/rapport.pdf")
def security_report_pdf():
    """The same report, as a PDF to file or send (kept ones as they were built)."""
    quarter = _quarter_asked()
    return Response(report.pdf(report.shown(quarter)), mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="rapport-securite-{quarter}.pdf"'})


@bp.route("/rapport-demandes.csv")
def security_report_csv():
    """Every request of the quarter, one per row, as a spreadsheet (the report sums up a long list)."""
    quarter = _quarter_asked()
    return Response(report.requests_csv(quarter, spreadsheet.dialect_named(request.args.get("format"))),
                    mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="demandes-{quarter}.csv"'})
