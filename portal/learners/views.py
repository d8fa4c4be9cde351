"""/gestion/apprenants: learners by display name; reading someone's identity outside a workflow asks
for a reason, and the read is audited."""
from __future__ import annotations

import uuid

from flask import Blueprint, abort, render_template
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import roles_required
from portal.accounts.models import Account
from portal.formtools import first_error
from portal.learners import service
from portal.learners.forms import IdentityReasonForm, SearchForm
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
    account = service.active_learner_or_none(key)
    if account is None:
        abort(404)
    return account


def _directory(search: SearchForm | None = None, found: list | None = None, error: str | None = None,
               status: int = 200):
    learners = service.active_learners()
    ids = [a.id for a in learners] + [f.account_id for f in found or []]
    enrollments = service.enrollments_of_learners(ids)
    return render_template("learners/directory.html", learners=learners, enrollments=enrollments,
                           search=search or SearchForm(formdata=None), found=found, error=error,
                           purpose_words=service.WORKFLOW_WORDS), status


@bp.route("")
def directory():
    return _directory()


@bp.route("/recherche", methods=["POST"])
def search():
    """POST: the searched name or address stays out of the address bar, the server's logs and the history."""
    form = SearchForm()
    if not form.validate():
        return _directory(form, error=first_error(form), status=422)
    try:
        found = service.search(form.text.data, Actor(current_user.id, current_user.role),
                               reason=form.reason.data or "", purpose=form.purpose.data)
    except ReasonNamesSomeone:
        return _directory(form, error=_("La raison reste au journal d'accès, même après la suppression du compte : "
                                        "n'y mettez ni le nom, ni l'adresse, ni le téléphone de la personne."),
                          status=422)
    return _directory(form, found)


@bp.route("/<account_id>/identite", methods=["POST"])
def identity(account_id: str):
    account = _learner(account_id)
    form = IdentityReasonForm()
    if not form.validate():
        return render_template("learners/identity.html", account=account, person=None, error=first_error(form)), 422
    reason = form.reason.data
    try:
        person = vault.read_for_staff(account.id, Actor(current_user.id, current_user.role), vault.STAFF_READABLE,
                                      reason=reason)
    except ReasonNamesSomeone:
        return render_template("learners/identity.html", account=account, person=None,
                               error=_("La raison reste au journal d'accès, même après la suppression du compte : "
                                       "n'y mettez ni le nom, ni l'adresse, ni le téléphone de la personne.")), 422
    return render_template("learners/identity.html", account=account, person=person, reason=reason, error=None)
