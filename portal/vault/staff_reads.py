"""What staff and the dpo read of a person, always with a reason and always journaled: fields of her identity, and
a search by name, e-mail or phone."""
from __future__ import annotations

import functools
import operator
import uuid
from dataclasses import dataclass

import phonenumbers
from peewee import chunked

from portal.db import vault_db
from portal.vault import audit
from portal.vault.identity import (
    email_key,
    name_key,
    name_words,
)
from portal.vault.models import (
    FundingIdentity,
    Identity,
    Requester,
)

IDENTITY_FIELDS = ("full_name", "email", "phone", "postal_address")


FUNDING_FIELDS = ("professional_status", "employer")


STAFF_READABLE = IDENTITY_FIELDS + FUNDING_FIELDS


def read_for_staff(subject_id: uuid.UUID, actor: audit.Actor, fields: tuple[str, ...] | list[str], *,
                   reason: str = "", workflow: str | None = None, action: str = "lecture") -> dict[str, str | None]:
    """The named fields of someone's identity, for a staff member or the dpo. The audit entry is
    written in the same vault transaction as the read: no read without its trace."""
    unknown = set(fields) - set(STAFF_READABLE)
    if unknown:
        raise ValueError(f"not readable by staff: {sorted(unknown)}")
    with vault_db.atomic():
        # A page read again within a short while (a reload, the next step of the same file) is one read.
        if not audit.read_just_now(actor, subject_id, action, list(fields), reason, workflow):
            audit.record(actor, subject_id, action, list(fields), reason, workflow)
        identity = Identity.get_or_none(Identity.account_id == subject_id)
        funding = FundingIdentity.get_or_none(FundingIdentity.account_id == subject_id)
    values: dict[str, str | None] = {}
    for name in fields:
        source = funding if name in FUNDING_FIELDS else identity
        values[name] = getattr(source, name) if source is not None else None
    return values


@dataclass(frozen=True)
class Found:
    account_id: uuid.UUID
    full_name: str
    email: str
    phone: str


SEARCHED = ("full_name", "email", "phone")


def as_phone(text: str) -> str | None:
    """The number a person typed, in the form identities keep it (E.164), or None for anything else."""
    if not any(char.isdigit() for char in text):
        return None
    try:
        parsed = phonenumbers.parse(text, "FR")
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) \
        if phonenumbers.is_valid_number(parsed) else None


def search_identities(text: str, actor: audit.Actor, among: set[uuid.UUID] | None = None, *, reason: str = "",
                      workflow: str | None = None, limit: int = 20, once_a_while: bool = False) -> list[Found]:
    """People whose name contains `text` or whose address contains it, for a staff member answering a call.
    Each person shown is a read of her identity: one audit entry each, in the same transaction, with the
    reason or the workflow (the searched text itself is not kept: it is a name or an address). A search
    that finds no one is logged too. `among` narrows the search to those accounts (e.g. learners).
    once_a_while: a search a page repeats as it is paged through or reloaded is journaled once in a short while."""
    text = " ".join(text.split())
    # Every word typed, in any order, in the folded name: « bouquet berenice » finds « Bérénice Bouquet ».
    by_name = functools.reduce(operator.and_, [Identity.search_key.contains(word) for word in name_key(text).split()])
    matches = by_name | (Identity.email_key == email_key(text))
    if len(text) >= 3 and " " not in text:  # part of an address: « apprenante2 », « petale.test »
        matches |= Identity.email_key.contains(email_key(text))
    phone = as_phone(text)
    if phone:  # "06 12 00 00 05" finds "+33612000005"
        matches |= Identity.phone == phone
    if len(text) >= 6:  # a letter gives a postal address
        matches |= Identity.postal_address ** f"%{text}%"
    query = Identity.select().where(matches)
    if among is not None:
        query = query.where(Identity.account_id.in_(list(among) or [uuid.UUID(int=0)]))
    with vault_db.atomic():
        rows = list(query.order_by(Identity.full_name).limit(limit))
        for row in rows or [None]:
            subject = row.account_id if row else None
            if not (once_a_while and audit.read_just_now(actor, subject, "recherche", list(SEARCHED), reason,
                                                         workflow)):
                audit.record(actor, subject, "recherche", list(SEARCHED), reason, workflow)
    return [Found(row.account_id, row.full_name, row.email, row.phone) for row in rows]


def found_again(account_ids: list[uuid.UUID], actor: audit.Actor, *, reason: str = "",
                workflow: str | None = None) -> list[Found]:
    """The people a search found, shown again by the page the search led to (post/redirect/get, a reload):
    a read of their identity like the search, journaled unless the same read was journaled a moment ago."""
    if not account_ids:
        return []
    with vault_db.atomic():
        rows = list(Identity.select().where(Identity.account_id.in_(account_ids)).order_by(Identity.full_name))
        for row in rows:
            if not audit.read_just_now(actor, row.account_id, "recherche", list(SEARCHED), reason, workflow):
                audit.record(actor, row.account_id, "recherche", list(SEARCHED), reason, workflow)
    return [Found(row.account_id, row.full_name, row.email, row.phone) for row in rows]


def holders_named_in(text: str, actor: audit.Actor, *, besides: uuid.UUID | None, workflow: str) -> list[str]:
    """Account holders whose whole name is written in `text`, in any order of its words (« BOUQUET Bérénice »
    as « Bérénice Bouquet »), any case, with or without accents, other than `besides`: the dpo checking an
    answer before it goes out. Each one found is a read of her name (the dpo learns she has an account),
    journaled with the workflow; no one found, nothing read."""
    words = name_words(text)
    # Each run of 2 to 4 consecutive words, its words sorted: compared with each name's words sorted.
    candidates = sorted({" ".join(sorted(words[i:i + size])) for size in (2, 3, 4)
                         for i in range(len(words) - size + 1)})
    rows: dict[uuid.UUID, str] = {}
    for batch in chunked(candidates, 300):  # a long text: batches within every engine's bound parameters
        query = Identity.select(Identity.account_id, Identity.full_name).where(Identity.name_words.in_(batch))
        if besides is not None:
            query = query.where(Identity.account_id != besides)
        rows.update((row.account_id, row.full_name) for row in query)
    with vault_db.atomic():
        for account_id in rows:
            audit.record(actor, account_id, "recherche", ["full_name"], workflow=workflow)
    return sorted(rows.values())


def phones_not_theirs(text: str, *, account_id: uuid.UUID | None, requester_id: uuid.UUID | None) -> list[str]:
    """The phone numbers written in `text` (French ones in any usual form, or international) that are not the
    person's own, as written: the dpo checking an answer before it goes out. Her own number is compared here
    and never shown."""
    own = None
    if account_id is not None:
        row = Identity.get_or_none(Identity.account_id == account_id)
        own = as_phone(row.phone) if row and row.phone else None
    elif requester_id is not None:
        requester = Requester.get_or_none(Requester.id == requester_id)
        own = as_phone(requester.phone) if requester and requester.phone else None
    found: dict[str, None] = {}
    for match in phonenumbers.PhoneNumberMatcher(text, "FR"):
        if phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164) != own:
            found[match.raw_string] = None
    return list(found)
