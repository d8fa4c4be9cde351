"""reminders send."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.cli.options import as_of_option
from portal.reminders.service import send_due

group = AppGroup("reminders", help="Operational reminders to learners.")


@group.command("send")
@as_of_option("des rappels")
def reminders_send(day) -> None:
    """Session start (D-7, D-1), modules released, course updates, inactivity nudges."""
    report = send_due(day)
    click.echo(f"Rappels au {day:%d/%m/%Y} : {report.session_starts} début(s) de session, "
               f"{report.releases} module(s) ouvert(s), {report.updates} mise(s) à jour, "
               f"{report.nudges} relance(s) d'inactivité.")


COMMANDS = (group,)
