"""/dpo/securite: recent security events and the last day's counts."""
from __future__ import annotations

from flask import render_template, request

from portal.accounts.models import Account
from portal.dpo.views import bp
from portal.security import events
from portal.security.models import EVENT_KINDS


@bp.route("/securite")
def security():
    kind = request.args.get("type") if request.args.get("type") in EVENT_KINDS else None
    rows = events.recent(200, kind)
    names = {a.id: a.display_name for a in Account.select(Account.id, Account.display_name)
             .where(Account.id.in_([r.account_id for r in rows if r.account_id] or [None]))}
    return render_template("dpo/security.html", rows=rows, names=names, counts=events.last_day(), kinds=EVENT_KINDS,
                           kind=kind)
