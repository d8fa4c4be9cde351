"""The inbound SMTP service (`flask --app app mail-inbound`): receives mail for MAIL_INBOUND_DOMAIN,
behind the provider's MX, and hands each message to a receiver function.

It is not a relay: a recipient the receiver does not recognise is refused during the SMTP dialogue
(550), so the sending server tells its user. When the database is away, a message is answered with a
temporary failure (451) and the sending server retries later: nothing received is lost, and the
service itself keeps running until the database comes back.
"""
from __future__ import annotations

import asyncio
import logging
import signal
import threading
from collections.abc import Callable

from aiosmtpd.controller import Controller
from flask import Flask

log = logging.getLogger("petale.mail.inbound")

MAX_MESSAGE_BYTES = 2 * 1024 * 1024

Accepts = Callable[[str], bool]
Receiver = Callable[[bytes, list[str], "str | None"], object]


class InboundHandler:
    """aiosmtpd handler; the receiver runs in a worker thread, with an application context."""

    def __init__(self, app: Flask, accepts: Accepts, receiver: Receiver):
        self.app, self.accepts, self.receiver = app, accepts, receiver

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's name)
        try:
            known = await asyncio.get_running_loop().run_in_executor(None, self._accepts, address)
        except Exception:
            log.exception("recipient check failed")
            return "451 4.3.0 Erreur temporaire, reessayez plus tard"
        if not known:
            return "550 5.1.1 Adresse inconnue"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        raw = envelope.original_content or envelope.content
        # The null sender of bounces and automatic replies ("MAIL FROM:<>") becomes "".
        sender = None if envelope.mail_from is None else envelope.mail_from.strip().strip("<>")
        try:
            await asyncio.get_running_loop().run_in_executor(
                None, self._receive, raw, list(envelope.rcpt_tos), sender)
        except Exception:
            log.exception("inbound message not processed; the sender will retry")
            return "451 4.3.0 Erreur temporaire, reessayez plus tard"
        return "250 Message recu"

    def _accepts(self, address: str) -> bool:
        with self.app.app_context():
            return self.accepts(address)

    def _receive(self, raw: bytes, recipients: list[str], sender: str | None) -> None:
        with self.app.app_context():
            self.receiver(raw, recipients, sender)


def controller(app: Flask, accepts: Accepts, receiver: Receiver, host: str, port: int) -> Controller:
    return Controller(InboundHandler(app, accepts, receiver), hostname=host, port=port,
                      data_size_limit=MAX_MESSAGE_BYTES, ready_timeout=10)


def serve(app: Flask, accepts: Accepts, receiver: Receiver, host: str, port: int) -> None:
    """Run until SIGTERM or SIGINT (systemd stop, Ctrl-C)."""
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    server = controller(app, accepts, receiver, host, port)
    server.start()
    log.info("inbound SMTP listening on %s:%s", host, port)
    try:
        stop.wait()
    finally:
        server.stop()
