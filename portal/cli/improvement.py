"""improvement surveys, improvement publish."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.cli.options import as_of_option
from portal.improvement.published_results import publish_all
from portal.improvement.survey_rounds import run_rounds

group = AppGroup("improvement", help="Improving the offer: satisfaction surveys and published results.")


@group.command("surveys")
@as_of_option("des questionnaires")
def surveys(day) -> None:
    """Invitations (hot, cold), reminders and closed rounds, as the daily job does."""
    report = run_rounds(day)
    click.echo(f"Questionnaires au {day:%d/%m/%Y} : {report.invited} invitation(s), {report.reminded} relance(s), "
               f"{report.closed} clôture(s).")


@group.command("publish")
@as_of_option("des résultats")
def publish(day) -> None:
    """Count every course's published results (last twelve months) as of the day."""
    click.echo(f"Résultats publiés au {day:%d/%m/%Y} pour {publish_all(day)} formation(s).")


COMMANDS = (group,)
