"""stats bpf --year YYYY."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.stats.bpf import as_csv, report

group = AppGroup("stats", help="Statistics for the authorities.")


@group.command("bpf")
@click.option("--year", "year", type=click.IntRange(2000, 2100), required=True, help="Année civile (AAAA).")
@click.option("--diffusion-externe", "shared", is_flag=True, help="Masquer les cases de moins de 3 stagiaires.")
def stats_bpf(year: int, shared: bool) -> None:
    """Print the BPF figures of a year as CSV (no personal data; exact, or small cells suppressed)."""
    click.echo(as_csv(report(year), shared=shared).lstrip("\ufeff"), nl=False)


COMMANDS = (group,)
