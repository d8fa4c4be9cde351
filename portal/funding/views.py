"""/gestion/financements: the funding file of each enrolment."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from portal.access import roles_required
from portal.accounts.names import display_names
from portal.certificates.current import current_for
from portal.formtools import WebForm
from portal.funding import service
from portal.funding.forms import DetailsForm, DocumentForm, ListFilterForm, MoveForm, OpenFileForm, UploadForm
from portal.funding.models import DOCUMENT_KINDS, FUNDER_TYPES, NEXT
from portal.funding.wording import DOCUMENT_LABELS, FUNDER_LABELS, PROFESSIONAL_LABELS
from portal.invoicing import service as invoicing
from portal.learning import lookups, membership
from portal.pages import GROUND_ASKED, Page, found_or_404
from portal.paging import page_number
from portal.standing.service import GroundRequired, restricted_among
from portal.timeutil import paris_today
from portal.vault.audit import Actor

bp = Blueprint("funding", __name__, url_prefix="/gestion/financements")

@bp.before_request
@roles_required("staff")
def staff_only():
    return None


def _actor() -> Actor:
    return Actor(current_user.id, current_user.role)


@bp.route("")
def files():
    form = ListFilterForm(request.args)
    form.formation.choices = [SelectChoice("", _("Toutes")),
                              *(SelectChoice(str(i), title) for i, title in lookups.course_choices())]
    form.validate()
    return FILES.show(form)


def _files(filters: ListFilterForm) -> dict:
    """The funding files, filtered (refused filters are said beside them, not applied)."""
    valid = not filters.errors
    listed = service.overview(filters.filters() if valid else service.ListFilters(), page_number(request.args))
    return {"listed": listed, "names": display_names(e.account_id for e, _file in listed.rows),
            "restricted": restricted_among(e.account_id for e, _file in listed.rows), "label": service.label,
            "funders": FUNDER_LABELS, "filters": filters, "active_filters": filters.active_filters(),
            "chosen_session": lookups.session_with_course(filters.session.data if valid else None)}


FILES = Page("funding/list.html", _files)


@bp.route("/ouvrir/<int:enrollment_id>", methods=["POST"])
def open_file(enrollment_id: int):
    form = OpenFileForm()  # its token is checked before the view (CSRFProtect); the ground may be empty
    try:
        file = service.open_file_by_staff(enrollment_id, _actor(), form.motif.data or "")
    except GroundRequired as refusal:
        return GROUND_ASKED.refuse(refusal, _("Ouvrir le dossier"))
    except service.FundingRefused as refusal:
        flash(str(refusal), "error")
        return redirect(url_for("funding.files"))
    return redirect(url_for("funding.file", file_id=file.id))


def _file(file, details: DetailsForm | None = None) -> dict:
    """A funding file, and its actions' forms, empty: a refused one's words go to the page's top (details: the
    file's details as typed and refused, given back with each error beside its field)."""
    ground = request.values.get("motif", "")[:300]
    try:
        person, restricted = service.holder(file, _actor(), ground), None
    except GroundRequired as refusal:
        # Her file is shown without her identity until a legal ground is given (art. 18).
        person, restricted = {}, refusal.message
    changes = service.status_changes_of(file)
    documents = service.documents_by_kind(file)
    return {"file": file, "person": person, "changes": changes, "documents": documents,
            "own": _portal_documents(file, ground if restricted is None else ""),
            "contract": service.contract_signature(file.enrollment_id),
            "granted": service.granted(file),
            "upload": UploadForm(formdata=None), "next_statuses": NEXT[file.status],
            "label": service.label, "funders": FUNDER_LABELS, "document_kinds": DOCUMENT_KINDS,
            "document_labels": DOCUMENT_LABELS, "pro_statuses": service.PROFESSIONAL_STATUSES,
            "pro_labels": PROFESSIONAL_LABELS, "funder_types": FUNDER_TYPES, "restriction_notice": restricted,
            "ground": ground, "details": details}


FILE = Page("funding/file.html", _file)


