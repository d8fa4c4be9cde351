"""backup create | verify FILE | restore FILE."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.backup import archive_file, service
from portal.privacy import ledger
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
        verified = service.verify(file, set(ledger.erased()))
    except (archive_file.BadBackup, service.BackupRefused, ledger.LedgerMisplaced) as refusal:
        raise click.ClickException(str(refusal)) from None
    click.echo(f"Sauvegarde intègre : {verified.tables} tables restaurées à l'essai et identiques au manifeste.")
    if verified.resurrecting is None:
        click.echo("Comptes effacés depuis : non vérifiable sur une sauvegarde PostgreSQL sans la restaurer ; "
                   "`backup restore` les efface de nouveau.")
    else:
        click.echo(f"Comptes effacés depuis cette sauvegarde, qu'une restauration effacera de nouveau : "
                   f"{verified.resurrecting}.")


@group.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def backup_restore(file: str) -> None:
    """Restore a backup into an empty instance (run init-db only after, never before)."""
    try:
        restored = service.restore(file)
        # The ledger is outside the backup: whoever was erased after it was taken is erased again.
        replayed = replay_ledger()
    except (archive_file.BadBackup, service.BackupRefused, ledger.LedgerMisplaced) as refusal:
        raise click.ClickException(str(refusal)) from None
    click.echo("Restauré : " + ", ".join(f"{zone} ({n} tables)" for zone, n in restored.items()))
    click.echo(f"Effacements rejoués d'après le registre des effacements : {replayed}.")


COMMANDS = (group,)
