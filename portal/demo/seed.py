"""Demo data for `make run`: confirmed accounts of every role, password petale-demo."""
from __future__ import annotations

from dataclasses import dataclass

from portal.accounts.models import Account
from portal.accounts.service import Signup, create_confirmed_account
from portal.vault import service as vault

DEMO_PASSWORD = "petale-demo"


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    full_name: str
    display_name: str
    phone: str


DEMO_ACCOUNTS = [
    DemoAccount("staff", "gestion@petale.test", "Gaëlle Gestion", "Gaëlle (gestion)", "+33142000001"),
    DemoAccount("dpo", "dpo@petale.test", "Denis Protection", "Denis (DPO)", "+33142000002"),
    DemoAccount("trainer", "formatrice@petale.test", "Fanny Fleuriste", "Fanny", "+33612000003"),
    DemoAccount("trainer", "formateur2@petale.test", "Félix Feuillage", "Félix", "+33612000004"),
    DemoAccount("learner", "apprenant@petale.test", "Antoine Apprenant", "Antoine", "+33612000005"),
    DemoAccount("learner", "apprenante2@petale.test", "Amélie Apprenante", "Amélie", "+33612000006"),
]


def has_accounts() -> bool:
    return Account.select().exists()


def seed() -> None:
    """Demo accounts, courses, sessions and history; running it twice adds nothing."""
    seed_accounts()
    seed_content()


def seed_content() -> None:
    """Demo courses, sessions and learner history (skipped when the demo course exists)."""
    from portal.demo.bouquet_seed import seed_bouquets
    from portal.demo.forum_seed import seed_forum
    from portal.demo.learning_seed import seed_learning
    from portal.timeutil import paris_today

    today = paris_today()
    seed_learning(today)
    seed_bouquets(today)
    seed_forum(today)


def seed_accounts() -> None:
    """Create each demo account that is missing."""
    for demo in DEMO_ACCOUNTS:
        if vault.account_id_for_email(demo.email) is not None:
            continue
        create_confirmed_account(
            Signup(demo.full_name, demo.email, demo.phone, demo.display_name, DEMO_PASSWORD), role=demo.role
        )
