"""jobs-run."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from portal.jobs.inprocess import run_due


@click.command("jobs-run")
@with_appcontext
def jobs_run() -> None:
    """Run the jobs that are due now, in this process, and exit."""
    click.echo(f"{run_due(current_app)} tâche(s) exécutée(s).")


COMMANDS = (jobs_run,)
