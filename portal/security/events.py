"""Recording security events and the helpers around them."""
from __future__ import annotations

import hashlib
import hmac
import uuid
from datetime import datetime, timedelta

import peewee
from flask import abort, current_app, has_request_context, request
from flask_login import current_user

from portal import db
from portal.paging import Page, paginate
from portal.security.models import EVENT_KINDS as EVENT_KINDS  # re-exported for the screens, which read no models
from portal.security.models import SecurityEvent
from portal.timeutil import utcnow


def keyed_hash(kind: str, text: str) -> str:
    """Correlates what comes back (the same address, the same sender) and reveals nothing of it."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{kind}:".encode() + text.encode(), hashlib.sha256).hexdigest()[:16]


def ip_hash(ip: str | None = None) -> str | None:
    if ip is None:
        if not has_request_context():
            return None
        ip = request.remote_addr or ""
    return keyed_hash("ip", ip)


def record(kind: str, account_id: uuid.UUID | None = None, detail: str = "") -> None:
    with db.atomic():
        SecurityEvent.create(kind=kind, account_id=account_id, ip_hash=ip_hash(), detail=detail[:200])


def record_refused_page() -> None:
    """A signed-in person asked for a page of another role (the route, never the path): the error
    pages call this on a 403 (portal.errors.register)."""
    if current_user.is_authenticated:
        record("access_refused", current_user.id, request.url_rule.rule if request.url_rule else "")


def refuse_other_persons_data(account_id: uuid.UUID | None, what: str) -> None:
    """Someone asked for a resource that belongs to another person: recorded, then a plain 404."""
    record("access_refused", account_id, what)
    abort(404)


def recent(limit: int = 100, kind: str | None = None) -> list[SecurityEvent]:
    query = SecurityEvent.select().order_by(SecurityEvent.at.desc(), SecurityEvent.id.desc()).limit(limit)
    if kind:
        query = query.where(SecurityEvent.kind == kind)
    return list(query)


def listed(page: int, kind: str | None = None) -> Page:
    """Security events newest first, a page of them, of one kind when given."""
    query = SecurityEvent.select().order_by(SecurityEvent.at.desc(), SecurityEvent.id.desc())
    if kind:
        query = query.where(SecurityEvent.kind == kind)
    return paginate(query, page)


def counts_between(since: datetime, until: datetime) -> dict[str, int]:
    return dict(SecurityEvent.select(SecurityEvent.kind, peewee.fn.COUNT(SecurityEvent.id))
                .where((SecurityEvent.at >= since) & (SecurityEvent.at < until)).group_by(SecurityEvent.kind).tuples())


def last_day() -> dict[str, int]:
    now = utcnow()
    return counts_between(now - timedelta(days=1), now + timedelta(seconds=1))
