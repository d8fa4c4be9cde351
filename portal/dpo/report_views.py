"""/dpo/rapport: the quarterly security report, for any quarter (kept ones as they were built)."""
from __future__ import annotations

import json

from flask import render_template, request
from flask_babel import gettext as _

from portal.dpo.views import bp
from portal.security import report
from portal.security.wording import event_kind
from portal.timeutil import paris_today
from portal.vault.wording import role


@bp.route("/rapport")
def security_report():
    quarter = request.args.get("trimestre") or report.previous_quarter(paris_today())
    try:
        report.bounds(quarter)
    except ValueError:
        return render_template("dpo/report.html", body=None, quarter=quarter, kept=None,
                               error=_("Trimestre attendu sous la forme 2026-T4.")), 422
    kept = report.kept_report(quarter)
    body = json.loads(kept.body) if kept else report.build(quarter)
    return render_template("dpo/report.html", body=body, quarter=quarter, kept=kept, error=None,
                           current=report.quarter_of(paris_today()), event_kind=event_kind, role=role)
