"""/dpo/politique: publish a new version of the privacy policy and follow its notice."""
from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.pages import Page
from portal.privacy import versions
from portal.privacy.register_forms import PolicyForm
from portal.privacy.register_views import bp


def _versions(form: PolicyForm | None = None) -> dict:
    """form: the version just refused, given back as typed; otherwise the text in force, as a minor change."""
    every = versions.all_versions()
    current = versions.current(every=every)
    return {"current": current, "upcoming": versions.upcoming(every=every), "rows": versions.published_newest_first(),
            "form": form or PolicyForm(formdata=None, text=current.text, kind="minor"),
            "notice_days": versions.NOTICE_DAYS}


VERSIONS = Page("privacy/policy_versions.html", _versions)


@bp.route("/politique")
def policy():
    return VERSIONS.show()


@bp.route("/politique", methods=["POST"])
def publish_policy():
    form = PolicyForm()
    if not form.validate():
        return VERSIONS.show(form)
    try:
        row = versions.publish(form.kind.data or "", form.text.data or "", form.summary.data or "",
                               form.effective_on.data, current_user.id)
    except versions.PublicationRefused as refusal:
        return VERSIONS.refuse(refusal, form, on=form)
    if row.kind == "minor":
        flash(_("Version %(v)s publiée : elle s'applique dès aujourd'hui.", v=row.version), "success")
    else:
        flash(_("Version %(v)s annoncée pour le %(d)s : chaque compte actif reçoit le résumé par courriel.",
                v=row.version, d=row.effective_on.strftime("%d/%m/%Y")), "success")
    return redirect(url_for("privacy_register.policy"))