def _portal_documents(file, ground: str) -> dict[str, str]:
    """The documents the portal makes itself, by kind: a link each, never « manquante ». ground: the legal
    ground a restricted person's file was opened with, which her documents printed from it carry (each print
    journaled with it); without it, each link asks for it."""
    enrollment = file.enrollment
    given = {"motif": ground} if ground else {}
    own = {"attendance_statement": url_for("attendance.statement_pdf", enrollment_id=enrollment.id, **given),
           "completion_certificate": url_for("attendance.completion_certificate", enrollment_id=enrollment.id,
                                             **given)}
    if enrollment.status == membership.ACTIVE:  # a person no longer in the session is no longer convened to it
        own["convocation"] = url_for("enrolments.convocation", enrollment_id=enrollment.id, **given)
    own["programme"] = url_for("funding.programme", file_id=file.id)
    if file.funder_type != "self":  # she who pays it all herself has her training contract instead
        own["agreement"] = url_for("funding.convention", file_id=file.id, **given)
    certificate = current_for(enrollment.account_id, enrollment.session.course_id)
    if certificate is not None:
        own["attestation"] = url_for("certificates.staff_download", code=certificate.code, **given)
    invoices = invoicing.of_enrollment(enrollment.id)
    if invoices:
        own["invoice"] = url_for("invoicing.staff_pdf", number=invoices[0].number, **given)
    return own


@bp.route("/<int:file_id>")
def file(file_id: int):
    return FILE.show(found_or_404(service.file_with_enrollment(file_id)))


def _act(file_id: int, form: WebForm, action, done: str | None = None) -> tuple | object:
    """done: what the flash says was done (by default, that the file was saved)."""
    file = found_or_404(service.file_with_enrollment(file_id))
    if not form.validate():
        return FILE.refuse(None, file, on=form)
    try:
        action(file)
    except service.FundingRefused as refusal:
        return FILE.refuse(refusal, found_or_404(service.file_with_enrollment(file_id)))
    flash(done or _("Dossier enregistré."), "success")
    return redirect(url_for("funding.file", file_id=file_id))


@bp.route("/<int:file_id>", methods=["POST"])
def save(file_id: int):
    form = DetailsForm()
    file = found_or_404(service.file_with_enrollment(file_id))
    if not form.validate():
        return FILE.refuse(None, file, details=form, on=form)
    details = service.FileDetails(form.funder_type.data or "", form.funder_name.data or "",
                                  form.case_number.data or "", form.professional_status.data or "",
                                  form.employer.data or "", form.payer_address.data or "",
                                  form.payer_siren.data or "")
    try:
        service.save_details(file, details)
    except service.FundingRefused as refusal:
        return FILE.refuse(refusal, found_or_404(service.file_with_enrollment(file_id)), details=form, on=form)
    flash(_("Dossier enregistré."), "success")
    return redirect(url_for("funding.file", file_id=file_id))


@bp.route("/<int:file_id>/statut", methods=["POST"])
def move(file_id: int):
    form = MoveForm()
    return _act(file_id, form, lambda file: service.move(file, form.status.data or "", current_user.id,
                                                         form.note.data or ""),
                _("Dossier passé à « %(s)s ».", s=service.label(form.status.data or "")))


@bp.route("/<int:file_id>/pieces", methods=["POST"])
def add_document(file_id: int):
    form = DocumentForm()
    return _act(file_id, form, lambda file: service.add_document(file, form.kind.data or "",
                                                                 form.reference.data or "", current_user.id))


@bp.route("/<int:file_id>/fichiers", methods=["POST"])
def attach(file_id: int):
    form = UploadForm()
    limit = current_app.config["FUNDING_DOCUMENT_MAX_BYTES"]

    def store(file) -> None:
        upload = form.document.data
        try:
            content = upload.read(limit + 1)  # one byte more than allowed is enough to refuse it
        finally:
            upload.close()  # a large upload is spooled to a temporary file: closed now, not at collection
        service.attach_document(file, form.kind.data or "", content, limit, _actor())
    return _act(file_id, form, store)


def _pdf(printed) -> Response:
    return Response(printed.content, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{printed.filename}"', "Cache-Control": "private, no-store"})


@bp.route("/<int:file_id>/convention.pdf")
def convention(file_id: int):
    file = found_or_404(service.file_with_enrollment(file_id))
    try:
        return _pdf(service.convention(file, _actor(), request.args.get("motif", "")[:300], paris_today()))
    except GroundRequired as refusal:
        return GROUND_ASKED.refuse(refusal, _("Télécharger la convention (PDF)"))


@bp.route("/<int:file_id>/programme.pdf")
def programme(file_id: int):
    return _pdf(service.programme(found_or_404(service.file_with_enrollment(file_id))))


@bp.route("/<int:file_id>/fichiers/<kind>")
def document(file_id: int, kind: str):
    file = found_or_404(service.file_with_enrollment(file_id))
    download = found_or_404(service.read_document(file, kind, _actor()))
    return Response(download.content, mimetype=download.content_type, headers={
        "Content-Disposition": f'attachment; filename="{download.filename}"', "Cache-Control": "private, no-store"})
