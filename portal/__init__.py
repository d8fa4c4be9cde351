"""Pétale: create_app() builds the WSGI application.

Every `portal.*` module import runs this file first, so it imports only what it needs at the top: the
views, services and tools are imported inside create_app() and its helpers, when an application is
built. A worker, the CLI or the pure bouquet engine do not load every view of the portal that way."""
from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal import config as settings
from portal.db import bind_zones, release_zones
from portal.extensions import csrf, login_manager

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
    app.config.update(settings.from_environment(instance))
    app.config.update(test_config)
    from portal import template_language  # inside: see the module's docstring

    template_language.init_app(app)
    instance.mkdir(parents=True, exist_ok=True)

    from portal.request_log import configure_logging

    configure_logging(app)
    from portal.vault import passwords

    passwords.configure(
        time_cost=app.config["ARGON2_TIME_COST"], memory_cost=app.config["ARGON2_MEMORY_COST"],
        parallelism=app.config["ARGON2_PARALLELISM"],
    )
    bind_zones(app.config)
    app.teardown_appcontext(lambda exc: release_zones())

    _init_extensions(app)
    _register_blueprints(app)

    from portal import cli, errors, request_log, templating  # inside: see the module's docstring
    from portal.security import headers

    errors.register(app)
    request_log.register(app)
    headers.register(app)
    cli.register(app)
    templating.register(app)
    return app


def _init_extensions(app: Flask) -> None:
    # Imports inside the factory's helpers: see the module's docstring.
    from portal import delivery, i18n
    from portal.accounts.service import load_session_account

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


def _register_blueprints(app: Flask) -> None:
    # Imports inside the factory's helpers: see the module's docstring.
    from portal.accounts.profile import bp as profile
    from portal.accounts.views import bp as accounts
    from portal.attendance.views import bp as attendance
    from portal.bouquets.views import bp as bouquets
    from portal.certificates.views import bp as certificates
    from portal.course_admin.views import bp as manage
    from portal.dpo import (  # noqa: F401  (routes on the dpo blueprint)
        audit_views,
        incident_views,
        policy_views,
        report_views,
        requisition_views,
        security_views,
    )
    from portal.dpo.views import bp as dpo
    from portal.forum.views import bp as forum
    from portal.funding.views import bp as funding
    from portal.invoicing.views import bp as invoicing
    from portal.jobs.views import bp as jobs_admin
    from portal.learners.views import bp as learners
    from portal.learning.views import bp as learning
    from portal.payments.views import bp as payments
    from portal.payments.views import local_bp as local_provider
    from portal.player.views import bp as player
    from portal.privacy.views import bp as privacy
    from portal.retention.views import bp as retention
    from portal.security.views import bp as security
    from portal.site.views import bp as site
    from portal.stats.views import bp as stats
    from portal.trainer.views import bp as trainer

    for blueprint in (site, accounts, profile, learning, player, bouquets, forum, trainer, privacy, retention, dpo,
                      manage, funding, learners, attendance,
                      certificates, invoicing, payments, local_provider, stats,
                      security, jobs_admin):
        app.register_blueprint(blueprint)
