"""/atelier/<brief>: the bouquet workshop; /essais/<id>: a submitted attempt."""
from __future__ import annotations

import json
from dataclasses import asdict
from functools import lru_cache

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from portal.access import roles_required
from portal.bouquets import drafts, engine, palette, review
from portal.bouquets.comparison import compare
from portal.bouquets.engine.builder import Group
from portal.bouquets.engine.colour import FAMILIES
from portal.bouquets.engine.forms import form_of, symbol_defs
from portal.bouquets.forms import AddStemsForm, CompareForm, PaletteFilterForm, TieForm
from portal.bouquets.models import Brief
from portal.bouquets.species_words import species_name
from portal.bouquets.wording import colour_name, stems_in_words
from portal.errors import render_error
from portal.formatting import euros, paris_date
from portal.fragments import wants_fragment
from portal.i18n import reader_language
from portal.learning import lesson_access as access
from portal.learning import view_tokens
from portal.pages import Page, found_or_404
from portal.refusals import Refused
from portal.security import events
from portal.timeutil import paris_today

bp = Blueprint("bouquets", __name__)


def _brief(brief_id: int) -> Brief:
    brief = found_or_404(drafts.brief_or_none(brief_id))
    try:
        access.open_for(current_user.id, "learner", brief.lesson_id, paris_today())
    except access.LessonNotFound:
        abort(404)
    except access.NotYetReleased as locked:
        abort(make_response(render_error(403, _("Ce module sera disponible le %(date)s.", date=locked.release_on))))
    except access.NotEnrolled:
        abort(make_response(render_error(403, _("Cet atelier est réservé aux inscrits de la formation."))))
    return brief


def _filters() -> PaletteFilterForm:
    words = _palette_words(reader_language())
    filters = PaletteFilterForm(request.args)
    filters.role.choices += list(words["roles"].items())
    filters.couleur.choices += list(words["families"].items())
    if filters.role.data not in words["roles"]:
        filters.role.data = ""
    if filters.couleur.data not in words["families"]:
        filters.couleur.data = ""
    if not filters.q.validate(filters):
        filters.q.data = ""
    return filters


def _filter_args(filters: PaletteFilterForm) -> dict[str, str]:
    """The filters in force, checked, to carry over to the page shown after a change."""
    args = {"role": filters.role.data, "couleur": filters.couleur.data, "q": filters.q.data,
            "saison": "1" if filters.saison.data else ""}
    return {name: value for name, value in args.items() if value}


# How the stems go in, carried in the address after a tap without JavaScript, so the next tap keeps them.
SETTINGS = {"tiges": "count", "longueur": "length", "placement": "ring", "sens": "direction"}


def _settings_args(form: AddStemsForm) -> dict[str, str]:
    args = {name: str(form[field].data) for name, field in SETTINGS.items()}
    args["effeuillee"] = "1" if form.stripped.data else "0"
    return args


def _settings_form() -> AddStemsForm:
    """The add form with the settings the address carries, each kept only if valid."""
    form = AddStemsForm(formdata=None)
    for name, field in SETTINGS.items():
        value = request.args.get(name)
        if value is None:
            continue
        trial = AddStemsForm(formdata=MultiDict({field: value}))  # the field's own checks, and nothing else
        if trial[field].validate(trial):
            form[field].data = trial[field].data
    if request.args.get("effeuillee") in ("0", "1"):
        form.stripped.data = request.args["effeuillee"] == "1"
    return form


