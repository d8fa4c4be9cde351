"""flask --app app <command>: one module per command group, registered here by the factory."""
from __future__ import annotations

from flask import Flask

from portal.cli import (
    audit,
    backup,
    database,
    deploy,
    improvement,
    invoices,
    jobs,
    mail,
    privacy,
    reminders,
    retention,
    serve,
    stats,
)

GROUPS = (database, retention, privacy, backup, audit, stats, reminders, improvement, jobs, mail, serve, deploy,
          invoices)


def register(app: Flask) -> None:
    for module in GROUPS:
        for command in module.COMMANDS:
            app.cli.add_command(command)
