"""systemd-units: the unit files that keep every long-running process of a deployment up.

`rq cron` exits when Redis goes away and an `rq worker` busy at that moment quits too; the inbound
mail service must come back after a reboot. systemd restarts each of them (Restart=always, a few
seconds apart, without giving up), so an outage delays work and loses none: pending rows wait in the
database until the scheduler is back. Written for the paths of this installation.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parents[2]

UNIT = """[Unit]
Description=Pétale — {description}
After=network-online.target postgresql.service redis-server.service
Wants=network-online.target
# Never give up restarting: an outage of Redis or PostgreSQL may last longer than systemd's default burst.
StartLimitIntervalSec=0

[Service]
Type=simple
User={user}
WorkingDirectory={root}
EnvironmentFile={environment}
{note}{exec_start_pre}ExecStart={exec_start}
Restart=always
RestartSec=5
KillSignal=SIGTERM
TimeoutStopSec=60

[Install]
WantedBy=multi-user.target
"""

SERVICES = {
    "petale-web": ("portail web (gunicorn)", "{venv}/gunicorn -w {web_workers} -b 127.0.0.1:8000 app:app"),
    # The project's worker class builds the application once, before forking a work-horse per job
    # (jobs/worker.py); the stock one had each horse spend a second building it for a job of milliseconds.
    "petale-worker": ("tâches de fond (rq worker, application chargée une fois avant chaque fork)",
                      '{venv}/rq worker -w jobs.worker.PetaleWorker --url "${{REDIS_URL}}" {queue}'),
    "petale-cron": ("planificateur (rq cron, un seul par déploiement)",
                    '{venv}/rq cron --url "${{REDIS_URL}}" jobs.cron'),
    "petale-mail-inbound": ("réponses par courriel (SMTP entrant)",
                            "{venv}/flask --app app mail-inbound --host 0.0.0.0 --port {mail_port}"),
}

# Run before a service starts: the web node checks the schema and refuses to serve a new version on the
# previous one. It does not migrate itself: several web nodes restarting together would race, and the
# application's database roles need not own the tables; `init-db` is run once per upgrade.
BEFORE = {"petale-web": "{venv}/flask --app app check-schema"}

# Said in the unit itself, for whoever edits it on the server.
NOTES = {"petale-worker": ("# jobs.worker.PetaleWorker builds the application once, then forks a work-horse per job "
                           "that inherits it\n# (a horse of the stock worker spent a second building it for a job of "
                           "milliseconds): keep -w.\n")}


def units(user: str, environment: str, web_workers: int = 4, queue: str = "petale", mail_port: int = 2525,
          root: Path = ROOT, venv: Path | None = None) -> dict[str, str]:
    """name -> unit file text."""
    venv = venv or Path(sys.prefix) / "bin"
    values = {"venv": venv, "web_workers": web_workers, "queue": queue, "mail_port": mail_port}
    return {f"{name}.service": UNIT.format(description=description, user=user, root=root, environment=environment,
                                           exec_start=command.format(**values),
                                           exec_start_pre=_before(name, values), note=NOTES.get(name, ""))
            for name, (description, command) in SERVICES.items()}


def _before(name: str, values: dict) -> str:
    return f"ExecStartPre={BEFORE[name].format(**values)}\n" if name in BEFORE else ""


@click.command("systemd-units")
@click.option("--user", default="petale", show_default=True, help="Compte système qui exécute les services.")
@click.option("--env-file", "environment", default="/etc/petale.env", show_default=True,
              help="Fichier des variables d'environnement (DATABASE_URL, REDIS_URL, SECRET_KEY…).")
@click.option("--web-workers", default=4, show_default=True, type=click.IntRange(1, 64))
@click.option("--queue", default="petale", show_default=True, help="File RQ (RQ_QUEUE).")
@click.option("--mail-port", default=2525, show_default=True, type=click.IntRange(1, 65535),
              help="Port du service de réponses par courriel (25 derrière le MX).")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Dossier où écrire les fichiers (par ex. /etc/systemd/system) ; sinon ils sont affichés.")
def systemd_units(user: str, environment: str, web_workers: int, queue: str, mail_port: int,
                  out: Path | None) -> None:
    """Write (or print) the systemd units of the web node, worker, scheduler and inbound mail."""
    for name, text in units(user, environment, web_workers, queue, mail_port).items():
        if out is None:
            click.echo(f"# {name}\n{text}")
        else:
            out.mkdir(parents=True, exist_ok=True)
            (out / name).write_text(text)
            click.echo(f"écrit : {out / name}")


COMMANDS = (systemd_units,)