def _workshop(brief: Brief, *, form: AddStemsForm | None = None, added: str | None = None) -> dict:
    filters = _filters()
    items = palette.palette(filters.role.data or None, filters.couleur.data or None,
                            brief.month if filters.saison.data else None, filters.q.data or "", reader_language())
    # Time in the workshop is time on the exercise's lesson, counted by the same heartbeats
    # (static/player.js): a full page carries the view token, a swapped fragment keeps the page's.
    fragment = wants_fragment()
    view = None if fragment else view_tokens.view_token(current_user.id, brief.lesson_id)
    return dict(
        brief=brief, state=drafts.workshop(current_user.id, brief), view=view, fragment=fragment,
        form=form or _settings_form(), tie_form=TieForm(formdata=None), filters=filters,
        filter_args=_filter_args(filters), sections=palette.palette_sections(items), found=len(items),
        role_sections=palette.ROLE_SECTIONS,
        palette_symbols=_PALETTE_SYMBOLS, species=engine.load_catalogue().by_id, added=added,
        **_palette_words(reader_language()),
    )


# The refused add form is given back as typed, its refusal at the workshop's top (the palette's choice is
# many radio buttons: there is no one field to write it beside).
WORKSHOP = Page("bouquets/workshop.html", _workshop, block="atelier")


# The palette's swatches reuse one set of symbols, defined once in the page.
_PALETTE_SYMBOLS = symbol_defs("pal")


@lru_cache(maxsize=4)
def _palette_words(language: str) -> dict[str, dict]:
    """The palette's colour families, flower roles and unit prices ("1,00 € HT", "€1.00 excl. VAT") in the
    reader's language: the same words for everyone, for each of the hundred options, worked out once."""
    catalogue = engine.load_catalogue()
    return {
        "families": {family: _(family) for family in FAMILIES},
        "roles": {role: str(label) for role, label in palette.ROLE_LABELS.items()},
        "unit_prices": {species.id: _("%(price)s HT", price=euros(species.unit_wholesale_ht))
                        for species in catalogue.species},
        "colour_names": {f"{species.id}|{colour}": colour_name(colour, species.id)
                         for species in catalogue.species for colour in species.colours},
        "forms": {species.id: form_of(species) for species in catalogue.species},
        "species_names": {species.id: species_name(species.id) for species in catalogue.species},
    }


def _after_change(brief: Brief, settings: dict[str, str] | None = None):
    if wants_fragment():
        return WORKSHOP.show(brief)
    # Back to the bouquet itself, below the palette, to see what the change did.
    return redirect(url_for("bouquets.workshop", brief_id=brief.id, _anchor="atelier",
                            **_filter_args(_filters()), **(settings or {})))


def _refused(brief: Brief, refusal: Refused, form: AddStemsForm | None = None):
    if not wants_fragment():
        flash(refusal.message, "error")
    return WORKSHOP.refuse(refusal, brief, form=form)


@bp.route("/atelier/<int:brief_id>")
@roles_required("learner")
def workshop(brief_id: int):
    return WORKSHOP.show(_brief(brief_id))


@bp.route("/atelier/<int:brief_id>/ajouter", methods=["POST"])
@roles_required("learner")
def add(brief_id: int):
    brief = _brief(brief_id)
    form = AddStemsForm()
    if not form.validate_on_submit():
        # Form-level errors (key None) have no field, hence no label.
        errors = [(f"{form[name].label.text} : " if name in form._fields else "") + " ".join(map(str, messages))
                  for name, messages in form.errors.items()]
        return _refused(brief, Refused(" ".join(errors)), form)
    try:
        species_id, colour = palette.parse_choice(form.choice.data)
        group = Group(species_id, colour, form.count.data, form.length.data, int(form.ring.data),
                      form.direction.data, bool(form.stripped.data))
        drafts.add_group(current_user.id, brief, group)
    except drafts.WorkshopRefused as refusal:
        return _refused(brief, refusal, form)
    if wants_fragment():
        return WORKSHOP.show(brief, added=stems_in_words([asdict(group)])[0])
    return _after_change(brief, _settings_args(form))


@bp.route("/atelier/<int:brief_id>/retirer/<int:index>", methods=["POST"])
@roles_required("learner")
def remove(brief_id: int, index: int):
    brief = _brief(brief_id)
    try:
        drafts.remove_group(current_user.id, brief, index)
    except drafts.WorkshopRefused as refusal:
        return _refused(brief, refusal)
    return _after_change(brief)


