"""retention sweep."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.cli.options import as_of_option
from portal.retention.sweep import SweepRefused, sweep

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
               f"{report.purged} pièce(s) d'archive purgée(s).")


COMMANDS = (group,)
