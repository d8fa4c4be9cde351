"""/dpo/securite: recent security events and the last day's counts."""
from __future__ import annotations

from flask import render_template, request

from portal.accounts.names import display_names
from portal.paging import page_number
from portal.security import events
from portal.security.incident_views import bp


@bp.route("/securite")
def security():
    kind = request.args.get("type") if request.args.get("type") in events.EVENT_KINDS else None
    listed = events.listed(page_number(request.args), kind)
    names = display_names(r.account_id for r in listed.rows)
    return render_template("security/alerts.html", listed=listed, rows=listed.rows, names=names,
                           counts=events.last_day(), kinds=events.EVENT_KINDS, kind=kind,
                           filters={"type": kind} if kind else {})
