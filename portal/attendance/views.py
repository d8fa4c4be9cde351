"""/gestion/releves/<enrolment>: the relevé de réalisation for a period, as a page, CSV and PDF, and the
certificat de réalisation."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, request
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import roles_required
from portal.accounts.service import account_or_none
from portal.attendance import service
from portal.documents import spreadsheet
from portal.errors import render_error
from portal.learning.models import Enrollment
from portal.pages import Page, found_or_404
from portal.standing.service import GroundRequired, restricted_since
from portal.textfold import file_slug
from portal.timeutil import paris_today
from portal.vault.audit import Actor

bp = Blueprint("attendance", __name__, url_prefix="/gestion/releves")


@bp.before_request
@roles_required("staff")
def staff_only():
    return None


def _enrollment(enrollment_id: int) -> Enrollment:
    return found_or_404(service.enrollment_with_course(enrollment_id))


def _period(enrollment: Enrollment) -> tuple[date, date, str | None]:
    session = enrollment.session
    days = service.followed_days(enrollment, paris_today())
    if days.end < days.start and not (request.args.get("du") or request.args.get("au")):
        return days.start, days.start, None  # not begun: its first day, nothing done yet (the page says so)
    try:
        start = date.fromisoformat(request.args.get("du") or days.start.isoformat())
        end = date.fromisoformat(request.args.get("au") or days.end.isoformat())
    except ValueError:
        return days.start, session.ends_on, _("Dates attendues au format AAAA-MM-JJ.")
    if end < start:
        return days.start, session.ends_on, _("La fin de la période doit suivre son début.")
    return start, end, None


@bp.route("/<int:enrollment_id>")
def statement_page(enrollment_id: int):
    enrollment = _enrollment(enrollment_id)
    start, end, wrong_period = _period(enrollment)
    if wrong_period:
        return STATEMENT.refuse(wrong_period, enrollment, start, end)
    return STATEMENT.show(enrollment, start, end)


def _statement(enrollment: Enrollment, start: date, end: date, *, ground_refused: bool = False) -> dict:
    """ground_refused: a document was asked for without the legal ground her restriction requires; the
    refusal is then read in the restriction's notice, beside the ground's field, not at the page's top."""
    statement = service.statement(enrollment, start, end)
    return {"s": statement, "learner": account_or_none(enrollment.account_id),
            "when": service.when, "restricted_on": restricted_since(enrollment.account_id),
            "ground_refused": ground_refused, "rounding_note": service.ROUNDING_NOTE,
            "not_begun": enrollment.session.starts_on > paris_today(),
            "certificate_refused": service.certificate_refusal(statement, paris_today())}


STATEMENT = Page("attendance/statement.html", _statement)


def _document(enrollment_id: int, kind: str):
    enrollment = _enrollment(enrollment_id)
    start, end, error = _period(enrollment)
    if error:
        return render_error(400, error)
    statement = service.statement(enrollment, start, end)
    actor = Actor(current_user.id, current_user.role)
    # Whose (the enrolment: one person in one session), which document, which period, which version: two
    # downloads never share a name.
    stem = f"{kind}-{enrollment.id}-{file_slug(enrollment.session.title)}-{start:%Y%m%d}-{end:%Y%m%d}"
    if kind == "releve-csv":
        dialect = spreadsheet.dialect_named(request.args.get("format"))
        version = "simple" if dialect is not spreadsheet.FRENCH else "tableur"
        return Response(service.as_csv(statement, dialect), mimetype="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{stem}-{version}.csv"'})
    ground = request.args.get("motif", "")[:300]
    try:
        if kind == "releve":
            body = service.statement_pdf(statement, service.holder(enrollment, actor, "relevé de réalisation", ground))
        else:
            service.certified_period(statement, paris_today())  # refused before anyone's identity is read
            body = service.completion_certificate_pdf(
                statement, service.holder(enrollment, actor, "certificat de réalisation", ground), paris_today())
    except GroundRequired as refusal:
        return STATEMENT.refuse(refusal, enrollment, start, end, ground_refused=True)
    except service.CertificateRefused as refusal:
        return STATEMENT.refuse(refusal, enrollment, start, end)
    return Response(body, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{stem}.pdf"'})


@bp.route("/<int:enrollment_id>/releve.pdf")
def statement_pdf(enrollment_id: int):
    return _document(enrollment_id, "releve")


@bp.route("/<int:enrollment_id>/releve.csv")
def statement_csv(enrollment_id: int):
    return _document(enrollment_id, "releve-csv")


@bp.route("/<int:enrollment_id>/certificat-de-realisation.pdf")
def completion_certificate(enrollment_id: int):
    return _document(enrollment_id, "certificat")
