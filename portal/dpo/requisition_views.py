"""/dpo/requisitions: answer a judicial or administrative request with exactly the fields it names."""
from __future__ import annotations

import json

from flask import Response, render_template, request
from flask_login import current_user

from portal.dpo.views import bp
from portal.privacy import requisition
from portal.vault.audit import Actor


def _page(error: str | None = None, status: int = 200):
    return render_template("dpo/requisitions.html", fields=requisition.FIELDS, rows=requisition.history(),
                           error=error, form=request.form), status


@bp.route("/requisitions")
def requisitions():
    return _page()


@bp.route("/requisitions", methods=["POST"])
def answer_requisition():
    try:
        row, document = requisition.answer(request.form.get("authority", ""), request.form.get("reference", ""),
                                           request.form.get("email", ""), request.form.getlist("fields"),
                                           Actor(current_user.id, current_user.role))
    except requisition.RequisitionRefused as refusal:
        return _page(str(refusal), 422)
    body = json.dumps(document, ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="requisition-{row.id}.json"'})
