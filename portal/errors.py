"""French error pages for every HTTP error, CSRF failures included."""
from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask, current_app, g, redirect, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, MethodNotAllowed, ServiceUnavailable

from portal import db
from portal.extensions import login_manager
from portal.refusals import Refused

log = logging.getLogger("petale.errors")

MESSAGES = {
    400: (_l("Requête incorrecte"),
          _l("Le formulaire envoyé n'est pas complet ou pas valide. Revenez en arrière et réessayez.")),
    401: (_l("Connexion nécessaire"), _l("Connectez-vous pour voir cette page.")),
    403: (_l("Accès refusé"), _l("Votre compte n'a pas accès à cette page.")),
    404: (_l("Page introuvable"),
          _l("Cette adresse ne correspond à aucune page. Vérifiez-la ou repartez de l'accueil.")),
    405: (_l("Méthode non autorisée"), _l("Cette page ne s'utilise pas de cette façon.")),
    413: (_l("Envoi trop volumineux"), _l("Ce que vous avez envoyé dépasse la taille autorisée.")),
    429: (_l("Trop de tentatives"), _l("Patientez un peu avant de réessayer.")),
    500: (_l("Erreur du serveur"), _l("Un problème est survenu de notre côté. Réessayez dans un instant.")),
    503: (_l("Service momentanément indisponible"),
          _l("Le service est momentanément indisponible. Réessayez dans un instant.")),
}
# What a 503 asks a browser or a client to wait: a database restart or failover takes seconds.
RETRY_AFTER_SECONDS = 5
CSRF_MESSAGE = _l(
    "Ce formulaire a expiré ou n'a pas pu être vérifié (par sécurité). Rechargez la page et envoyez-le de nouveau."
)


def render_error(code: int, message=None):
    title, default = MESSAGES.get(code, MESSAGES[500 if code >= 500 else 400])
    return render_template("errors/error.html", code=code, title=title, message=message or default), code


def register(app: Flask, on_forbidden: Callable[[], None] | None = None) -> None:
    """on_forbidden: called when a page is refused (403), so that security records the refusal; the
    foundations know nothing of security."""

    @app.errorhandler(Refused)
    def refused(error: Refused):
        # A service's refusal a view did not catch: still its sentence and its status, never a 500.
        return render_error(error.status, error.message)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_error(400, CSRF_MESSAGE)

    @app.errorhandler(MethodNotAllowed)
    def method_not_allowed(error: MethodNotAllowed):
        """A page reloaded after a form (htmx put the form's address in the history), or a form's address
        opened: back to the page the form belongs to, never « Méthode non autorisée »."""
        if request.method != "GET":
            return render_error(405)
        return redirect(_page_of(request.path), 303)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code == 403 and on_forbidden is not None:
            try:
                on_forbidden()
            except Exception:  # the refusal page must be served even if recording fails
                log.exception("could not record a refused access")
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        if db.unavailable(error):
            return database_unavailable(error)
        log.exception("unhandled error")
        return render_error(InternalServerError.code)


def as_visitor() -> None:
    """The rest of this request is rendered as to a visitor, whoever is signed in (the session is kept)."""
    g._login_user = login_manager.anonymous_user()


def database_unavailable(error: Exception):
    """The database was away (restarting, failing over) or dropped the connection under this request:
    an outage, not a bug. The page is shown as to a visitor: the signed-in person's account (and the
    counters of the navigation) would need the database again. The dropped connection itself is
    reopened by the next request (portal.db)."""
    log.warning("database unavailable: %s", error.__class__.__name__)
    as_visitor()
    body, code = render_error(ServiceUnavailable.code)
    return body, code, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def _page_of(path: str) -> str:
    """The nearest address above `path` that a GET can show (/gestion/apprenants/recherche →
    /gestion/apprenants), or the home page."""
    adapter = current_app.url_map.bind("")
    while path not in ("", "/"):
        path = path.rstrip("/").rsplit("/", 1)[0] or "/"
        try:
            adapter.match(path, method="GET")
        except HTTPException:
            continue
        return path
    return "/"
