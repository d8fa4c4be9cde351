"""invoices check-paid [--repair]."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.invoicing.received import paid_totals_astray, repair_paid_totals
from portal.invoicing.service import euros

group = AppGroup("invoices", help="Invoices and the money they received.")


@group.command("check-paid")
@click.option("--repair", is_flag=True, help="Remettre chaque total à la somme des paiements du coffre.")
def check_paid(repair: bool) -> None:
    """Compare each invoice's paid total with its payments in the vault; exit 1 if one differs (unless
    repaired)."""
    astray = repair_paid_totals() if repair else paid_totals_astray()
    for row in astray:
        click.echo(f"{row.number} : {euros(row.stored_cents)} notés sur la facture, {euros(row.payments_cents)} "
                   f"de paiements au coffre{' (corrigé)' if repair else ''}.")
    if astray and not repair:
        raise click.ClickException(f"{len(astray)} facture(s) dont le total payé diffère des paiements : "
                                   "« flask --app app invoices check-paid --repair » les remet à la somme des "
                                   "paiements.")
    if not astray:
        click.echo("Chaque facture a pour total payé la somme de ses paiements.")


COMMANDS = (group,)
