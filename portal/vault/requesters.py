"""People without an account who asked the dpo about their data, as their letter or mail names them. Their name,
address, e-mail and phone are identity data, so they live here; the register of requests (main zone) keeps
only the requester's UUID. Each reading by the dpo is journaled like any other identity read."""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from portal.db import vault_db
from portal.textfold import fold
from portal.timeutil import utcnow
from portal.vault import audit
from portal.vault.models import Requester

REQUESTER_FIELDS = ("full_name", "postal_address", "email", "phone")
WORKFLOW = "registre des demandes"


@dataclass(frozen=True)
class RequesterContact:
    full_name: str
    postal_address: str
    email: str
    phone: str


def record_requester(actor: audit.Actor, *, full_name: str, postal_address: str = "", email: str = "",
                     phone: str = "") -> uuid.UUID:
    """Keeps what her letter gives (already checked by the register) and journals who wrote it."""
    requester_id = uuid.uuid4()
    with vault_db.atomic():
        Requester.create(id=requester_id, full_name=full_name, postal_address=postal_address, email=email,
                         phone=phone)
        given = [name for name, value in zip(REQUESTER_FIELDS, (full_name, postal_address, email, phone), strict=True)
                 if value]
        audit.record(actor, requester_id, "enregistrement", given, workflow=WORKFLOW)
    return requester_id


def _contact(row: Requester) -> RequesterContact:
    return RequesterContact(row.full_name, row.postal_address, row.email, row.phone)


def requester_contacts(requester_ids: list[uuid.UUID], actor: audit.Actor) -> dict[uuid.UUID, RequesterContact]:
    """Whom the dpo answers, for her register: each requester shown is a read of her identity, journaled once
    however often the page is reloaded within a short while."""
    if not requester_ids:
        return {}
    with vault_db.atomic():
        rows = list(Requester.select().where(Requester.id.in_(requester_ids)))
        for row in rows:
            if not audit.read_just_now(actor, row.id, "lecture", list(REQUESTER_FIELDS), "", WORKFLOW):
                audit.record(actor, row.id, "lecture", list(REQUESTER_FIELDS), workflow=WORKFLOW)
    return {row.id: _contact(row) for row in rows}


def requester_names(requester_ids: list[uuid.UUID], actor: audit.Actor) -> dict[uuid.UUID, str]:
    """Who wrote, for the register's answered requests: her name is the proof of whom the answer went to, kept
    as long as the request (her address and e-mail are no longer shown). Journaled like any identity read."""
    if not requester_ids:
        return {}
    with vault_db.atomic():
        rows = list(Requester.select(Requester.id, Requester.full_name).where(Requester.id.in_(requester_ids)))
        for row in rows:
            if not audit.read_just_now(actor, row.id, "lecture", ["full_name"], "", WORKFLOW):
                audit.record(actor, row.id, "lecture", ["full_name"], workflow=WORKFLOW)
    return {row.id: row.full_name for row in rows}


def requester_mail_contact(requester_id: uuid.UUID) -> RequesterContact | None:
    """For the mail job only, at delivery time (the address never travels through the main zone)."""
    row = Requester.get_or_none(Requester.id == requester_id)
    return _contact(row) if row else None


def known_requesters(ids: set[uuid.UUID | None]) -> set[uuid.UUID]:
    """Which of these ids are requesters (the access journal names them « personne sans compte »; nothing
    of them is read)."""
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return set()
    return {row.id for row in Requester.select(Requester.id).where(Requester.id.in_(wanted))}


def requester_answered(requester_id: uuid.UUID, at: datetime | None = None) -> None:
    """Her request is answered: the retention of what she gave runs from now."""
    Requester.update(answered_at=at or utcnow()).where(Requester.id == requester_id).execute()


def forget_requesters(requester_ids: list[uuid.UUID]) -> int:
    """These requesters leave the vault, answered or not (the register they wrote to has run its clock: it
    alone knows when her last request is past its time)."""
    if not requester_ids:
        return 0
    return Requester.delete().where(Requester.id.in_(requester_ids)).execute()
def find_requesters(text: str, actor: audit.Actor, workflow: str, reason: str = "") -> list[uuid.UUID]:
    """People without an account whose e-mail address is `text`, or whose name holds each of its words; each
    one found is a read of her identity, journaled. The table holds only those who wrote to the dpo in the
    last years: it is read whole rather than indexed by a folded name."""
    words = fold(text).split()
    wanted = text.strip().casefold()
    if not words:
        return []
    with vault_db.atomic():
        found = [row.id for row in Requester.select(Requester.id, Requester.full_name, Requester.email)
                 if (row.email and row.email.casefold() == wanted)
                 or all(word in fold(row.full_name).split() for word in words)]
        for requester_id in found:  # paging through the journal repeats the search: once in a short while
            if not audit.read_just_now(actor, requester_id, "recherche", ["full_name", "email"], reason, workflow):
                audit.record(actor, requester_id, "recherche", ["full_name", "email"], reason=reason,
                             workflow=workflow)
    return found


@dataclass(frozen=True)
class KnownRequester:
    id: uuid.UUID
    contact: RequesterContact
    matched: tuple[str, ...]  # email, or full_name and postal_address


def _address_key(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold(text or "")))


def same_requester(actor: audit.Actor, *, full_name: str, email: str = "", postal_address: str = "",
                   workflow: str = WORKFLOW) -> KnownRequester | None:
    """Someone without an account who already wrote: the same e-mail address, or the same name at the same postal
    address. Finding her is a read of what she gave, journaled."""
    wanted_email = (email or "").strip().casefold()
    wanted_name, wanted_address = " ".join(fold(full_name).split()), _address_key(postal_address)
    with vault_db.atomic():
        for row in Requester.select().order_by(Requester.recorded_at.desc()):
            if wanted_email and row.email and row.email.casefold() == wanted_email:
                matched = ("email",)
            elif wanted_address and " ".join(fold(row.full_name).split()) == wanted_name \
                    and _address_key(row.postal_address) == wanted_address:
                matched = ("full_name", "postal_address")
            else:
                continue
            audit.record(actor, row.id, "recherche", list(REQUESTER_FIELDS), workflow=workflow)
            return KnownRequester(row.id, _contact(row), matched)
    return None


def requester_writes_again(requester_id: uuid.UUID, actor: audit.Actor, *, postal_address: str = "",
                           email: str = "", phone: str = "") -> None:
    """Her new request is attached to what she gave before: details she did not give then are added, and her
    retention waits for the new answer."""
    with vault_db.atomic():
        row = Requester.get_by_id(requester_id)
        added = {name: value for name, value in (("postal_address", postal_address), ("email", email),
                                                 ("phone", phone)) if value and not getattr(row, name)}
        Requester.update(answered_at=None, **added).where(Requester.id == requester_id).execute()
        if added:
            audit.record(actor, requester_id, "enregistrement", list(added), workflow=WORKFLOW)
