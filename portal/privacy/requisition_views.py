"""/dpo/requisitions: answer a judicial or administrative request with exactly the fields it names."""
from __future__ import annotations

from flask import Response, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.pages import Page, found_or_404
from portal.paging import page_number, page_of
from portal.privacy import requisition
from portal.privacy.register_forms import RequisitionForm
from portal.privacy.register_views import bp
from portal.vault.audit import Actor


def _requisitions(form: RequisitionForm | None = None) -> dict:
    """form: the requisition just refused, given back as typed; otherwise an empty one."""
    listed = page_of(requisition.history(), page_number(request.args))
    return {"fields": requisition.FIELDS, "rows": listed.rows, "listed": listed,
            "form": form or RequisitionForm(formdata=None),
            "produced": request.args.get("produite", type=int)}  # the answer just produced, to download


REQUISITIONS = Page("privacy/requisitions.html", _requisitions)


@bp.route("/requisitions")
def requisitions():
    return REQUISITIONS.show()


@bp.route("/requisitions", methods=["POST"])
def answer_requisition():
    form = RequisitionForm()
    if not form.validate():
        return REQUISITIONS.show(form)
    try:
        answered = requisition.answer(form.authority.data or "", form.reference.data or "", form.email.data or "",
                                      form.fields.data or [], Actor(current_user.id, current_user.role))
    except requisition.RequisitionRefused as refusal:
        return REQUISITIONS.refuse(refusal, form, on=form)
    # Back on the list, which now holds it, with its link: a file downloading alone said nothing on the page.
    flash(_("Réponse n° %(n)s produite et gardée : téléchargez-la pour l'envoyer à l'autorité.", n=answered.id),
          "success")
    return redirect(url_for("privacy_register.requisitions", produite=answered.id) + f"#requisition-{answered.id}")


@bp.route("/requisitions/<int:request_id>.pdf")
def requisition_copy(request_id: int):
    """A past requisition's answer again, as it was sent (the reading is in the access journal)."""
    answered = found_or_404(requisition.copy_of(request_id, Actor(current_user.id, current_user.role)))
    return _pdf(answered)


def _pdf(answered: requisition.Answered) -> Response:
    return Response(answered.content, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{answered.filename}"', "Cache-Control": "private"})
