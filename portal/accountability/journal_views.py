"""/dpo/journal: the audit log of access to personal data, with the state of its hash chain, filtered by
whose data, by who read it and by period."""
from __future__ import annotations

from flask import Blueprint, Response, request
from flask_login import current_user

from portal import paging
from portal.access import roles_required
from portal.accountability import journal as access_journal
from portal.accountability.forms import JournalFilterForm
from portal.documents import spreadsheet
from portal.pages import Page
from portal.vault import audit, wording

bp = Blueprint("accountability", __name__, url_prefix="/dpo")


@bp.before_request
@roles_required("dpo")
def dpo_only():
    return None


@bp.route("/journal")
def journal():
    page = paging.page_number(request.args)
    form = JournalFilterForm(request.args)
    readers = access_journal.readers()
    form.auteur.choices = [("", "—"), *sorted(((str(a), n) for a, n in readers.items()), key=lambda c: c[1])]
    filtering = any(key not in ("page", "verifier") for key in request.args)
    whole = request.args.get("verifier") == "tout"
    if filtering and not form.validate():
        return JOURNAL.show(form, None, page, whole)
    filters = access_journal.Filters(form.personne.data or "", form.auteur.data or "", form.du.data,
                                     form.au.data) if filtering else access_journal.Filters()
    try:
        shown = access_journal.journal(filters, audit.Actor(current_user.id, current_user.role), page, whole)
    except access_journal.JournalRefused as refusal:
        return JOURNAL.refuse(refusal, form, None, page, whole, on=form)
    if shown.person_words:  # found by her reference (its link, or its start typed): her words in the box
        form.personne.data = shown.person_words
    return JOURNAL.show(form, shown, page, whole)


def _journal(form: JournalFilterForm, shown: access_journal.Journal | None, page: int, whole: bool) -> dict:
    """A page of the journal (none when its filters were refused, each refusal beside its filter)."""
    filters = {key: value for key, value in request.args.items() if key not in ("page", "verifier") and value}
    return {"shown": shown, "listed": shown.listed if shown else paging.Page([], 1, 50, 0), "page": page,
            "whole": whole, "words": wording, "form": form, "filters": filters,
            "refused": any(field.errors for field in form)}


JOURNAL = Page("accountability/journal.html", _journal)


@bp.route("/journal.csv")
def journal_csv():
    """The entries the journal's filters select, as a spreadsheet (a refused filter shows the journal's page
    with its refusal)."""
    form = JournalFilterForm(request.args)
    form.auteur.choices = [("", "—"), *((str(a), n) for a, n in access_journal.readers().items())]
    if not form.validate():
        return JOURNAL.refuse(None, form, None, 1, False, on=form)
    filters = access_journal.Filters(form.personne.data or "", form.auteur.data or "", form.du.data, form.au.data)
    try:
        body = access_journal.journal_csv(filters, audit.Actor(current_user.id, current_user.role),
                                          spreadsheet.dialect_named(request.args.get("format")))
    except access_journal.JournalRefused as refusal:
        return JOURNAL.refuse(refusal, form, None, 1, False, on=form)
    period = "-".join(day.strftime("%Y%m%d") for day in (form.du.data, form.au.data) if day)
    name = "journal-acces" + (f"-{period}" if period else "") + ".csv"
    return Response(body, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
