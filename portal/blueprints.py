"""Every blueprint of the portal, in registration order. Imported by create_app() only, when an
application is built (see portal/__init__.py): a worker or the bouquet engine never loads the views."""
from __future__ import annotations

from flask import Flask

from portal.accountability import report_views  # noqa: F401  (its routes are on the journal's blueprint)
from portal.accountability.journal_views import bp as accountability
from portal.attendance.views import bp as attendance
from portal.backoffice.views import bp as backoffice
from portal.bouquets import review_views  # noqa: F401  (its routes are on the workshop's blueprint)
from portal.bouquets.views import bp as bouquets
from portal.certificates.views import bp as certificates
from portal.contracts.views import bp as contracts
from portal.contracts.views import staff_bp as contract_desk
from portal.course_admin.views import bp as manage
from portal.dpo import home_views  # noqa: F401  (its route is on the dpo blueprint)
from portal.dpo.views import bp as dpo
from portal.forum.desk_views import bp as question_desk
from portal.forum.views import bp as forum
from portal.funding.views import bp as funding
from portal.improvement.complaint_views import bp as complaints
from portal.improvement.survey_views import bp as surveys
from portal.improvement.views import bp as improvement
from portal.jobs.views import bp as jobs_admin
from portal.learner_home.views import bp as learner_home
from portal.learners.enrolment_views import bp as enrolments
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
from portal.privacy import policy_views, requisition_views  # noqa: F401  (on the register's blueprint)
from portal.privacy.register_views import bp as privacy_register
from portal.privacy.views import bp as privacy
from portal.retention.archive_views import bp as archives
from portal.retention.views import bp as retention
from portal.security import alert_views  # noqa: F401  (its route is on the incidents' blueprint)
from portal.security.incident_views import bp as incidents
from portal.signin.profile import bp as profile
from portal.signin.security_views import bp as security
from portal.signin.views import bp as accounts
from portal.site.views import bp as site
from portal.stats.views import bp as stats
from portal.trainer.views import bp as trainer

BLUEPRINTS = (site, accounts, profile, learning, learner_home, personalisation, player, bouquets, forum, question_desk,
              trainer, privacy, retention, dpo, privacy_register, incidents, accountability, archives, backoffice,
              manage, funding, learners, enrolments, attendance, certificates, invoicing, payments, local_provider,
              stats, security, jobs_admin, news, offline, contracts, contract_desk,
               improvement, surveys, complaints)


def register(app: Flask) -> None:
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
