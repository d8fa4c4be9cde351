"""/mes-attestations (the learner's), /certificats/verifier/<code> (public), /gestion/attestations (staff)."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.access import roles_required
from portal.accounts.names import display_names
from portal.certificates import service
from portal.certificates.models import Certificate
from portal.security import events
from portal.vault import audit

bp = Blueprint("certificates", __name__)


def _pdf_response(certificate: Certificate) -> Response:
    return Response(service.pdf(certificate), mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="attestation-{certificate.code}.pdf"'})


@bp.route("/mes-attestations")
@roles_required("learner")
def mine():
    return render_template("certificates/mine.html", certificates=service.of_account(current_user.id))


@bp.route("/mes-attestations/<code>.pdf")
@roles_required("learner")
def download(code: str):
    certificate = service.for_download(current_user.id, code)
    if certificate is None:
        if service.certificate_exists(code):
            events.refuse_other_persons_data(current_user.id, "attestation")
        abort(404)
    return _pdf_response(certificate)


@bp.route("/certificats/verifier/<code>")
def verify_page(code: str):
    result = service.verify(code)
    return render_template("certificates/verify.html", result=result, code=code), 200 if result else 404


@bp.route("/gestion/attestations")
@roles_required("staff")
def issued():
    rows = service.issued_newest_first()
    names = display_names(c.account_id for c in rows)
    return render_template("certificates/issued.html", rows=rows, names=names)


@bp.route("/gestion/attestations/<code>.pdf")
@roles_required("staff")
def staff_download(code: str):
    certificate = service.certificate_or_none(code)
    if certificate is None:
        abort(404)
    audit.record(audit.Actor(current_user.id, current_user.role), certificate.account_id, "lecture",
                 ["certificate_holder"], workflow="attestation de fin de formation")
    return _pdf_response(certificate)


@bp.route("/gestion/attestations/<code>/nouvelle-version", methods=["POST"])
@roles_required("staff")
def reissue(code: str):
    try:
        new = service.reissue(code, audit.Actor(current_user.id, current_user.role))
    except service.CertificateRefused as refusal:
        flash(str(refusal), "error")
        return redirect(url_for("certificates.issued")), 303
    flash(_("Version %(v)s émise ; l'ancienne indique qu'elle est remplacée.", v=new.version), "success")
    return redirect(url_for("certificates.issued"))
