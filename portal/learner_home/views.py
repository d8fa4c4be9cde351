"""/mon-espace, the learner's home."""
from __future__ import annotations

from flask import Blueprint, make_response, render_template
from flask_login import current_user

from portal.access import roles_required
from portal.improvement import survey_answers
from portal.learner_home.space import learner_space
from portal.offline.marks import keep_offline
from portal.timeutil import paris_today

bp = Blueprint("learner_home", __name__)


@bp.route("/mon-espace")
@roles_required("learner")
def space():
    today = paris_today()
    space = learner_space(current_user.id, today, personalised=not current_user.restricted_at)
    # Her own space, the way to her lessons: the service worker may keep it for the road.
    return keep_offline(make_response(render_template("learner_home/space.html", space=space,
                                                       surveys=survey_answers.open_for(current_user.id, today))))
