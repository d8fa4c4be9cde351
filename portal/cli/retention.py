"""retention sweep."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.cli.options import as_of_option
from portal.retention.sweep import SweepRefused, reactivate_login, sweep

group = AppGroup("retention", help="Retention of personal data.")


@group.command("sweep")
@as_of_option("du balayage")
def retention_sweep(day) -> None:
    """Warn idle accounts, archive unanswered ones, purge archive records past their date."""
    try:
        report = sweep(day)
    except SweepRefused as refusal:
        raise click.ClickException(str(refusal)) from None
    click.echo(f"Balayage au {day:%d/%m/%Y} : {report.warned} alerte(s), {report.archived} compte(s) archivé(s), "
               f"{report.deactivated} accès fermé(s), {report.pseudonymised} identité(s) d'ancien(s) membre(s) de "
               f"l'équipe effacée(s), {report.trainings_moved} formation(s) et "
               f"{report.invoices_moved} facture(s) passée(s) aux archives légales, "
               f"{report.purged} pièce(s) d'archive purgée(s).")


@group.command("reactivate")
@click.argument("email")
def reactivate(email: str) -> None:
    """Give a closed staff, trainer or dpo login back: the person receives a link to choose a password."""
    try:
        reactivate_login(email)
    except SweepRefused as refusal:
        raise click.ClickException(str(refusal)) from None
    click.echo("Accès rouvert : un lien pour choisir un mot de passe est envoyé par courriel.")


COMMANDS = (group,)
