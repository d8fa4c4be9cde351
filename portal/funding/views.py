"""/gestion/financements: the funding file of each enrolment."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm

from portal.accounts.access import roles_required
from portal.accounts.names import display_names
from portal.formtools import first_error
from portal.funding import service
from portal.funding.forms import DetailsForm, DocumentForm, MoveForm
from portal.funding.models import DOCUMENT_KINDS, FUNDER_TYPES, NEXT
from portal.vault.audit import Actor

bp = Blueprint("funding", __name__, url_prefix="/gestion/financements")

FUNDER_LABELS = {"opco": "OPCO", "france_travail": "France Travail",
                 "employer": _l("Employeur (plan de développement)"), "cpf": "CPF",
                 "self": _l("Particulier (financement personnel)"), "region": _l("Région"), "other": _l("Autre")}
DOCUMENT_LABELS = {"convention": _l("Convention ou contrat"), "programme": _l("Programme"),
                   "positionnement": _l("Analyse du besoin et positionnement"), "convocation": _l("Convocation"),
                   "reglement": _l("Règlement intérieur"), "releve": _l("Relevé de réalisation"),
                   "certificat_realisation": _l("Certificat de réalisation"),
                   "attestation": _l("Attestation de fin de formation"), "facture": _l("Facture"),
                   "enquete": _l("Enquête de satisfaction")}
STATUS_LABELS = {"salarie": _l("Salarié"), "demandeur_emploi": _l("Demandeur d'emploi"),
                    "independant": _l("Indépendant"), "particulier": _l("Particulier"), "apprenti": _l("Apprenti")}


@bp.before_request
@roles_required("staff")
def staff_only():
    return None


def _actor() -> Actor:
    return Actor(current_user.id, current_user.role)


@bp.route("")
def files():
    rows = service.overview()
    names = display_names(e.account_id for e, _ in rows)
    return render_template("funding/list.html", rows=rows, names=names, label=service.label,
                           funders=FUNDER_LABELS)


@bp.route("/ouvrir/<int:enrollment_id>", methods=["POST"])
def open_file(enrollment_id: int):
    try:
        file = service.open_file(enrollment_id, current_user.id)
    except service.FundingRefused as refusal:
        flash(str(refusal), "error")
        return redirect(url_for("funding.files"))
    return redirect(url_for("funding.file", file_id=file.id))


def _page(file_id: int, error: str | None = None, status: int = 200):
    file = service.file_with_enrollment(file_id)
    if file is None:
        abort(404)
    person = service.holder(file, _actor())
    changes = service.status_changes_of(file)
    documents = service.documents_by_kind(file)
    return render_template("funding/file.html", file=file, person=person, changes=changes, documents=documents,
                           next_statuses=NEXT[file.status], label=service.label, funders=FUNDER_LABELS,
                           document_kinds=DOCUMENT_KINDS, document_labels=DOCUMENT_LABELS,
                           pro_statuses=service.PROFESSIONAL_STATUSES, pro_labels=STATUS_LABELS,
                           funder_types=FUNDER_TYPES, error=error), status


@bp.route("/<int:file_id>")
def file(file_id: int):
    return _page(file_id)


def _act(file_id: int, form: FlaskForm, action) -> tuple | object:
    file = service.file_with_enrollment(file_id)
    if file is None:
        abort(404)
    if not form.validate():
        return _page(file_id, first_error(form), 422)
    try:
        action(file)
    except service.FundingRefused as refusal:
        return _page(file_id, str(refusal), 422)
    flash(_("Dossier enregistré."), "success")
    return redirect(url_for("funding.file", file_id=file_id))


@bp.route("/<int:file_id>", methods=["POST"])
def save(file_id: int):
    form = DetailsForm()
    details = service.FileDetails(form.funder_type.data or "", form.funder_name.data or "",
                                  form.case_number.data or "", form.professional_status.data or "",
                                  form.employer.data or "")
    return _act(file_id, form, lambda file: service.save_details(file, details))


@bp.route("/<int:file_id>/statut", methods=["POST"])
def move(file_id: int):
    form = MoveForm()
    return _act(file_id, form, lambda file: service.move(file, form.status.data or "", current_user.id,
                                                         form.note.data or ""))


@bp.route("/<int:file_id>/pieces", methods=["POST"])
def add_document(file_id: int):
    form = DocumentForm()
    return _act(file_id, form, lambda file: service.add_document(file, form.kind.data or "",
                                                                 form.reference.data or "", current_user.id))
