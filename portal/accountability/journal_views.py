"""/dpo/journal: the audit log of access to personal data, with the state of its hash chain, filtered by
whose data, by who read it and by period."""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, request
from flask_babel import gettext as _
from flask_login import current_user

from portal import paging
from portal.access import roles_required
from portal.accountability.forms import JournalFilterForm
from portal.accounts.names import display_names
from portal.pages import Page
from portal.timeutil import paris_day_start
from portal.vault import audit, wording
from portal.vault.service import account_id_for_email, known_requesters

bp = Blueprint("accountability", __name__, url_prefix="/dpo")
LATEST_CHECKED = 1000  # entries of the chain every journal page verifies


@bp.before_request
@roles_required("dpo")
def dpo_only():
    return None


@bp.route("/journal")
def journal():
    page = paging.page_number(request.args)
    form = JournalFilterForm(request.args)
    actor_names = display_names(audit.actors())
    form.auteur.choices = [("", "—"), *sorted(((str(a), n) for a, n in actor_names.items()), key=lambda c: c[1])]
    subject_id, actor_id, since, until = None, None, None, None
    filtering = any(key not in ("page", "verifier") for key in request.args)
    if filtering and not form.validate():
        return JOURNAL.refuse(None, form, paging.Page([], 1, 50, 0), page, on=form)
    if filtering:
        if form.personne.data:
            subject_id = account_id_for_email(form.personne.data)
            # Looking someone up by her address is itself a read of the vault: the journal keeps it.
            audit.record(audit.Actor(current_user.id, current_user.role), subject_id, "recherche", ["email"],
                         workflow="journal des accès")
            if subject_id is None:
                return JOURNAL.refuse(_("Aucun compte n'a cette adresse."), form, paging.Page([], 1, 50, 0), page)
        actor_id = next((a for a in actor_names if str(a) == form.auteur.data), None)
        since = paris_day_start(form.du.data) if form.du.data else None
        until = paris_day_start(form.au.data + timedelta(days=1)) if form.au.data else None
    listed = audit.entries(page, subject_id=subject_id, actor_id=actor_id, since=since, until=until)
    return JOURNAL.show(form, listed, page)


def _journal(form: JournalFilterForm, listed: paging.Page, page: int) -> dict:
    """A page of the journal (none when its filters were refused), and the state of the chain."""
    rows = listed.rows
    filters = {key: value for key, value in request.args.items() if key not in ("page", "verifier") and value}
    # Every page checks the latest entries; the whole chain, which grows without end, when asked (and by
    # `flask audit verify`).
    whole = request.args.get("verifier") == "tout"
    return {"rows": rows, "listed": listed, "page": page,
            "names": display_names({row.actor_id for row in rows} | {row.subject_id for row in rows}),
            "requesters": known_requesters({row.subject_id for row in rows}),
            "check": audit.verify() if whole else audit.verify_latest(LATEST_CHECKED), "whole": whole,
            "total": audit.entry_count(), "words": wording, "form": form, "filters": filters}


JOURNAL = Page("accountability/journal.html", _journal)
