"""/gestion: the staff's home."""
from __future__ import annotations

from flask import Blueprint, render_template

from portal.access import roles_required
from portal.backoffice.waiting import today_for_staff
from portal.funding.wording import file_state
from portal.invoicing.wording import PAYER_WORDS
from portal.timeutil import paris_today

bp = Blueprint("backoffice", __name__)


@bp.route("/gestion")
@roles_required("staff")
def home():
    today = paris_today()
    return render_template("backoffice/home.html", waiting=today_for_staff(today), today=today,
                           file_state=file_state, payer_words=PAYER_WORDS)
