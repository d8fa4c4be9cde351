"""The audit log: every staff or dpo access to someone's vault data appends an entry whose hash
covers the previous entry's hash, so editing, inserting or deleting a past entry breaks the chain
(`flask --app app audit verify`)."""
from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from peewee import fn

from portal.db import is_postgres, vault_db
from portal.paging import Page, paginate
from portal.refusals import Refused
from portal.textfold import fold
from portal.timeutil import utcnow
from portal.vault.models import AuditEntry, Identity

GENESIS = "0" * 64
# Any constant: the advisory lock that serialises appends on PostgreSQL.
CHAIN_LOCK = 70_617_466


class ReasonRequired(Exception):
    pass


class ReasonNamesSomeone(Refused):
    """The chain keeps reasons for good, even after the person's account is erased: a reason must not
    carry their name, e-mail address or phone number. Its words are about the form's reason field."""

    field = "reason"

    def __init__(self) -> None:
        super().__init__(_l("La raison reste au journal d'accès, même après la suppression du compte : n'y mettez "
                            "ni le nom, ni l'adresse, ni le téléphone de la personne."))


@dataclass(frozen=True)
class Actor:
    id: uuid.UUID | None
    role: str


SYSTEM = Actor(None, "system")


def digest(prev_hash: str, at: datetime, actor_id, actor_role: str, subject_id, action: str, fields: str,
           reason: str, workflow: str | None) -> str:
    payload = json.dumps([prev_hash, at.isoformat(timespec="microseconds"), str(actor_id or ""), actor_role,
                          str(subject_id or ""), action, fields, reason, workflow or ""], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


EMAIL = re.compile(r"\S+@\S+")


def names_someone(reason: str, subject_id: uuid.UUID | None) -> bool:
    """An e-mail address, or the subject's own phone number or name. Other numbers are allowed: references
    of files and court cases are made of them."""
    if EMAIL.search(reason):
        return True
    identity = Identity.get_or_none(Identity.account_id == subject_id) if subject_id else None
    if identity is None:
        return False
    phone = re.sub(r"\D", "", identity.phone or "")[-9:]
    if len(phone) == 9 and phone in re.sub(r"\D", "", reason):
        return True
    name = [part for part in re.findall(r"\w+", fold(identity.full_name)) if len(part) >= 3]
    if name and " ".join(name) in " ".join(re.findall(r"\w+", fold(reason))):
        return True
    # A name is written with a capital: "appel de l'apprenant" is not Mr Apprenant, "M. Apprenant" is.
    capitalised = {fold(word) for word in re.findall(r"\w+", reason) if word[0].isupper()}
    return any(part in capitalised for part in name)


WORKFLOW_MAX = AuditEntry.workflow.max_length


def record(actor: Actor, subject_id: uuid.UUID | None, action: str, fields: list[str] | tuple[str, ...],
           reason: str = "", workflow: str | None = None) -> AuditEntry:
    """Append one entry. Outside a workflow a reason is required."""
    reason = (reason or "").strip()
    if workflow and len(workflow) > WORKFLOW_MAX:
        # A workflow's name is the code's, sometimes with a number: kept whole in the column on every engine
        # (SQLite would keep a longer one that PostgreSQL refuses).
        workflow = workflow[:WORKFLOW_MAX - 1] + "…"
    if not workflow and not reason:
        raise ReasonRequired("a read outside a workflow needs a reason")
    if reason and names_someone(reason, subject_id):
        raise ReasonNamesSomeone()
    at = utcnow()
    with vault_db.atomic():
        if is_postgres(vault_db):
            vault_db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (CHAIN_LOCK,))
        last = AuditEntry.select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).first()
        prev = last.entry_hash if last else GENESIS
        field_list = ",".join(fields)
        return AuditEntry.create(
            at=at, actor_id=actor.id, actor_role=actor.role, subject_id=subject_id, action=action, fields=field_list,
            reason=reason, workflow=workflow, prev_hash=prev,
            entry_hash=digest(prev, at, actor.id, actor.role, subject_id, action, field_list, reason, workflow),
        )


SAME_READ = timedelta(minutes=10)


def read_just_now(actor: Actor, subject_id: uuid.UUID | None, action: str, fields: list[str], reason: str,
                  workflow: str | None) -> bool:
    """Whether the same person already read the same data, for the same reason, within SAME_READ: the
    journal says who read what and why, not how often a page was reloaded."""
    return AuditEntry.select().where(
        (AuditEntry.actor_id == actor.id) & (AuditEntry.subject_id == subject_id) & (AuditEntry.action == action)
        & (AuditEntry.fields == ",".join(fields)) & (AuditEntry.reason == (reason or "").strip())
        & (AuditEntry.workflow == workflow) & (AuditEntry.at > utcnow() - SAME_READ)).exists()


