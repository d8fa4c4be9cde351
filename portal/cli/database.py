"""init-db, check-schema, make-migration, seed-demo."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from portal.certificates import public_check
from portal.demo.class_seed import seed_class
from portal.demo.seed import DEMO_ACCOUNTS, DEMO_PASSWORD, has_accounts, seed, seed_content
from portal.schema import make_migration, migrate_all, pending_migrations
from portal.timeutil import paris_today
from portal.vault.wording import role as role_words


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create the three databases and apply pending migrations (idempotent)."""
    applied_by_zone, indexed = bring_up_to_date()
    for zone, applied in applied_by_zone.items():
        click.echo(f"{zone}: {', '.join(applied) if applied else 'à jour'}")
    if indexed.from_main or indexed.from_archive:
        click.echo(f"Vérification publique : {indexed.from_main + indexed.from_archive} attestation(s) indexée(s).")


def bring_up_to_date() -> tuple[dict[str, list[str]], public_check.Indexed]:
    """What init-db does, for whoever opens an instance without the command (the benchmarks on their large
    set, which migrations added since it was built would otherwise leave answering 503): every pending
    migration of every zone, then the public check's index of certificates issued before it existed."""
    return migrate_all(), public_check.index_missing()


def refuse_stale_schema() -> None:
    """Stop the command while migrations are pending: served on an older schema, every page touching a new
    column would answer 500."""
    pending = pending_migrations()
    if pending:
        waiting = "; ".join(f"{zone} : {', '.join(names)}" for zone, names in pending.items())
        click.echo(f"La base de données n'est pas à jour ({waiting}). Lancez d'abord "
                   "« flask --app app init-db » (ou « make run », qui le fait).", err=True)
        raise SystemExit(1)


@click.command("check-schema")
@with_appcontext
def check_schema() -> None:
    """Exit 1, saying what to run, while migrations are pending (the web unit's ExecStartPre)."""
    refuse_stale_schema()
    click.echo("Base de données à jour.")


@click.command("make-migration")
@click.argument("zone", type=click.Choice(["main", "vault", "archive"]))
@click.argument("name")
@with_appcontext
def new_migration(zone: str, name: str) -> None:
    """Write a migration for the changes in a zone's models."""
    click.echo(make_migration(zone, name) or "Aucun changement.")


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Ne rien faire si des comptes existent déjà.")
@click.option("--learners", type=click.IntRange(0, 5000), default=0,
              help="Ajouter autant d'apprenants inventés, inscrits et facturés : les listes de la gestion montrent "
                   "alors leurs pages.")
@with_appcontext
def seed_demo(if_empty: bool, learners: int) -> None:
    """Load the demo accounts (password petale-demo)."""
    if if_empty and has_accounts():
        # Accounts are never recreated on a used instance (someone may have deleted theirs);
        # demo courses are added if an older instance lacks them.
        seed_content()
        click.echo("Données de démonstration déjà présentes.")
    else:
        seed()
        click.echo("Données de démonstration chargées.")
    if learners:
        added = seed_class(learners, paris_today())
        click.echo(f"{added} apprenants inventés ajoutés (« Classe 0001 »…), sans mot de passe.")
    click.echo(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :")
    roles = {account.role: role_words(account.role) for account in DEMO_ACCOUNTS}
    width = max(len(words) for words in roles.values())
    for account in DEMO_ACCOUNTS:
        click.echo(f"  {roles[account.role]:<{width}}  {account.email}  ({account.full_name})")


COMMANDS = (init_db, check_schema, new_migration, seed_demo)
