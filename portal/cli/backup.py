"""backup create | verify FILE | restore FILE [--without-ledger] | replay-ledger."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.backup import archive_file, ledger, service
from portal.privacy.erasure import replay_ledger

group = AppGroup("backup", help="Encrypted backups of the three zones.")


@group.command("create")
def backup_create() -> None:
    """Snapshot the three zones into one encrypted file in BACKUP_DIR, then rotate (7 daily, 4 weekly)."""
    try:
        created = service.create()
    except service.BackupRefused as refusal:
        raise click.ClickException(str(refusal)) from None
    removed = service.rotate()
    click.echo(f"Sauvegarde écrite : {created.path} ({created.size} octets, {created.tables} tables) ; "
               f"{len(removed)} ancienne(s) supprimée(s).")


@group.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def backup_verify(file: str) -> None:
    """Decrypt, check and test-restore a backup without touching the instance."""
    try:
        erased = ledger.erased(required=True)
    except ledger.LedgerUnreadable as unreadable:
        erased = None
        missing = str(unreadable)
    try:
        verified = service.verify(file, set(erased or ()))
    except (archive_file.BadBackup, service.BackupRefused) as refusal:
        raise click.ClickException(str(refusal)) from None
    click.echo(f"Sauvegarde intègre : {verified.tables} tables restaurées à l'essai et identiques au manifeste.")
    if erased is None:
        click.echo(f"{missing} `backup restore` refusera de restaurer sans lui.")
        return
    if verified.resurrecting is None:
        click.echo("Comptes effacés depuis : non vérifiable sur une sauvegarde PostgreSQL sans la restaurer ; "
                   "`backup restore` les efface de nouveau.")
    else:
        click.echo(f"Comptes effacés depuis cette sauvegarde, qu'une restauration effacera de nouveau : "
                   f"{verified.resurrecting}.")


WITHOUT_LEDGER = (
    "Restauré SANS registre des effacements. Toute personne qui a supprimé son compte (ou a été effacée) après "
    "la prise de cette sauvegarde est de nouveau dans les bases, identité comprise, et rien ne le signale : "
    "ne servez pas cette instance avant d'avoir retrouvé le registre, puis lancez "
    "`flask --app app backup replay-ledger` pour les effacer de nouveau.")


@group.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--without-ledger", is_flag=True,
              help="Restore even though the erasure ledger cannot be read (it brings back everyone erased since).")
def backup_restore(file: str, without_ledger: bool) -> None:
    """Restore a backup into an empty instance (run init-db only after, never before). The erasure ledger,
    beside the backups but never in them, is read first: whoever was erased after the backup was taken is
    erased again; without a readable ledger, nothing is restored unless --without-ledger."""
    try:
        erased = None if without_ledger else ledger.erased(required=True)
    except ledger.LedgerUnreadable as refusal:
        raise click.ClickException(
            f"{refusal} Sans lui, la restauration ramènerait toute personne effacée depuis la sauvegarde : rien "
            "n'a été restauré. Montez le second site des sauvegardes à BACKUP_DIR (ou donnez son chemin par "
            "ERASURE_LEDGER), ou, en connaissance de cause, relancez avec --without-ledger.") from None
    try:
        restored = service.restore(file)
        replayed = replay_ledger(erased) if erased is not None else None
    except (archive_file.BadBackup, service.BackupRefused) as refusal:
        raise click.ClickException(str(refusal)) from None
    click.echo("Restauré : " + ", ".join(f"{zone} ({n} tables)" for zone, n in restored.items()))
    if replayed is None:
        click.echo(WITHOUT_LEDGER)
    else:
        click.echo(f"Effacements rejoués d'après le registre des effacements ({ledger.path()}) : {replayed}.")


@group.command("replay-ledger")
def backup_replay_ledger() -> None:
    """Erase again everyone the erasure ledger names that the databases still hold (after a restore made
    --without-ledger, once the ledger is found; harmless at any other time)."""
    try:
        replayed = replay_ledger(ledger.erased(required=True))
    except ledger.LedgerUnreadable as refusal:
        raise click.ClickException(str(refusal)) from None
    click.echo(f"Effacements rejoués d'après le registre des effacements ({ledger.path()}) : {replayed}.")


COMMANDS = (group,)
