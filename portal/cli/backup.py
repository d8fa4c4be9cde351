"""backup create | verify FILE | restore FILE."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.backup import archive_file, service

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
        compared = service.verify(file)
    except (archive_file.BadBackup, service.BackupRefused) as refusal:
        raise click.ClickException(str(refusal)) from None
    click.echo(f"Sauvegarde intègre : {compared} tables restaurées à l'essai et identiques au manifeste.")


@group.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def backup_restore(file: str) -> None:
    """Restore a backup into an empty instance (run init-db only after, never before)."""
    try:
        restored = service.restore(file)
    except (archive_file.BadBackup, service.BackupRefused) as refusal:
        raise click.ClickException(str(refusal)) from None
    click.echo("Restauré : " + ", ".join(f"{zone} ({n} tables)" for zone, n in restored.items()))


COMMANDS = (group,)
