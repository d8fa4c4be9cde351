"""privacy resume: finish the erasures a crash interrupted."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.privacy.erasure import resume_erasures

group = AppGroup("privacy", help="Personal data: erasures.")


@group.command("resume")
def privacy_resume() -> None:
    """Finish every account erasure that was interrupted (the daily sweep does it too)."""
    click.echo(f"{resume_erasures()} effacement(s) repris et terminé(s).")


COMMANDS = (group,)
