"""Demo data for `make run`: confirmed accounts of every role, password petale-demo."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from portal.accounts.models import Account
from portal.demo.backoffice_seed import seed_backoffice
from portal.demo.bouquet_seed import seed_bouquets
from portal.demo.forum_seed import seed_forum
from portal.demo.improvement_seed import seed_improvement
from portal.demo.learning_seed import seed_learning
from portal.signin.service import Signup, create_confirmed_account
from portal.timeutil import paris_today, utcnow
from portal.vault import service as vault

DEMO_PASSWORD = "petale-demo"


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    full_name: str
    display_name: str
    phone: str
    # Opened before anything the demo says she did: Antoine's invoices from 45 days ago, Bérénice's deposit of
    # last 12 December (staff read « Compte ouvert le … » beside them); staff under a year, the age at which an
    # unused login closes.
    joined_days_ago: int = 300
    # Bérénice paid by card today: seen today, so her account of over a year is not an idle one to warn.
    seen_today: bool = False
    backoffice: bool = False  # only seeded with the back-office demo (certificate, invoices, payment)


DEMO_ACCOUNTS = [
    DemoAccount("staff", "gestion@petale.test", "Gaëlle Gestion", "Gaëlle", "+33142000001"),
    DemoAccount("dpo", "dpo@petale.test", "Denis Protection", "Denis", "+33142000002"),
    DemoAccount("trainer", "formatrice@petale.test", "Fanny Fleuriste", "Fanny", "+33612000003"),
    DemoAccount("trainer", "formateur2@petale.test", "Félix Feuillage", "Félix", "+33612000004"),
    DemoAccount("learner", "apprenant@petale.test", "Antoine Apprenant", "Antoine", "+33612000005",
                joined_days_ago=60),
    DemoAccount("learner", "apprenante2@petale.test", "Amélie Apprenante", "Amélie", "+33612000006",
                joined_days_ago=20),
    DemoAccount("learner", "berenice@petale.test", "Bérénice Bouquet", "Bérénice", "+33612000007",
                joined_days_ago=400, seen_today=True, backoffice=True),
]


def has_accounts() -> bool:
    return Account.select().exists()


def seed(backoffice: bool = True) -> None:
    """Demo accounts, courses, sessions and history; running it twice adds nothing. Without
    backoffice, no funding file, certificate, invoice or payment (tests start from a clean back office)."""
    seed_accounts(backoffice)
    seed_content(backoffice)


def seed_content(backoffice: bool = True) -> None:
    """Demo courses, sessions and learner history (skipped when the demo course exists)."""
    today = paris_today()
    seed_learning(today)
    seed_bouquets(today)
    seed_forum(today)
    seed_improvement(today)
    if backoffice:
        seed_backoffice(today)


def seed_accounts(backoffice: bool = True) -> None:
    """Create each demo account that is missing."""
    for demo in DEMO_ACCOUNTS:
        if (demo.backoffice and not backoffice) or vault.account_id_for_email(demo.email) is not None:
            continue
        account = create_confirmed_account(
            Signup(demo.full_name, demo.email, demo.phone, demo.display_name, DEMO_PASSWORD), role=demo.role
        )
        joined = datetime.combine(paris_today() - timedelta(days=demo.joined_days_ago), time(10))
        Account.update(created_at=joined, confirmed_at=joined, last_login_at=utcnow() if demo.seen_today else None,
                       ).where(Account.id == account.id).execute()
