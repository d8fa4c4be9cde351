"""/compte/garder/<token>: the one-click answer to the inactivity warning, logged out."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from portal.errors import render_error
from portal.extensions import csrf
from portal.retention import sweep

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
