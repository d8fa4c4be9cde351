"""audit verify."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.vault.audit import verify

group = AppGroup("audit", help="The audit log of access to personal data.")


@group.command("verify")
def audit_verify() -> None:
    """Recompute the hash chain; exit 1 at the first entry that was altered, inserted or removed."""
    result = verify()
    if not result.ok:
        raise click.ClickException(f"Chaîne rompue à l'entrée n° {result.broken_at} "
                                   f"({result.checked} entrée(s) intègre(s) avant elle).")
    click.echo(f"Journal intègre : {result.checked} entrée(s) vérifiée(s).")


COMMANDS = (group,)
