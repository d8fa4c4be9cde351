"""Every blueprint of the portal, in registration order. Imported by create_app() only, when an
application is built (see portal/__init__.py): a worker or the bouquet engine never loads the views."""
from __future__ import annotations

from flask import Flask

from portal.attendance.views import bp as attendance
from portal.backoffice.views import bp as backoffice
from portal.bouquets.views import bp as bouquets
from portal.certificates.views import bp as certificates
from portal.course_admin.views import bp as manage
from portal.dpo import (  # noqa: F401  (their routes are on the dpo blueprint)
    archive_views,
    audit_views,
    home_views,
    incident_views,
    policy_views,
    report_views,
    requisition_views,
    security_views,
)
from portal.dpo.views import bp as dpo
from portal.forum.views import bp as forum
from portal.funding.views import bp as funding
from portal.jobs.views import bp as jobs_admin
from portal.learner_home.views import bp as learner_home
from portal.learners.views import bp as learners
from portal.learning.views import bp as learning
from portal.news.views import bp as news
from portal.offline.views import bp as offline
from portal.payments import receivable_views  # noqa: F401  (its routes are on the payments blueprint)
from portal.payments.invoice_views import bp as invoicing
from portal.payments.views import bp as payments
from portal.payments.views import local_bp as local_provider
from portal.personalisation.views import bp as personalisation
from portal.player.views import bp as player
from portal.privacy.views import bp as privacy
from portal.retention.views import bp as retention
from portal.signin.profile import bp as profile
from portal.signin.security_views import bp as security
from portal.signin.views import bp as accounts
from portal.site.views import bp as site
from portal.stats.views import bp as stats
from portal.trainer.views import bp as trainer

BLUEPRINTS = (site, accounts, profile, learning, learner_home, personalisation, player, bouquets, forum, trainer,
              privacy, retention, dpo, backoffice, manage, funding, learners, attendance, certificates, invoicing,
              payments, local_provider, stats, security, jobs_admin, news, offline)


def register(app: Flask) -> None:
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
