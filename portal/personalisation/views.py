"""Hiding a suggestion from the learner's home."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import roles_required
from portal.personalisation.service import dismiss

bp = Blueprint("personalisation", __name__)


@bp.route("/mon-espace/suggestions/<int:suggestion_id>/masquer", methods=["POST"])
@roles_required("learner")
def dismiss_suggestion(suggestion_id: int):
    if not dismiss(current_user.id, suggestion_id):
        abort(404)
    flash(_("Suggestion masquée."), "success")
    return redirect(url_for("learner_home.space") + "#suggestions")
