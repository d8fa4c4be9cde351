"""/gestion/statistiques: the BPF of a year, on screen and as CSV."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, request
from flask_babel import gettext as _

from portal.access import roles_required
from portal.documents import spreadsheet
from portal.errors import render_error
from portal.pages import Page
from portal.stats import bpf, snapshot
from portal.timeutil import paris_today

bp = Blueprint("stats", __name__, url_prefix="/gestion/statistiques")


@bp.before_request
@roles_required("staff")
def staff_only():
    return None


def _year() -> tuple[int, str | None]:
    today = paris_today()
    # Until the filing deadline (30 April) the BPF being prepared is last year's; then the current one.
    default = today.year - 1 if today.month <= 4 else today.year
    raw = request.args.get("annee", "")
    if not raw:
        return default, None
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        return default, _("Indiquez une année sur quatre chiffres, entre 2000 et 2100.")
    return int(raw), None


def _shared() -> bool:
    """The breakdown meant to be shared outside the provider: small cells suppressed."""
    return request.args.get("diffusion") == "externe"


@bp.route("")
def page():
    year, wrong_year = _year()
    if wrong_year:
        return BPF.refuse(wrong_year, year)
    return BPF.show(year)


def _bpf(year: int) -> dict:
    found = snapshot.counted(year)
    return {"report": found.report, "counted_at": found.counted_at, "shared": _shared(), "small": bpf.SMALL_CELL,
            "mark": bpf.SUPPRESSED, "shown": bpf.shown,
            "fresh_minutes": current_app.config["BPF_FRESH_SECONDS"] // 60}


BPF = Page("stats/bpf.html", _bpf)


@bp.route("/bpf.csv")
def csv_file():
    year, error = _year()
    if error:
        return render_error(400, error)
    dialect = spreadsheet.dialect_named(request.args.get("format"))
    # Each version its own name: the exact figures and the shared ones must never overwrite one another.
    version = "diffusion-externe" if _shared() else "chiffres-exacts"
    layout = "-simple" if dialect is not spreadsheet.FRENCH else ""
    return Response(bpf.as_csv(snapshot.counted(year).report, dialect, shared=_shared()),
                    mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="bpf-{year}-{version}{layout}.csv"'})
