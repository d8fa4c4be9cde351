"""/mes-attestations (the learner's), /certificats/verifier/<code> (public), /gestion/attestations (staff)."""
from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from portal.access import roles_required
from portal.accounts.names import display_names
from portal.certificates import badges, service
from portal.certificates.forms import BadgeForm, HolderNameForm, IssuedFilterForm, TypedCodeForm
from portal.certificates.models import Certificate
from portal.learning import lookups
from portal.pages import GROUND_ASKED, Page, found_or_404
from portal.paging import page_number
from portal.refusals import Refused
from portal.security import events
from portal.standing.service import GroundRequired
from portal.vault import audit

bp = Blueprint("certificates", __name__)


def _pdf_response(certificate: Certificate) -> Response:
    return Response(service.pdf(certificate), mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{service.download_name(certificate)}"'})


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


@bp.route("/mes-attestations/<code>.jwt")
@roles_required("learner")
def download_badge(code: str):
    certificate = service.for_download(current_user.id, code)
    if certificate is None:
        if service.certificate_exists(code):
            events.refuse_other_persons_data(current_user.id, "attestation")
        abort(404)
    return Response(badges.signed(certificate), mimetype=badges.MEDIA_TYPE, headers={
        "Content-Disposition": f'attachment; filename="{service.download_name(certificate, "badge", "jwt")}"'})


def _public_json(document: dict, mimetype: str) -> Response:
    """Read by badge verifiers of other sites too, from a browser: any origin may fetch it."""
    return Response(json.dumps(document, ensure_ascii=False, indent=1), mimetype=mimetype, headers={
        "Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=3600"})


@bp.route("/badges/emetteur")
def badge_issuer():
    return _public_json(badges.issuer_profile(), "application/ld+json")


@bp.route("/badges/emetteur/cle.json")
def badge_key():
    return _public_json(badges.public_key_document(), "application/jwk+json")


@bp.route("/certificats/verifier")
def check_form():
    """The code typed from paper (case and dashes as they come); a bad one says why, in French."""
    form = TypedCodeForm(request.args)
    if not request.args:
        return CHECK.show(TypedCodeForm(formdata=None))
    if not form.validate():
        return CHECK.show(form)
    code = service.code_for_typed(form.code.data)
    if code is None:
        return CHECK.refuse(Refused(_("Ce code ne correspond à aucune attestation : vérifiez chaque caractère (il en "
                                      "a 10, les tirets ne comptent pas ; 0 et O, 1 et I se valent)."), 404,
                                    field="code"), form, on=form)
    return redirect(url_for("certificates.verify_page", code=code))


CHECK = Page("certificates/check.html", lambda form: {"form": form})


def _verification(code: str, result: service.Verification | None, form: BadgeForm, *,
                  name_form: HolderNameForm | None = None, name_checked: bool | None = None,
                  checked: badges.BadgeCheck | None = None) -> dict:
    """A certificate's public page (result None: no certificate has this code, which the page says), the name
    typed and its answer, a badge file brought and its answer; a refused name or badge, its words beside it."""
    return {"code": code, "result": result, "form": form, "name_form": name_form, "name_checked": name_checked,
            "checked": checked}


VERIFY = Page("certificates/verify.html", _verification)
UNKNOWN_CODE = 404  # the page of a code no certificate has: it says so itself


@bp.route("/certificats/verifier/<code>", methods=["GET", "POST"])
def verify_page(code: str):
    result = service.verify(code)
    form = BadgeForm()
    if form.is_submitted():
        return _check_badge(code, form, result)
    if result is None:
        return VERIFY.refuse(Refused(status=UNKNOWN_CODE), code, None, form)
    return VERIFY.show(code, result, form)


@bp.route("/certificats/verifier/<code>/nom", methods=["POST"])
def check_name(code: str):
    """The name printed on the paper, typed by whoever checks it: a yes or a no, never the name itself.
    Posted (a name has no place in an address or a server log), so the answer is the page itself."""
    result = service.verify(code)
    form = HolderNameForm()
    if result is None:
        return VERIFY.refuse(Refused(status=UNKNOWN_CODE), code, None, BadgeForm(formdata=None))
    if not form.validate():
        return VERIFY.show(code, result, BadgeForm(formdata=None), name_form=form)
    return VERIFY.show(code, result, BadgeForm(formdata=None), name_checked=service.name_matches(code, form.name.data))


def _check_badge(code: str, form: BadgeForm, result: service.Verification | None):
    """A badge file brought to the page: its answer under the certificate's own."""
    if not form.validate():
        return VERIFY.show(code, result, form)
    upload = form.badge.data
    try:
        content = upload.read(badges.MAX_BYTES + 1)  # one byte more than allowed is enough to refuse it
    finally:
        upload.close()
    try:
        checked = badges.check(code, content)
    except badges.BadgeRefused as refusal:
        return VERIFY.refuse(refusal, code, result, form, on=form)
    return VERIFY.show(code, result, form, checked=checked)


@bp.route("/gestion/attestations")
@roles_required("staff")
def issued():
    form = IssuedFilterForm(request.args)
    form.formation.choices = [SelectChoice("", _("Toutes")),
                              *(SelectChoice(str(i), title) for i, title in lookups.course_choices())]
    form.validate()
    return ISSUED.show(form)


def _issued(filters: IssuedFilterForm) -> dict:
    """The certificates issued, newest first, filtered (refused filters are said beside them, not applied)."""
    valid = not filters.errors
    listed = service.issued_newest_first(filters.filters() if valid else service.IssuedFilters(),
                                         page_number(request.args))
    return {"listed": listed, "rows": listed.rows, "names": display_names(c.account_id for c in listed.rows),
            "filters": filters, "active_filters": filters.active_filters(),
            "chosen_session": lookups.session_with_course(filters.session.data if valid else None)}


ISSUED = Page("certificates/issued.html", _issued)


@bp.route("/gestion/attestations/<code>.pdf")
@roles_required("staff")
def staff_download(code: str):
    try:
        certificate = found_or_404(service.staff_copy(code, audit.Actor(current_user.id, current_user.role),
                                                      request.args.get("motif", "")))
    except GroundRequired as refusal:
        return GROUND_ASKED.refuse(refusal, _("Télécharger l'attestation (PDF)"))
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
