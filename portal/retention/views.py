"""/compte/garder/<token>: the one-click answer to the inactivity warning, logged out; /mes-pieces-archivees:
a person's own legal records kept in the archive."""
from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.errors import render_error
from portal.extensions import csrf
from portal.funding.wording import FUNDER_LABELS, document_label
from portal.funding.wording import label as funding_status
from portal.pages import found_or_404
from portal.retention import own_records, sweep

bp = Blueprint("retention", __name__)


@bp.route("/compte/garder/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token is the proof; the person may be logged out on another device
def keep(token: str):
    if request.method == "GET":
        # Check the signature now (without spending the link): a mangled link says so at once.
        if not sweep.keep_token_readable(token):
            return render_error(400, _("Ce lien n'est pas valide."))
        return render_template("retention/keep.html", token=token)
    try:
        sweep.keep_account(token)
    except sweep.SweepRefused as refusal:
        return render_error(400, str(refusal))
    return render_template("retention/kept.html")


@bp.route("/mes-pieces-archivees")
@login_required
def archived():
    return render_template("retention/archived.html", kept=own_records.read_own(current_user.id, current_user.role),
                           funders=FUNDER_LABELS, document_label=document_label, funding_status=funding_status)


@bp.route("/mes-pieces-archivees/factures/<number>.pdf")
@login_required
def archived_invoice(number: str):
    document = found_or_404(own_records.own_invoice_pdf(current_user.id, current_user.role, number))
    return Response(document, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{number}.pdf"', "Cache-Control": "private"})
