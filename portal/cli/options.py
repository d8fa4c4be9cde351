"""Options shared by several commands."""
from __future__ import annotations

import click

from portal.timeutil import paris_today


def as_of_option(what: str):
    """--as-of AAAA-MM-JJ for a drill at a given date; today in Paris when absent. Gives `day`, a date."""
    def to_date(ctx, param, value):
        return value.date() if value else paris_today()

    return click.option("--as-of", "day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, callback=to_date,
                        help=f"Date {what} (AAAA-MM-JJ), pour un exercice ; aujourd'hui par défaut.")
