"""/gestion/apprenants: learners by display name; reading someone's identity outside a workflow asks
for a reason, and the read is audited."""
from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

from flask import Blueprint, abort, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from portal.access import roles_required
from portal.accounts.models import Account
from portal.funding.wording import PROFESSIONAL_LABELS, STATUS_LABELS
from portal.invoicing.wording import STATE_WORDS
from portal.learners import enrolments, service
from portal.learners import file as learner_file
from portal.learners.enrolments import Newcomer
from portal.learners.forms import DirectoryFilterForm, EnrolInSessionForm, IdentityReasonForm, SearchForm
from portal.learners.sealed import seal, unseal
from portal.learning import catalogue, lookups
from portal.learning.wording import ENROLMENT_STATUS_WORDS, FUNDING_WORDS
from portal.pages import Page, found_or_404
from portal.paging import page_number
from portal.refusals import Refused
from portal.standing.service import GroundRequired
from portal.timeutil import paris_today
from portal.vault import service as vault
from portal.vault.audit import Actor, ReasonNamesSomeone

bp = Blueprint("learners", __name__, url_prefix="/gestion/apprenants")
@bp.before_request
@roles_required("staff", "dpo")
def back_office_only():
    return None


def _learner(account_id: str) -> Account:
    try:
        key = uuid.UUID(account_id)
    except ValueError:
        abort(404)
    return found_or_404(service.active_learner_or_none(key))


# A search's results, kept for the page it redirects to (post/redirect/get): the ids of those found, and the
# searched name, address or phone sealed (portal.learners.sealed), which stays out of the address bar, the
# server's logs and what the cookie lets anyone read.
SEARCH_KEY = "learner_search"
SEARCH_SECONDS = 600


def _remembered_search() -> dict | None:
    kept = session.get(SEARCH_KEY)
    if not isinstance(kept, dict) or kept.get("by") != str(current_user.id):
        return None
    if not isinstance(kept.get("at"), (int, float)) or time.time() - kept["at"] > SEARCH_SECONDS:
        return None
    return kept


@dataclass(frozen=True)
class LastSearch:
    """The last search shown again: those it found (with an account, and without one: the dpo's), what was
    typed, the screen it came from."""

    found: list | None = None
    others: list = field(default_factory=list)
    text: str = ""
    purpose: str = ""
    requests: dict = field(default_factory=dict)  # the dpo's: the requests of each account found


def _found() -> LastSearch:
    kept = _remembered_search()
    if kept is None:
        return LastSearch()
    try:
        ids = [uuid.UUID(text) for text in kept.get("ids", [])]
        others = [uuid.UUID(text) for text in kept.get("others", [])]
    except (TypeError, ValueError, AttributeError):
        return LastSearch()
    actor = Actor(current_user.id, current_user.role)
    found = service.found_again(ids, actor, reason=kept.get("reason", ""), purpose=kept.get("purpose"))
    return LastSearch(found, service.without_account_again(others, actor), unseal(kept.get("text")),
                      kept.get("purpose") or "", service.requests_of_found([f.account_id for f in found], actor))


# The screens a search may come from, to go back to from its results.
PURPOSE_PAGES = {"financement": "funding.files"}


def _filters() -> DirectoryFilterForm:
    """The directory's filters, from the address, checked: refused ones are said and not applied (a 422)."""
    filters = DirectoryFilterForm(request.args)
    filters.formation.choices = [SelectChoice("", _("Toutes")),
                                 *(SelectChoice(str(i), title) for i, title in lookups.course_choices())]
    filters.validate()
    return filters


def _directory(search: SearchForm | None, filters: DirectoryFilterForm) -> dict:
    """search: the search just refused, as typed; otherwise an empty one and the last search's results."""
    chosen = filters.filters() if not filters.errors else service.DirectoryFilters()
    listed = service.directory(chosen, page_number(request.args))
    last = LastSearch() if search is not None else _found()
    ids = [a.id for a in listed.rows] + [f.account_id for f in last.found or []]
    return {"listed": listed, "enrollments": service.enrollments_of_learners(ids),
            "search": search or SearchForm(formdata=None, purpose=last.purpose, text=last.text), "found": last.found,
            "others": last.others, "requests": last.requests, "purpose_words": service.WORKFLOW_WORDS,
            "purpose_pages": PURPOSE_PAGES,
            "filters": filters, "active_filters": filters.active_filters(),
            "chosen_session": lookups.session_with_course(chosen.session_id)}


DIRECTORY = Page("learners/directory.html", _directory)
IDENTITY = Page("learners/identity.html", lambda account, person=None, reason=None: {
    "account": account, "person": person, "reason": reason, "pro_labels": PROFESSIONAL_LABELS})


@bp.route("")
def directory():
    return DIRECTORY.show(None, _filters())


@bp.route("/recherche", methods=["POST"])
def search():
    """POST, audited, then redirected: the searched name or address stays out of the address bar, the server's
    logs and the history, and reloading the page shows the same people again."""
    form = SearchForm()
    if not form.validate():
        return DIRECTORY.show(form, _filters())
    try:
        found = service.search(form.text.data, Actor(current_user.id, current_user.role),
                               reason=form.reason.data or "", purpose=form.purpose.data)
    except ReasonNamesSomeone as refusal:
        return DIRECTORY.refuse(refusal, form, _filters(), on=form)
    session[SEARCH_KEY] = {"ids": [str(f.account_id) for f in found.learners],
                           "others": [str(i) for i in found.without_account], "text": seal(form.text.data),
                           "reason": form.reason.data or "",
                           "purpose": form.purpose.data or "", "by": str(current_user.id), "at": time.time()}
    return redirect(url_for("learners.directory", _anchor="h-search"), 303)


