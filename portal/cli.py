"""flask --app app <command>: init-db, seed-demo, serve, make-migration, jobs-run."""
from __future__ import annotations

import click
from flask import Flask, current_app

from portal.forum import mail_replies, reply_address
from portal.mail import inbound


def as_of_option(what: str):
    """--as-of AAAA-MM-JJ for a drill at a given date; today in Paris when absent. Gives `day`, a date."""
    def to_date(ctx, param, value):
        from portal.timeutil import paris_today

        return value.date() if value else paris_today()

    return click.option("--as-of", "day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, callback=to_date,
                        help=f"Date {what} (AAAA-MM-JJ), pour un exercice ; aujourd'hui par défaut.")


def register(app: Flask) -> None:
    @app.cli.command("init-db")
    def init_db() -> None:
        """Create the three databases and apply pending migrations (idempotent)."""
        from portal.schema import migrate_all

        for zone, applied in migrate_all().items():
            click.echo(f"{zone}: {', '.join(applied) if applied else 'à jour'}")

    @app.cli.command("make-migration")
    @click.argument("zone", type=click.Choice(["main", "vault", "archive"]))
    @click.argument("name")
    def make_migration(zone: str, name: str) -> None:
        """Write a migration for the changes in a zone's models."""
        from portal.schema import make_migration

        click.echo(make_migration(zone, name) or "Aucun changement.")

    @app.cli.command("seed-demo")
    @click.option("--if-empty", is_flag=True, help="Ne rien faire si des comptes existent déjà.")
    def seed_demo(if_empty: bool) -> None:
        """Load the demo accounts (password petale-demo)."""
        from portal.demo.seed import DEMO_ACCOUNTS, DEMO_PASSWORD, has_accounts, seed, seed_content

        if if_empty and has_accounts():
            # Accounts are never recreated on a used instance (someone may have deleted theirs);
            # demo courses are added if an older instance lacks them.
            seed_content()
            click.echo("Données de démonstration déjà présentes.")
        else:
            seed()
            click.echo("Données de démonstration chargées.")
        click.echo(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :")
        for account in DEMO_ACCOUNTS:
            click.echo(f"  {account.role:<8} {account.email}")

    @app.cli.group("retention")
    def retention() -> None:
        """Retention of personal data."""

    @retention.command("sweep")
    @as_of_option("du balayage")
    def retention_sweep(day) -> None:
        """Warn idle accounts, archive unanswered ones, purge archive records past their date."""
        from portal.retention.sweep import SweepRefused, sweep

        try:
            report = sweep(day)
        except SweepRefused as refusal:
            raise click.ClickException(str(refusal)) from None
        click.echo(f"Balayage au {day:%d/%m/%Y} : {report.warned} alerte(s), {report.archived} compte(s) archivé(s), "
                   f"{report.purged} pièce(s) d'archive purgée(s).")

    @app.cli.group("backup")
    def backup_group() -> None:
        """Encrypted backups of the three zones."""

    @backup_group.command("create")
    def backup_create() -> None:
        """Snapshot the three zones into one encrypted file in BACKUP_DIR, then rotate (7 daily, 4 weekly)."""
        from portal.backup import service

        try:
            created = service.create()
        except service.BackupRefused as refusal:
            raise click.ClickException(str(refusal)) from None
        removed = service.rotate()
        click.echo(f"Sauvegarde écrite : {created.path} ({created.size} octets, {created.tables} tables) ; "
                   f"{len(removed)} ancienne(s) supprimée(s).")

    @backup_group.command("verify")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False))
    def backup_verify(file: str) -> None:
        """Decrypt, check and test-restore a backup without touching the instance."""
        from portal.backup import archive_file, service

        try:
            compared = service.verify(file)
        except (archive_file.BadBackup, service.BackupRefused) as refusal:
            raise click.ClickException(str(refusal)) from None
        click.echo(f"Sauvegarde intègre : {compared} tables restaurées à l'essai et identiques au manifeste.")

    @backup_group.command("restore")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False))
    def backup_restore(file: str) -> None:
        """Restore a backup into an empty instance (run init-db only after, never before)."""
        from portal.backup import archive_file, service

        try:
            restored = service.restore(file)
        except (archive_file.BadBackup, service.BackupRefused) as refusal:
            raise click.ClickException(str(refusal)) from None
        click.echo("Restauré : " + ", ".join(f"{zone} ({n} tables)" for zone, n in restored.items()))

    @app.cli.group("audit")
    def audit_group() -> None:
        """The audit log of access to personal data."""

    @audit_group.command("verify")
    def audit_verify() -> None:
        """Recompute the hash chain; exit 1 at the first entry that was altered, inserted or removed."""
        from portal.vault.audit import verify

        result = verify()
        if not result.ok:
            raise click.ClickException(f"Chaîne rompue à l'entrée n° {result.broken_at} "
                                       f"({result.checked} entrée(s) intègre(s) avant elle).")
        click.echo(f"Journal intègre : {result.checked} entrée(s) vérifiée(s).")

    @app.cli.group("stats")
    def stats_group() -> None:
        """Statistics for the authorities."""

    @stats_group.command("bpf")
    @click.option("--year", "year", type=click.IntRange(2000, 2100), required=True, help="Année civile (AAAA).")
    def stats_bpf(year: int) -> None:
        """Print the BPF figures of a year as CSV (no personal data; small cells suppressed)."""
        from portal.stats.bpf import as_csv, report

        click.echo(as_csv(report(year)).lstrip("\ufeff"), nl=False)

    @app.cli.group("reminders")
    def reminders() -> None:
        """Operational reminders to learners."""

    @reminders.command("send")
    @as_of_option("des rappels")
    def reminders_send(day) -> None:
        """Session start (D-7, D-1), modules released, course updates, inactivity nudges."""
        from portal.reminders.service import send_due

        report = send_due(day)
        click.echo(f"Rappels au {day:%d/%m/%Y} : {report.session_starts} début(s) de session, "
                   f"{report.releases} module(s) ouvert(s), {report.updates} mise(s) à jour, "
                   f"{report.nudges} relance(s) d'inactivité.")

    @app.cli.command("jobs-run")
    def jobs_run() -> None:
        """Run the jobs that are due now, in this process, and exit."""
        from portal.jobs.inprocess import run_due

        click.echo(f"{run_due(current_app)} tâche(s) exécutée(s).")

    @app.cli.command("mail-inbound")
    @click.option("--host", default="127.0.0.1", help="Adresse d'écoute (0.0.0.0 derrière le MX).")
    @click.option("--port", default=2525, type=int, envvar="MAIL_INBOUND_PORT")
    def mail_inbound(host: str, port: int) -> None:
        """Receive replies to question notifications by SMTP and post them as the trainers' answers."""
        app = current_app._get_current_object()
        if not app.config.get("MAIL_INBOUND_DOMAIN"):
            raise click.ClickException("MAIL_INBOUND_DOMAIN n'est pas défini : aucune adresse de réponse n'est émise.")
        click.echo(f"Réception SMTP pour @{app.config['MAIL_INBOUND_DOMAIN']} sur {host}:{port}")
        inbound.serve(app, reply_address.is_ours, mail_replies.receive, host, port)

    @app.cli.command("serve")
    @click.option("--host", default="127.0.0.1")
    @click.option("--port", default=5000, type=int, envvar="PORT")
    def serve(host: str, port: int) -> None:
        """Serve the portal; without REDIS_URL, background jobs run in this process."""
        import logging

        from werkzeug.serving import run_simple

        from portal.jobs.inprocess import InProcessRunner

        app = current_app._get_current_object()
        if not app.config.get("REDIS_URL"):
            InProcessRunner(app).start()
            click.echo("Tâches de fond : dans ce processus (pas de REDIS_URL).")
        # Our request log replaces werkzeug's, which would print raw paths with tokens in them.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        click.echo(f"Pétale : http://{host}:{port}/")
        run_simple(host, port, app, threaded=True, use_reloader=False)
