"""The learner space. Courses, progress and the player arrive with the learning capability."""
from __future__ import annotations

from flask import Blueprint, render_template

from portal.accounts.access import roles_required

bp = Blueprint("learning", __name__)


@bp.route("/mon-espace")
@roles_required("learner")
def space():
    return render_template("learning/space.html")
