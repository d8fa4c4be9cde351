"""/gestion/nouveautes: staff compose a news message, preview it, send it to those who said yes."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import roles_required
from portal.news import service
from portal.news.forms import NewsForm
from portal.pages import Page

bp = Blueprint("news", __name__, url_prefix="/gestion/nouveautes")


@bp.before_request
@roles_required("staff")
def staff_only():
    return None


def _compose(form: NewsForm | None = None, preview: bool = False) -> dict:
    form = form or NewsForm(formdata=None)
    return {"form": form, "audience": service.audience_size(), "history": service.history(),
            "preview": service.paragraphs(form.body.data or "") if preview else None}


COMPOSE = Page("news/compose.html", _compose)


@bp.route("")
def compose():
    return COMPOSE.show()


@bp.route("", methods=["POST"])
def submit():
    form = NewsForm()
    if not form.validate():
        return COMPOSE.show(form)
    if not form.send.data:
        return COMPOSE.show(form, preview=True)
    try:
        service.send(form.subject.data, form.body.data, current_user.id)
    except service.NewsRefused as refusal:
        return COMPOSE.refuse(refusal, form, on=form)
    flash(_("Message envoyé : les courriels partent par lots, seulement aux personnes qui ont accepté les "
            "nouveautés et dont le traitement n'est pas limité."), "success")
    return redirect(url_for("news.compose"))
