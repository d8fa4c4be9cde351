"""/gestion/nouveautes: staff compose a news message, preview it, send it to those who said yes."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import roles_required
from portal.formtools import first_error
from portal.news import service
from portal.news.forms import NewsForm

bp = Blueprint("news", __name__, url_prefix="/gestion/nouveautes")


@bp.before_request
@roles_required("staff")
def staff_only():
    return None


def _page(form: NewsForm | None = None, preview: bool = False, error: str | None = None, status: int = 200):
    form = form or NewsForm(formdata=None)
    return render_template("news/compose.html", form=form, audience=service.audience_size(),
                           history=service.history(), error=error,
                           preview=service.paragraphs(form.body.data or "") if preview else None), status


@bp.route("")
def compose():
    return _page()


@bp.route("", methods=["POST"])
def submit():
    form = NewsForm()
    if not form.validate():
        return _page(form, error=first_error(form), status=422)
    if not form.send.data:
        return _page(form, preview=True)
    try:
        service.send(form.subject.data, form.body.data, current_user.id)
    except service.NewsRefused as refusal:
        return _page(form, error=str(refusal), status=422)
    flash(_("Message envoyé : les courriels partent par lots, seulement aux personnes qui ont accepté les "
            "nouveautés et dont le traitement n'est pas limité."), "success")
    return redirect(url_for("news.compose"))
