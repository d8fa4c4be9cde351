"""Periodic jobs, declared once: read by `rq cron` (jobs/cron.py), and handed by app.py to the in-process
runner (portal.jobs.inprocess.use_schedule), which may not import the capabilities named here."""
from __future__ import annotations

from datetime import timedelta

from portal.accountability.report import quarterly_report
from portal.backup.service import daily_backup
from portal.contracts.billing import daily_contract_billing
from portal.contracts.service import daily_contract_offers
from portal.forum.digests import send_overdue_reminders, send_weekly_digests
from portal.improvement.published_results import daily_published_results
from portal.improvement.survey_rounds import daily_survey_rounds
from portal.jobs.inprocess import Periodic
from portal.jobs.maintenance import purge_finished_jobs
from portal.payments.receivables import daily_courtesy_reminders, daily_invoice_reminders
from portal.privacy.export import purge_expired_exports
from portal.reminders.service import daily_reminders
from portal.retention.sweep import daily_sweep

PERIODIC: list[Periodic] = [
    Periodic("purge-finished-jobs", purge_finished_jobs, timedelta(days=1)),
    Periodic("trainer-overdue-questions", send_overdue_reminders, timedelta(days=1)),
    # Daily: the first run of each week sends it, whatever the day the scheduler started on.
    Periodic("trainer-weekly-digest", send_weekly_digests, timedelta(days=1)),
    Periodic("purge-expired-exports", purge_expired_exports, timedelta(hours=1)),
    Periodic("retention-sweep", daily_sweep, timedelta(days=1)),
    Periodic("reminders", daily_reminders, timedelta(days=1)),
    Periodic("invoice-reminders", daily_invoice_reminders, timedelta(days=1)),
    Periodic("invoice-courtesy-reminders", daily_courtesy_reminders, timedelta(days=1)),
    # The contracts' deposits and instalments, invoiced on their day; reminders before each due date.
    Periodic("contract-billing", daily_contract_billing, timedelta(days=1)),
    # A self-funded enrolment made before contracts were mailed gets its contract offered, once.
    Periodic("contract-offers", daily_contract_offers, timedelta(days=1)),
    Periodic("satisfaction-surveys", daily_survey_rounds, timedelta(days=1)),
    Periodic("published-results", daily_published_results, timedelta(days=1)),
    Periodic("backup", daily_backup, timedelta(days=1)),
    Periodic("security-report", quarterly_report, timedelta(days=1)),
]

# How often pending rows are (re)sent to RQ: new rows whose dispatch failed, retries now due.
TICK_SECONDS = 30
