"""Single-use reply addresses: `reponse+<token>.<mac>@<MAIL_INBOUND_DOMAIN>`.

The token is random and stored with the thread and the trainer it was sent to; the MAC (HMAC-SHA256
with the secret key, truncated) lets the inbound service refuse a guessed or altered address before
any lookup. Lower-case hex only: mail systems may change the case of a local part, and it must stay
within RFC 5321's 64 characters.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid

from flask import current_app

from portal import db
from portal.forum.models import ReplyAddress
from portal.timeutil import utcnow

PREFIX = "reponse"
_MAC_CHARS = 20
_LOCAL = re.compile(rf"^{PREFIX}\+([0-9a-f]{{16}})\.([0-9a-f]{{{_MAC_CHARS}}})$")


def _mac(token: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"forum-reply:{token}".encode(), hashlib.sha256).hexdigest()[:_MAC_CHARS]


def enabled() -> bool:
    """Whether notifications carry a reply address at all (the portal receives mail)."""
    return bool(current_app.config.get("MAIL_INBOUND_DOMAIN"))


def issue(thread_id: int, account_id: uuid.UUID) -> str | None:
    """A new address for one notification (call inside the notification's transaction); None when
    the portal receives no mail (MAIL_INBOUND_DOMAIN unset)."""
    if not enabled():
        return None
    domain = current_app.config["MAIL_INBOUND_DOMAIN"]
    token = secrets.token_hex(8)
    ReplyAddress.create(token=token, thread=thread_id, account_id=account_id)
    return f"{PREFIX}+{token}.{_mac(token)}@{domain}"


def token_of(address: str) -> str | None:
    """The token of a well-formed, authentic reply address of this portal's domain, else None."""
    local, _, domain = address.strip().strip("<>").lower().rpartition("@")
    if domain != (current_app.config.get("MAIL_INBOUND_DOMAIN") or ""):
        return None
    match = _LOCAL.match(local)
    if match is None or not hmac.compare_digest(match.group(2), _mac(match.group(1))):
        return None
    return match.group(1)


def is_ours(address: str) -> bool:
    """For the SMTP dialogue: an authentic address of ours (no database needed), checked in full later."""
    return token_of(address) is not None


def spend(token: str) -> ReplyAddress | None:
    """Inside atomic(): mark the address used, once. None when unknown or already used."""
    if not db.main_db.in_transaction():
        raise RuntimeError("spend() belongs inside portal.db.atomic()")
    used = (ReplyAddress.update(used_at=utcnow())
            .where((ReplyAddress.token == token) & ReplyAddress.used_at.is_null()).execute())
    return ReplyAddress.get_or_none(ReplyAddress.token == token) if used else None


def lookup(token: str) -> ReplyAddress | None:
    return ReplyAddress.get_or_none(ReplyAddress.token == token)
