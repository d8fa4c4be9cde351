"""/dpo/journal: the audit log of access to personal data, with the state of its hash chain."""
from __future__ import annotations

from flask import render_template, request

from portal.accounts.names import display_names
from portal.dpo.views import bp
from portal.vault import audit, wording


@bp.route("/journal")
def journal():
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    rows = audit.entries(page)
    ids = {row.actor_id for row in rows} | {row.subject_id for row in rows}
    names = display_names(ids)
    return render_template("dpo/journal.html", rows=rows, names=names, page=page, check=audit.verify(),
                           words=wording)
