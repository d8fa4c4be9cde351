"""mail-inbound: the SMTP service that turns replies to question notifications into answers."""
from __future__ import annotations

import os

import click
from flask import current_app
from flask.cli import with_appcontext

from portal.forum import mail_replies, reply_address
from portal.mail import inbound


@click.command("mail-inbound")
@click.option("--host", default="127.0.0.1", help="Adresse d'écoute (0.0.0.0 derrière le MX).")
@click.option("--port", default=2525, type=int, envvar="MAIL_INBOUND_PORT")
@with_appcontext
def mail_inbound(host: str, port: int) -> None:
    """Receive replies to question notifications by SMTP and post them as the trainers' answers."""
    app = current_app._get_current_object()
    if not app.config.get("MAIL_INBOUND_DOMAIN"):
        raise click.ClickException("MAIL_INBOUND_DOMAIN n'est pas défini : aucune adresse de réponse n'est émise.")
    if not os.environ.get("BASE_URL"):
        # The default BASE_URL is built from PORT, which means nothing to this process: the links of the
        # notices it sends back (the trainer's desk) would lead to 127.0.0.1.
        raise click.ClickException(
            "BASE_URL n'est pas défini : donnez l'adresse publique du portail (BASE_URL=https://formation.example), "
            "celle des liens des courriels que ce service envoie.")
    click.echo(f"Réception SMTP pour @{app.config['MAIL_INBOUND_DOMAIN']} sur {host}:{port}, "
               f"liens vers {app.config['BASE_URL']}")
    inbound.serve(app, reply_address.is_ours, mail_replies.receive, host, port)


COMMANDS = (mail_inbound,)
