"""/sw.js (the service worker, at the root so that it may answer for every page), /hors-ligne (what it
shows for a page it does not have), /hors-ligne/envoi (what it answers to a form sent offline) and
/hors-ligne/jeton (a fresh form token for sending the queue)."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, jsonify, render_template
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from portal.access import roles_required
from portal.errors import as_visitor
from portal.i18n import language, reader_language
from portal.offline.marks import learner_mark

bp = Blueprint("offline", __name__)


@bp.route("/sw.js")
def service_worker():
    # A few kilobytes, read whole: the worker's own address must stay the same (no fingerprint), so
    # no-cache makes browsers check it on every visit rather than once a day.
    script = (Path(current_app.static_folder) / "sw.js").read_bytes()
    return Response(script, mimetype="text/javascript", headers={"Cache-Control": "no-cache"})


@bp.route("/hors-ligne")
def offline_page():
    """Shown by the service worker for a page it has not kept: the same for everyone, nothing personal.
    The worker fetches it within her session (for her language), but its copy is shown to whoever holds
    the phone offline, after she signed out too: rendered as to a visitor, it names no one."""
    return _kept_for_her("offline/page.html")


def _kept_for_her(template: str) -> Response:
    """As to a visitor, but in her language: taken before she becomes a visitor for the rest of the request
    (a visitor's pages are in the language of the browser's cookie, French for an English account)."""
    reader = reader_language()
    as_visitor()
    with language(reader):
        response = current_app.make_response(render_template(template, offline_copy=True))
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/hors-ligne/envoi")
def not_sent_page():
    """Shown by the service worker for a form the browser sent while the network was away: kept with the
    offline page, the same for everyone (as to a visitor, like the offline page)."""
    return _kept_for_her("offline/not_sent.html")


@bp.route("/hors-ligne/jeton")
@roles_required("learner")
def token():
    """A page kept offline may carry an expired form token: the queue asks for the session's own. With it,
    whose session it is (her opaque mark): the offline page names no one, and sends only her own items."""
    response = jsonify(jeton=generate_csrf(), marque=learner_mark(current_user.id))
    response.headers["Cache-Control"] = "no-store"
    return response
