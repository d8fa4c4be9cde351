"""Dates and accounts for the retention sweep: a sweep day, an idle account, everyone else recently seen."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from portal.accounts.models import Account

AS_OF = date(2027, 12, 1)


def idle(app, email="apprenant@petale.test", days=400):
    from portal.vault.service import account_id_for_email

    with app.app_context():
        account_id = account_id_for_email(email)
        last_login = datetime(2027, 12, 1) - timedelta(days=days)
        Account.update(last_login_at=last_login).where(Account.id == account_id).execute()
        return account_id


def recent_everyone_else(app):
    with app.app_context():
        Account.update(last_login_at=datetime(2027, 11, 20)).execute()
