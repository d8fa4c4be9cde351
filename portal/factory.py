"""create_app() builds the WSGI application: config, databases, extensions, blueprints, CLI commands.

It sits above every other module of the portal (the top layer of pyproject.toml's contract) and apart
from the package's __init__.py: importing any `portal.*` module runs that file first, and a worker, a
command or the pure bouquet engine must not load every view of the portal on the way."""
from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal import (
    blueprints,
    cli,
    declared,
    delivery,
    errors,
    i18n,
    request_log,
    template_language,
    templating,
)
from portal import config as settings
from portal.accounts.service import load_session_account
from portal.db import bind_zones, release_zones
from portal.extensions import csrf, login_manager
from portal.formtools import PortalRequest
from portal.request_log import configure_logging
from portal.security import events, headers
from portal.vault import passwords

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    test_config = test_config or {}
    instance = Path(test_config.get("INSTANCE_PATH") or settings.instance_path())
    app = Flask(
        "portal",
        instance_path=str(instance),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.request_class = PortalRequest  # a file-upload view may accept a larger body than MAX_CONTENT_LENGTH
    app.config.update(settings.from_environment(instance))
    app.config.update(test_config)
    template_language.init_app(app)
    instance.mkdir(parents=True, exist_ok=True)

    configure_logging(app)
    bank = settings.bank_details_problem(app.config)
    if bank:  # printed on every invoice to be paid: refused before one is issued
        raise RuntimeError(bank)
    placement = settings.backup_placement(app.config, instance)
    if placement and not app.config["DEMO_MODE"]:
        logging.getLogger("petale").warning(placement)
    passwords.configure(
        time_cost=app.config["ARGON2_TIME_COST"], memory_cost=app.config["ARGON2_MEMORY_COST"],
        parallelism=app.config["ARGON2_PARALLELISM"],
    )
    bind_zones(app.config)
    app.teardown_appcontext(lambda exc: release_zones())

    _init_extensions(app)
    blueprints.register(app)
    declared.install()

    errors.register(app, on_forbidden=events.record_refused_page)
    request_log.register(app)
    headers.register(app)
    cli.register(app)
    templating.register(app)
    return app


def _init_extensions(app: Flask) -> None:
    i18n.init_app(app)
    delivery.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Connectez-vous pour accéder à cette page.")
    login_manager.login_message_category = "info"
    # "basic": a learner on mobile data changes IP often; "strong" would log them out each time.
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_session_account)
