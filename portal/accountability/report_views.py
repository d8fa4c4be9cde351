"""/dpo/rapport: the quarterly security report, for any quarter (kept ones as they were built); the page and
its PDF say the same lines, from report.shown."""
from __future__ import annotations

from flask import Response, abort, request
from wtforms import SelectChoice

from portal.accountability import report
from portal.accountability.forms import QuarterForm
from portal.accountability.journal_views import bp
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


@bp.route("/rapport.pdf")
def security_report_pdf():
    """The same report, as a PDF to file or send (kept ones as they were built)."""
    form = QuarterForm(request.args)
    form.trimestre.choices = [SelectChoice(q, report.quarter_label(q))
                              for q in report.quarters_to_show(paris_today())]
    if not request.args.get("trimestre"):
        form.trimestre.data = report.quarter_to_open(paris_today())
    elif not form.validate():
        abort(404)
    quarter = form.trimestre.data
    return Response(report.pdf(report.shown(quarter)), mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="rapport-securite-{quarter}.pdf"'})
