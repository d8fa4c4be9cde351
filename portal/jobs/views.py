"""Staff back office: for now the job outbox, so failed background work is seen and retried."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.access import roles_required
from portal.formtools import ConfirmForm
from portal.jobs import review as service
from portal.pages import found_or_404
from portal.paging import page_number

bp = Blueprint("admin", __name__, url_prefix="/gestion")


@bp.route("/taches")
@roles_required("staff")
def jobs():
    listed = service.failed_jobs(page_number(request.args))
    return render_template("admin/jobs.html", counts=service.job_counts(), listed=listed, failed=listed.rows,
                           form=ConfirmForm())


@bp.route("/taches/<int:job_id>/relancer", methods=["POST"])
@roles_required("staff")
def retry_job(job_id: int):
    label = found_or_404(service.retry(job_id))
    flash(_("La tâche « %(label)s » est relancée.", label=label), "success")
    return redirect(url_for("admin.jobs"))
