"""The demo's mailbox: with no relay (`make run`), mails are files in the outbox folder, which a newcomer
trying the demo cannot read. The demo shows the ones sent to the address she just used, links clickable,
so that signing up, confirming and resetting a password can be gone through in the browser alone."""
from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlparse

from flask import current_app

LINK = re.compile(r"https?://[^\s<>\"']+")
SHOWN = 20  # the newest mails only: a demo mailbox, not an archive


@dataclass(frozen=True)
class Piece:
    """A run of a mail's text, or a link in it."""

    text: str
    link: bool = False


@dataclass(frozen=True)
class DemoMail:
    subject: str
    sent_at: datetime | None
    lines: list[list[Piece]]


def outbox_folder() -> Path | None:
    """Where mail is written as files, or None when it goes to an SMTP relay."""
    url = current_app.config.get("MAIL_URL")
    if url and not url.startswith("file:"):
        return None
    return Path(urlparse(url).path) if url else Path(current_app.instance_path) / "outbox"


def mails_to(address: str) -> list[DemoMail]:
    """The newest mails written to the outbox for `address` (compared without case), newest first."""
    folder = outbox_folder()
    if folder is None or not folder.exists() or not address:
        return []
    wanted = address.strip().lower()
    found = []
    for path in sorted(folder.glob("*.eml"), reverse=True):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if wanted in {addr.lower() for _, addr in getaddresses([str(message.get("To", ""))])}:
            found.append(_shown(message))
            if len(found) == SHOWN:
                break
    return found


def _shown(message) -> DemoMail:
    body = message.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""
    try:
        sent_at = parsedate_to_datetime(message["Date"]) if message["Date"] else None
    except (TypeError, ValueError):
        sent_at = None
    return DemoMail(str(message.get("Subject", "")), sent_at, [_pieces(line) for line in text.splitlines()])


def _pieces(line: str) -> list[Piece]:
    pieces, at = [], 0
    for match in LINK.finditer(line):
        if match.start() > at:
            pieces.append(Piece(line[at:match.start()]))
        pieces.append(Piece(match.group(0), link=True))
        at = match.end()
    if at < len(line):
        pieces.append(Piece(line[at:]))
    return pieces
