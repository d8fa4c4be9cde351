"""init-db, make-migration, seed-demo."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from portal.demo.seed import DEMO_ACCOUNTS, DEMO_PASSWORD, has_accounts, seed, seed_content
from portal.schema import make_migration, migrate_all


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create the three databases and apply pending migrations (idempotent)."""
    for zone, applied in migrate_all().items():
        click.echo(f"{zone}: {', '.join(applied) if applied else 'à jour'}")


@click.command("make-migration")
@click.argument("zone", type=click.Choice(["main", "vault", "archive"]))
@click.argument("name")
@with_appcontext
def new_migration(zone: str, name: str) -> None:
    """Write a migration for the changes in a zone's models."""
    click.echo(make_migration(zone, name) or "Aucun changement.")


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Ne rien faire si des comptes existent déjà.")
@with_appcontext
def seed_demo(if_empty: bool) -> None:
    """Load the demo accounts (password petale-demo)."""
    if if_empty and has_accounts():
        # Accounts are never recreated on a used instance (someone may have deleted theirs);
        # demo courses are added if an older instance lacks them.
        seed_content()
        click.echo("Données de démonstration déjà présentes.")
    else:
        seed()
        click.echo("Données de démonstration chargées.")
    click.echo(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :")
    for account in DEMO_ACCOUNTS:
        click.echo(f"  {account.role:<8} {account.email}")


COMMANDS = (init_db, new_migration, seed_demo)
