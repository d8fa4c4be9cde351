"""Which account a letter to the dpo comes from, on data that identify a person: her e-mail address, her phone
number, or her whole name (a first name alone, or part of a name, matches no one). A postal address only
supports a match: a household shares it. Each account shown is a read of her identity, journaled."""
from __future__ import annotations

import functools
import operator
import re
import uuid
from dataclasses import dataclass

from portal.db import vault_db
from portal.textfold import fold
from portal.vault import audit
from portal.vault.identity import email_key, name_key
from portal.vault.models import Identity
from portal.vault.staff_reads import SEARCHED, as_phone


@dataclass(frozen=True)
class LetterGives:
    """What a letter gives of its author, as the dpo copied it."""

    full_name: str = ""
    email: str = ""
    phone: str = ""
    postal_address: str = ""


@dataclass(frozen=True)
class LetterMatch:
    account_id: uuid.UUID
    full_name: str
    email: str
    matched: tuple[str, ...]  # full_name, email, phone, postal_address: what the letter and the account share
    differs: tuple[str, ...]  # what the letter gives otherwise than the account


def _words(text: str) -> list[str]:
    return sorted(name_key(text).split())


def _address_key(text: str) -> str:
    """An address as compared: no case, accents, punctuation or line breaks."""
    return " ".join(re.findall(r"\w+", fold(text or "")))


def match_letter(letter: LetterGives, actor: audit.Actor, *, workflow: str) -> list[LetterMatch]:
    """The accounts the letter's e-mail, phone or whole name designates, with what matched and what differs."""
    conditions = []
    if letter.email.strip():
        conditions.append(Identity.email_key == email_key(letter.email))
    phone = as_phone(letter.phone) if letter.phone.strip() else None
    if phone:
        conditions.append(Identity.phone == phone)
    name_words = _words(letter.full_name)
    if len(name_words) >= 2:  # a whole name: at least a first name and a surname
        conditions.append(functools.reduce(operator.and_, [Identity.search_key.contains(w) for w in name_words]))
    if not conditions:
        return []
    with vault_db.atomic():
        rows = list(Identity.select().where(functools.reduce(operator.or_, conditions))
                    .order_by(Identity.full_name).limit(20))
        found = [match for match in (_compared(row, letter, phone, name_words) for row in rows) if match.matched]
        for match in found or [None]:
            audit.record(actor, match.account_id if match else None, "recherche", list(SEARCHED), "", workflow)
    return found


def _compared(row: Identity, letter: LetterGives, phone: str | None, name_words: list[str]) -> LetterMatch:
    same, other = [], []
    for field, given, equal in (
        ("full_name", letter.full_name.strip(), name_words and _words(row.full_name) == name_words),
        ("email", letter.email.strip(), email_key(letter.email) == row.email_key),
        ("phone", letter.phone.strip(), phone is not None and phone == row.phone),
        ("postal_address", letter.postal_address.strip(),
         bool(row.postal_address) and _address_key(letter.postal_address) == _address_key(row.postal_address)),
    ):
        if given:
            (same if equal else other).append(field)
    # An address alone designates a household, not a person: it only supports a match.
    if same == ["postal_address"]:
        same = []
    return LetterMatch(row.account_id, row.full_name, row.email, tuple(same), tuple(other))
