"""Catalogue, course pages, enrolment and the learner space."""
from __future__ import annotations

from flask import Blueprint, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import roles_required
from portal.formtools import ConfirmForm
from portal.i18n import language
from portal.learning import calendar_feed, catalogue
from portal.learning.calendar import (
    MODULE_OPENS,
    SESSION_ENDS,
    SESSION_STARTS,
    CalendarEntry,
    as_ical,
    learner_calendar,
)
from portal.learning.forms import FUNDING_LABELS, EnrollForm
from portal.links import external_url
from portal.pages import found_or_404
from portal.timeutil import paris_today

bp = Blueprint("learning", __name__)


@bp.route("/")
def catalogue_page():
    return render_template("learning/catalogue.html", courses=catalogue.published_courses())


@bp.route("/cours/<slug>")
def course(slug: str):
    account_id = current_user.id if current_user.is_authenticated else None
    page = found_or_404(catalogue.course_page(slug, account_id, paris_today()))
    return render_template("learning/course.html", page=page, form=EnrollForm(), funding_labels=FUNDING_LABELS)


@bp.route("/cours/<slug>/inscription", methods=["POST"])
@roles_required("learner")
def enroll(slug: str):
    form = EnrollForm()
    if not form.validate_on_submit() or not form.session_id.data.isdigit():
        flash(_("Choisissez une session et un mode de financement."), "error")
        return redirect(url_for("learning.course", slug=slug)), 303
    if form.funding.data == catalogue.SELF_FUNDED:
        # Paying it herself, she signs the training contract first: signing enrols her (L6353-3).
        return redirect(url_for("contracts.offer", slug=slug, session=form.session_id.data), 303)
    try:
        catalogue.enroll(current_user.id, int(form.session_id.data), form.funding.data, paris_today())
    except catalogue.EnrollmentRefused as refusal:
        flash(str(refusal), "error")
        return redirect(url_for("learning.course", slug=slug)), 303
    flash(_("Votre inscription est enregistrée. Bonne formation !"), "success")
    return redirect(url_for("learner_home.space"))


@bp.route("/mon-espace/calendrier")
@roles_required("learner")
def calendar():
    token = calendar_feed.token_of(current_user.id)
    feed_url = external_url("learning.calendar_feed_file", token=token) if token else None
    return render_template("learning/calendar.html", entries=learner_calendar(current_user.id), today=paris_today(),
                           kinds=_calendar_words(), feed_url=feed_url, form=ConfirmForm())


@bp.route("/mon-espace/calendrier.ics")
@roles_required("learner")
def calendar_file():
    body = as_ical(learner_calendar(current_user.id), _calendar_words(), _("Ma formation Pétale"), _event_link)
    return _ical_response(body, 'attachment; filename="petale-calendrier.ics"')


@bp.route("/calendrier/<token>.ics")
def calendar_feed_file(token: str):
    """Fetched by her calendar app, signed out: the token alone says whose calendar it is."""
    found = found_or_404(calendar_feed.calendar_for(token))
    entries, reader_language = found
    with language(reader_language):
        body = as_ical(entries, _calendar_words(), _("Ma formation Pétale"), _event_link)
    return _ical_response(body, 'inline; filename="petale-calendrier.ics"')


@bp.route("/mon-espace/calendrier/abonnement", methods=["POST"])
@roles_required("learner")
def subscribe_calendar():
    if ConfirmForm().validate_on_submit():
        replaced = calendar_feed.renew(current_user.id)
        flash(_("Nouvelle adresse d'abonnement créée ; l'ancienne ne fonctionne plus.") if replaced
              else _("Adresse d'abonnement créée : ajoutez-la à votre agenda."), "success")
    return redirect(url_for("learning.calendar") + "#abonnement")


@bp.route("/mon-espace/calendrier/abonnement/supprimer", methods=["POST"])
@roles_required("learner")
def unsubscribe_calendar():
    if ConfirmForm().validate_on_submit():
        calendar_feed.revoke(current_user.id)
        flash(_("Adresse d'abonnement supprimée : votre agenda ne reçoit plus les mises à jour."), "success")
    return redirect(url_for("learning.calendar") + "#abonnement")


def _ical_response(body: bytes, disposition: str):
    response = make_response(body)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = disposition
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _event_link(entry: CalendarEntry) -> str:
    """Each event leads back to its page: the course's programme, at the module that opens."""
    anchor = f"#module-{entry.module_id}" if entry.module_id else "#plan"
    return external_url("learning.course", slug=entry.course_slug) + anchor


def _calendar_words() -> dict[str, str]:
    return {SESSION_STARTS: _("Début de la session « %(title)s » (%(course)s)"),
            MODULE_OPENS: _("Ouverture du module « %(title)s » (%(course)s)"),
            SESSION_ENDS: _("Fin de la session « %(title)s » (%(course)s)")}