@dataclass(frozen=True)
class Verification:
    ok: bool
    checked: int
    broken_at: int | None = None


# What checking an entry reads: read as plain tuples, not whole entries (a journal page checks a thousand).
_CHAINED = (AuditEntry.id, AuditEntry.prev_hash, AuditEntry.entry_hash, AuditEntry.at, AuditEntry.actor_id,
            AuditEntry.actor_role, AuditEntry.subject_id, AuditEntry.action, AuditEntry.fields, AuditEntry.reason,
            AuditEntry.workflow)


def verify() -> Verification:
    """The whole chain, from its first entry (the `audit verify` command, the journal on request)."""
    return _verify_from(GENESIS, AuditEntry.select(*_CHAINED).order_by(AuditEntry.id).tuples().iterator())


def verify_latest(count: int) -> Verification:
    """The latest `count` entries: each one's hash, and its link to the entry before it (the first of them to
    the one that precedes them). What the journal checks on every page: the whole chain grows without end."""
    rows = list(AuditEntry.select(*_CHAINED).order_by(AuditEntry.id.desc()).limit(count + 1).tuples())[::-1]
    if len(rows) <= count:
        return _verify_from(GENESIS, rows)
    return _verify_from(rows[0][2], rows[1:])


def entry_count() -> int:
    return AuditEntry.select().count()


def _verify_from(prev: str, entries) -> Verification:
    """entries: tuples of _CHAINED's columns, in the chain's order."""
    checked = 0
    for entry_id, prev_hash, entry_hash, *hashed in entries:
        if prev_hash != prev or entry_hash != digest(prev, *hashed):
            return Verification(False, checked, entry_id)
        prev, checked = entry_hash, checked + 1
    return Verification(True, checked)


def entries(page: int = 1, per_page: int = 50, subject_id: uuid.UUID | None = None,
            actor_id: uuid.UUID | None = None, since: datetime | None = None,
            until: datetime | None = None, subject_ids: list[uuid.UUID] | None = None) -> Page:
    """The journal newest first, filtered by whose data (one person, or any of several a name designates), by
    who read it, and by period."""
    query = AuditEntry.select().order_by(AuditEntry.id.desc())
    if subject_id is not None:
        query = query.where(AuditEntry.subject_id == subject_id)
    if subject_ids is not None:
        query = query.where(AuditEntry.subject_id.in_(subject_ids or [uuid.UUID(int=0)]))
    if actor_id is not None:
        query = query.where(AuditEntry.actor_id == actor_id)
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    if until is not None:
        query = query.where(AuditEntry.at < until)
    return paginate(query, page, per_page)


def actors() -> list[uuid.UUID]:
    """Everyone who has written in the journal (to filter by), in no order."""
    return [row.actor_id for row in AuditEntry.select(AuditEntry.actor_id).where(AuditEntry.actor_id.is_null(False))
            .distinct()]


HEX = frozenset("0123456789abcdef")
# Where a UUID written out has its dashes (8-4-4-4-12), for a prefix longer than its first group.
DASHES = (8, 12, 16, 20)


def subjects_referenced(prefix: str) -> list[uuid.UUID]:
    """The people the journal holds entries about whose reference starts with `prefix`: from 4 to 32 of its
    hexadecimal characters, in any case, without dashes (the dpo's pages show the first 8 of them)."""
    prefix = prefix.casefold()
    if not 4 <= len(prefix) <= 32 or not set(prefix) <= HEX:
        return []
    dashed = "".join(("-" if i in DASHES else "") + char for i, char in enumerate(prefix))
    # An engine writes a UUID as text with its dashes (PostgreSQL) or without (SQLite): either prefix.
    written = AuditEntry.subject_id.cast("text")
    return [row.subject_id for row in AuditEntry.select(AuditEntry.subject_id)
            .where(written.startswith(prefix) | written.startswith(dashed)).distinct()]


def reads_between(since: datetime, until: datetime) -> dict:
    """How many entries each staff member or dpo wrote in a period (for the security report)."""
    rows = (AuditEntry.select(AuditEntry.actor_id, AuditEntry.actor_role, fn.COUNT(AuditEntry.id))
            .where((AuditEntry.at >= since) & (AuditEntry.at < until))
            .group_by(AuditEntry.actor_id, AuditEntry.actor_role).tuples())
    return {(actor, role): count for actor, role, count in rows}


def count_about(subject_id: uuid.UUID) -> int:
    """How many times someone else read this person's data (her own reads are not counted)."""
    return AuditEntry.select().where((AuditEntry.subject_id == subject_id)
                                     & ((AuditEntry.actor_id != subject_id) | AuditEntry.actor_id.is_null())).count()
