"""/dpo/politique: publish a new version of the privacy policy and follow its notice."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.formtools import first_error
from portal.privacy import versions
from portal.privacy.register_forms import PolicyForm
from portal.privacy.register_views import bp


def _page(error: str | None = None, status: int = 200, form: PolicyForm | None = None):
    """form: the version just refused, given back as typed; otherwise the text in force, as a minor change."""
    every = versions.all_versions()
    current = versions.current(every=every)
    rows = versions.published_newest_first()
    return render_template("privacy/policy_versions.html", current=current, upcoming=versions.upcoming(every=every),
                           rows=rows, error=error,
                           form=form or PolicyForm(formdata=None, text=current.text, kind="minor"),
                           notice_days=versions.NOTICE_DAYS), status


@bp.route("/politique")
def policy():
    return _page()


@bp.route("/politique", methods=["POST"])
def publish_policy():
    form = PolicyForm()
    if not form.validate():
        return _page(first_error(form), 422, form)
    try:
        row = versions.publish(form.kind.data or "", form.text.data or "", form.summary.data or "",
                               form.effective_on.data, current_user.id)
    except versions.PublicationRefused as refusal:
        return _page(str(refusal), 422, form)
    if row.kind == "minor":
        flash(_("Version %(v)s publiée : elle s'applique dès aujourd'hui.", v=row.version), "success")
    else:
        flash(_("Version %(v)s annoncée pour le %(d)s : chaque compte actif reçoit le résumé par courriel.",
                v=row.version, d=row.effective_on.strftime("%d/%m/%Y")), "success")
    return redirect(url_for("privacy_register.policy"))
