"""/dpo/journal: the audit log of access to personal data, with the state of its hash chain, filtered by
whose data, by who read it and by period."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from portal.access import roles_required
from portal.accountability import journal as access_journal
from portal.accountability.forms import JournalFilterForm
from portal.paging import Page, page_number
from portal.vault import audit, wording

bp = Blueprint("accountability", __name__, url_prefix="/dpo")


@bp.before_request
@roles_required("dpo")
def dpo_only():
    return None


@bp.route("/journal")
def journal():
    page = page_number(request.args)
    form = JournalFilterForm(request.args)
    readers = access_journal.readers()
    form.auteur.choices = [("", "—"), *sorted(((str(a), n) for a, n in readers.items()), key=lambda c: c[1])]
    filtering = any(key not in ("page", "verifier") for key in request.args)
    whole = request.args.get("verifier") == "tout"
    shown, refused = None, False
    if not filtering or form.validate():
        filters = access_journal.Filters(form.personne.data or "", form.auteur.data or "", form.du.data,
                                         form.au.data) if filtering else access_journal.Filters()
        try:
            shown = access_journal.journal(filters, audit.Actor(current_user.id, current_user.role), page, whole)
        except access_journal.JournalRefused as refusal:
            form[refusal.field].errors = [*form[refusal.field].errors, refusal.message]
    refused = any(field.errors for field in form)
    filters = {key: value for key, value in request.args.items() if key not in ("page", "verifier") and value}
    return render_template("accountability/journal.html", shown=shown, listed=shown.listed if shown else
                           Page([], 1, 50, 0), page=page, whole=whole, words=wording, form=form, filters=filters,
                           refused=refused), 422 if refused else 200
