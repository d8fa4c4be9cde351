"""The postal address a letter to the dpo gives, for a request recorded for an account: kept apart from her
profile (the letter may give another one), to answer her by post, read by the dpo with a journaled read, and
forgotten when the request is closed or her account erased."""
from __future__ import annotations

import uuid

from portal.db import vault_db
from portal.vault import audit
from portal.vault.models import RequestLetter

WORKFLOW = "registre des demandes"


def record_letter_address(actor: audit.Actor, account_id: uuid.UUID, postal_address: str) -> uuid.UUID:
    """Keeps the address her letter gives and journals who wrote it down."""
    letter_id = uuid.uuid4()
    with vault_db.atomic():
        RequestLetter.create(id=letter_id, account_id=account_id, postal_address=postal_address)
        audit.record(actor, account_id, "enregistrement", ["postal_address"], workflow=WORKFLOW)
    return letter_id


def letter_address(letter_id: uuid.UUID, actor: audit.Actor) -> str | None:
    """The address, for the dpo answering by post: a read of her data, journaled once in a short while."""
    row = RequestLetter.get_or_none(RequestLetter.id == letter_id)
    if row is None:
        return None
    with vault_db.atomic():
        if not audit.read_just_now(actor, row.account_id, "lecture", ["postal_address"], "", WORKFLOW):
            audit.record(actor, row.account_id, "lecture", ["postal_address"], workflow=WORKFLOW)
    return row.postal_address


def letter_addresses_of(account_id: uuid.UUID) -> list[str]:
    """Hers, for her own view of what we hold."""
    return [row.postal_address for row in RequestLetter.select().where(RequestLetter.account_id == account_id)
            .order_by(RequestLetter.recorded_at)]


def forget_letter(letter_id: uuid.UUID) -> None:
    """Her request is answered: the address it gave is no longer needed."""
    RequestLetter.delete().where(RequestLetter.id == letter_id).execute()