@bp.route("/atelier/<int:brief_id>/deplacer/<int:index>/<any(avant,apres):way>", methods=["POST"])
@roles_required("learner")
def move(brief_id: int, index: int, way: str):
    brief = _brief(brief_id)
    try:
        drafts.move_group(current_user.id, brief, index, -1 if way == "avant" else 1)
    except drafts.WorkshopRefused as refusal:
        return _refused(brief, refusal)
    return _after_change(brief)


@bp.route("/atelier/<int:brief_id>/vider", methods=["POST"])
@roles_required("learner")
def clear(brief_id: int):
    brief = _brief(brief_id)
    drafts.clear(current_user.id, brief)
    return _after_change(brief)


@bp.route("/atelier/<int:brief_id>/liage", methods=["POST"])
@roles_required("learner")
def tie(brief_id: int):
    brief = _brief(brief_id)
    form = TieForm()
    if not form.validate_on_submit():
        return _refused(brief, drafts.WorkshopRefused(drafts.TIE_HEIGHT_OUT_OF_RANGE))
    try:
        drafts.set_tie_height(current_user.id, brief, form.tie_height.data)
    except drafts.WorkshopRefused as refusal:
        return _refused(brief, refusal)
    return _after_change(brief)


@bp.route("/atelier/<int:brief_id>/soumettre", methods=["POST"])
@roles_required("learner")
def submit(brief_id: int):
    brief = _brief(brief_id)
    try:
        submission = drafts.submit(current_user.id, brief)
    except drafts.WorkshopRefused as refusal:
        return _refused(brief, refusal)
    flash(_("Bouquet soumis : %(total)s / 100.", total=submission.total), "success")
    return redirect(url_for("bouquets.attempt", submission_id=submission.id))


@bp.route("/atelier/<int:brief_id>/essais")
@roles_required("learner")
def attempts(brief_id: int):
    brief = _brief(brief_id)
    submissions = drafts.history(current_user.id, brief)  # newest first
    comparison, form = None, None
    if len(submissions) >= 2:
        form = CompareForm(request.args)
        # Numbered from the first: two tries of the same day still read apart. Short enough for a phone's
        # width (a choice does not wrap): the score before the day, the time left to the table below.
        choices = [(s.id, _("n° %(n)s — %(total)s / 100 — %(date)s", n=len(submissions) - index,
                            date=paris_date(s.submitted_at), total=s.total))
                   for index, s in enumerate(submissions)]
        form.avant.choices, form.apres.choices = choices, choices
        if not (request.args and form.validate()) or form.avant.data == form.apres.data:
            form.avant.data, form.apres.data = submissions[1].id, submissions[0].id  # the last two tries
        by_id = {s.id: s for s in submissions}
        comparison = compare(by_id[form.avant.data], by_id[form.apres.data])
    shown = [comparison.before, comparison.after] if comparison else []
    return render_template(
        "bouquets/attempts.html", brief=brief, submissions=submissions, form=form, comparison=comparison,
        drawings={s.id: drafts.snapshot_svg(s, ident=f"e{s.id}", side_view=False) for s in shown},
        prices={s.id: drafts.snapshot_price(s) for s in shown}, species=engine.load_catalogue().by_id,
        comments=review.comments_of([s.id for s in submissions]), **_palette_words(reader_language()))


@bp.route("/essais/<int:submission_id>")
@roles_required("learner")
def attempt(submission_id: int):
    submission = drafts.own_submission_or_none(current_user.id, submission_id)
    if submission is None:
        if drafts.submission_exists(submission_id):
            events.refuse_other_persons_data(current_user.id, "essai de bouquet")
        abort(404)  # another learner's attempt is not even acknowledged
    return render_template("bouquets/attempt.html", submission=submission, data=json.loads(submission.snapshot),
                           svg=drafts.snapshot_svg(submission),
                           comments=review.comments_of([submission.id]).get(submission.id, []))
