"""/atelier/<brief>: the bouquet workshop; /essais/<id>: a submitted attempt."""
from __future__ import annotations

import json
from functools import lru_cache

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.access import roles_required
from portal.bouquets import engine, service
from portal.bouquets.engine.builder import Group
from portal.bouquets.engine.colour import FAMILIES
from portal.bouquets.forms import AddStemsForm, TieForm
from portal.bouquets.models import Brief
from portal.errors import render_error
from portal.formatting import euros
from portal.fragments import render_page_or_block, vary_on_htmx, wants_fragment
from portal.i18n import reader_language
from portal.player import access
from portal.security import events
from portal.timeutil import paris_today

bp = Blueprint("bouquets", __name__)


def _brief(brief_id: int) -> Brief:
    brief = service.brief_or_none(brief_id)
    if brief is None:
        abort(404)
    try:
        access.open_for(current_user.id, "learner", brief.lesson_id, paris_today())
    except access.LessonNotFound:
        abort(404)
    except access.NotYetReleased as locked:
        abort(make_response(render_error(403, _("Ce module sera disponible le %(date)s.", date=locked.release_on))))
    except access.NotEnrolled:
        abort(make_response(render_error(403, _("Cet atelier est réservé aux inscrits de la formation."))))
    return brief


def _page(brief: Brief, *, form=None, error: str | None = None, status: int = 200):
    filters = {"role": request.args.get("role") or None, "couleur": request.args.get("couleur") or None,
               "saison": request.args.get("saison") == "1"}
    items = service.palette(filters["role"], filters["couleur"] if filters["couleur"] in FAMILIES else None,
                            brief.month if filters["saison"] else None)
    body = render_page_or_block(
        "bouquets/workshop.html", "atelier", brief=brief, state=service.workshop(current_user.id, brief),
        form=form or AddStemsForm(formdata=None), tie_form=TieForm(formdata=None), palette=items, filters=filters,
        species=engine.load_catalogue().by_id, error=error, **_palette_words(reader_language()),
    )
    return vary_on_htmx(make_response(body, status))


@lru_cache(maxsize=4)
def _palette_words(language: str) -> dict[str, dict[str, str]]:
    """The palette's colour families, flower roles and unit prices ("1,00 € HT", "€1.00 excl. VAT") in the
    reader's language: the same words for everyone, for each of the hundred options, worked out once."""
    return {
        "families": {family: _(family) for family in FAMILIES},
        "roles": {role: str(label) for role, label in service.ROLE_LABELS.items()},
        "unit_prices": {species.id: _("%(price)s HT", price=euros(species.unit_wholesale_ht))
                        for species in engine.load_catalogue().species},
    }


def _after_change(brief: Brief):
    if wants_fragment():
        return _page(brief)
    return redirect(url_for("bouquets.workshop", brief_id=brief.id, **request.args))


def _refused(brief: Brief, refusal: Exception, form=None):
    if not wants_fragment():
        flash(str(refusal), "error")
    return _page(brief, form=form, error=str(refusal), status=422)


@bp.route("/atelier/<int:brief_id>")
@roles_required("learner")
def workshop(brief_id: int):
    return _page(_brief(brief_id))


@bp.route("/atelier/<int:brief_id>/ajouter", methods=["POST"])
@roles_required("learner")
def add(brief_id: int):
    brief = _brief(brief_id)
    form = AddStemsForm()
    if not form.validate_on_submit():
        # Form-level errors (key None) have no field, hence no label.
        errors = [(f"{form[name].label.text} : " if name in form._fields else "") + " ".join(map(str, messages))
                  for name, messages in form.errors.items()]
        return _refused(brief, Exception(" ".join(errors)), form)
    try:
        species_id, colour = service.parse_choice(form.choice.data)
        service.add_group(current_user.id, brief, Group(
            species_id, colour, form.count.data, form.length.data, int(form.ring.data), form.direction.data,
            bool(form.stripped.data)))
    except service.WorkshopRefused as refusal:
        return _refused(brief, refusal, form)
    return _after_change(brief)


@bp.route("/atelier/<int:brief_id>/retirer/<int:index>", methods=["POST"])
@roles_required("learner")
def remove(brief_id: int, index: int):
    brief = _brief(brief_id)
    try:
        service.remove_group(current_user.id, brief, index)
    except service.WorkshopRefused as refusal:
        return _refused(brief, refusal)
    return _after_change(brief)


@bp.route("/atelier/<int:brief_id>/deplacer/<int:index>/<any(avant,apres):way>", methods=["POST"])
@roles_required("learner")
def move(brief_id: int, index: int, way: str):
    brief = _brief(brief_id)
    try:
        service.move_group(current_user.id, brief, index, -1 if way == "avant" else 1)
    except service.WorkshopRefused as refusal:
        return _refused(brief, refusal)
    return _after_change(brief)


@bp.route("/atelier/<int:brief_id>/liage", methods=["POST"])
@roles_required("learner")
def tie(brief_id: int):
    brief = _brief(brief_id)
    form = TieForm()
    if not form.validate_on_submit():
        return _refused(brief, Exception(_("Le point de liage doit être entre 5 et 100 cm du pied des tiges.")))
    try:
        service.set_tie_height(current_user.id, brief, form.tie_height.data)
    except service.WorkshopRefused as refusal:
        return _refused(brief, refusal)
    return _after_change(brief)


@bp.route("/atelier/<int:brief_id>/soumettre", methods=["POST"])
@roles_required("learner")
def submit(brief_id: int):
    brief = _brief(brief_id)
    try:
        submission = service.submit(current_user.id, brief)
    except service.WorkshopRefused as refusal:
        return _refused(brief, refusal)
    flash(_("Bouquet soumis : %(total)s / 100.", total=submission.total), "success")
    return redirect(url_for("bouquets.attempt", submission_id=submission.id))


@bp.route("/atelier/<int:brief_id>/essais")
@roles_required("learner")
def attempts(brief_id: int):
    brief = _brief(brief_id)
    submissions = service.history(current_user.id, brief)
    return render_template("bouquets/attempts.html", brief=brief, submissions=submissions,
                           comments=service.comments_of([s.id for s in submissions]))


@bp.route("/essais/<int:submission_id>")
@roles_required("learner")
def attempt(submission_id: int):
    submission = service.own_submission_or_none(current_user.id, submission_id)
    if submission is None:
        if service.submission_exists(submission_id):
            events.refuse_other_persons_data(current_user.id, "essai de bouquet")
        abort(404)  # another learner's attempt is not even acknowledged
    return render_template("bouquets/attempt.html", submission=submission, data=json.loads(submission.snapshot),
                           svg=service.snapshot_svg(submission),
                           comments=service.comments_of([submission.id]).get(submission.id, []))