@bp.route("/recherche")
def search_again():
    """The search's address opened or reloaded (htmx put it in the history): the directory, where the last
    search's results are shown again (otherwise the address would be read as a learner's file: « introuvable »)."""
    return redirect(url_for("learners.directory", _anchor="h-search"), 303)


@bp.route("/<account_id>/identite")
def identity_again(account_id: str):
    """The identity's address reloaded or opened: a read is asked for again with its reason, from the file
    (staff) or the directory (the dpo, who has no learner's file), never « Méthode non autorisée »."""
    if current_user.role == "staff":
        return redirect(url_for("learners.file", account_id=_learner(account_id).id), 303)
    return redirect(url_for("learners.directory"), 303)


@bp.route("/<account_id>/identite", methods=["POST"])
def identity(account_id: str):
    account = _learner(account_id)
    form = IdentityReasonForm()
    if not form.validate():
        return IDENTITY.refuse(None, account, on=form)
    reason = form.reason.data
    try:
        person = vault.read_for_staff(account.id, Actor(current_user.id, current_user.role), vault.STAFF_READABLE,
                                      reason=reason)
    except ReasonNamesSomeone as refusal:
        return IDENTITY.refuse(refusal, account)
    return IDENTITY.show(account, person, reason)


# --- the learner's file (staff) -------------------------------------------------------------------

def _file(account: Account, *, reason_form: IdentityReasonForm | None = None, person: dict | None = None,
          enrol_form: EnrolInSessionForm | None = None, preview: enrolments.Enrolled | None = None) -> dict:
    """reason_form refused: its words beside its field (the template draws it); enrol_form, beside its own."""
    today = paris_today()
    data = learner_file.learner_file(account, today)
    enrol_form = enrol_form or EnrolInSessionForm(formdata=None)
    enrol_form.session_id.choices = _session_choices(data.open_to_her)
    return {"account": account, "data": data, "reason_form": reason_form or IdentityReasonForm(formdata=None),
            "person": person, "enrol_form": enrol_form, "preview": preview, "funding_words": FUNDING_WORDS,
            "status_words": ENROLMENT_STATUS_WORDS, "file_steps": STATUS_LABELS, "invoice_words": STATE_WORDS,
            "pro_labels": PROFESSIONAL_LABELS, "today": today}


FILE = Page("learners/file.html", _file)


def _session_choices(sessions) -> list[tuple[int, str]]:
    return [(s.id, f"{s.course.title} · {s.title} ({s.starts_on:%d/%m/%Y} – {s.ends_on:%d/%m/%Y})") for s in sessions]


@bp.route("/<account_id>", methods=["GET", "POST"])
@roles_required("staff")
def file(account_id: str):
    """Her file; a POST gives the reason to read her identity (for a restricted person, the legal ground)."""
    try:
        account = found_or_404(learner_file.learner_account_or_none(uuid.UUID(account_id)))
    except ValueError:
        abort(404)
    if request.method == "GET" or account.status != "active":
        return FILE.show(account)
    form = IdentityReasonForm()
    if not form.validate():
        return FILE.show(account, reason_form=form)
    try:
        person = learner_file.identity(account.id, Actor(current_user.id, current_user.role), form.reason.data)
    except ReasonNamesSomeone as refusal:
        return FILE.refuse(refusal, account, reason_form=form, on=form)
    except GroundRequired as refusal:
        return FILE.refuse(refusal, account, reason_form=form, on=form.reason)
    return FILE.show(account, reason_form=form, person=person)


@bp.route("/<account_id>/inscription", methods=["POST"])
@roles_required("staff")
def enrol(account_id: str):
    """Enrol her in a session: first what will happen, then, confirmed, done."""
    account = _learner(account_id)
    form = EnrolInSessionForm()
    # Any open session is a valid answer here: one she cannot join is refused by the service, with its reason.
    form.session_id.choices = _session_choices(catalogue.open_sessions(paris_today()))
    if not form.validate():
        return FILE.show(account, enrol_form=form)
    people = [Newcomer(account_id=account.id)]
    by = current_user.id
    try:
        if not form.is_confirmed:
            preview = enrolments.preview_enrol(form.session_id.data, people, form.funding.data, by, paris_today(),
                                               ground=form.motif.data or "")
            return FILE.show(account, enrol_form=form, preview=preview)
        done = enrolments.enrol(form.session_id.data, people, form.funding.data, by, paris_today(),
                                ground=form.motif.data or "")
    except GroundRequired as refusal:  # asked in place, beside the session chosen (a 409)
        return FILE.refuse(refusal, account, enrol_form=form, on=form.motif)
    except Refused as refusal:
        return FILE.refuse(refusal, account, enrol_form=form, on=form.session_id)
    flash(_("Inscription enregistrée dans la session « %(s)s » ; un courriel en informe la personne.",
            s=done.session.title), "success")
    return redirect(url_for("learners.file", account_id=account.id), 303)
