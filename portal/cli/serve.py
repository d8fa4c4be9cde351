"""serve: the portal on werkzeug's server, with the background jobs in the same process."""
from __future__ import annotations

import logging
import os

import click
from flask import current_app
from flask.cli import with_appcontext
from werkzeug.serving import run_simple

from portal.cli.database import refuse_stale_schema
from portal.jobs.inprocess import start_in_this_process


@click.command("serve")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=5000, type=int, envvar="PORT")
@with_appcontext
def serve(host: str, port: int) -> None:
    """Serve the portal; without REDIS_URL, background jobs run in this process."""
    app = current_app._get_current_object()
    if not os.environ.get("BASE_URL"):
        # Links in mails and documents lead where this server answers, whichever port it was given.
        app.config["BASE_URL"] = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
    refuse_stale_schema()
    if not app.config.get("REDIS_URL"):
        start_in_this_process(app)
        click.echo("Tâches de fond : dans ce processus (pas de REDIS_URL).")
    # Our request log replaces werkzeug's, which would print raw paths with tokens in them.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    click.echo(f"Pétale : http://{host}:{port}/")
    run_simple(host, port, app, threaded=True, use_reloader=False)


COMMANDS = (serve,)
