"""The letters the dpo prints to answer a request received by post: each PDF is kept as it was made, in the vault's
files (it carries her name and the postal address she gave), the register pointing at it, so that the request's
page lists every letter (when, what it said) and prints any of them again, the same file, even once the address
her letter gave is forgotten. They leave with the request's record, or with her account when it is erased."""
from __future__ import annotations

import uuid

from portal import db
from portal.privacy import answer_preview
from portal.privacy.models import LETTER_KINDS, DataRequest, RequestLetterMade
from portal.privacy.requests import workflow
from portal.vault import audit
from portal.vault import service as vault


def _subject(request: DataRequest) -> uuid.UUID:
    return request.account_id or request.requester_id


def produce(request: DataRequest, told: answer_preview.ToBeTold, kind: str, actor: audit.Actor) -> bytes | None:
    """The letter to print, made and kept (its deposit journaled); None when there is no postal address to
    write to."""
    if kind not in LETTER_KINDS:
        raise ValueError(f"unknown letter kind {kind}")
    content = answer_preview.letter_pdf(told, request)
    if content is None:
        return None
    stored = vault.store_document(_subject(request), actor, content, workflow(request))
    try:
        with db.atomic():
            RequestLetterMade.create(request=request.id, kind=kind, stored=stored)
    except Exception:
        vault.forget_documents([stored])  # no file nothing points to
        raise
    return content


def letters_of(request: DataRequest) -> list[RequestLetterMade]:
    """Every letter printed for the request, oldest first."""
    return list(RequestLetterMade.select().where(RequestLetterMade.request == request.id)
                .order_by(RequestLetterMade.made_at, RequestLetterMade.id))


def copy_of(request: DataRequest, letter_id: int, actor: audit.Actor) -> bytes | None:
    """A letter printed before, the same file (the read journaled); None when it is not this request's or its
    file was forgotten with her account."""
    row = RequestLetterMade.get_or_none((RequestLetterMade.id == letter_id)
                                        & (RequestLetterMade.request == request.id))
    if row is None or not row.stored:
        return None
    return vault.read_document(row.stored, _subject(request), actor, workflow(request))


def forget(rows: list[RequestLetterMade]) -> None:
    """Her letters' files leave the vault; the register keeps that they were made."""
    tokens = [row.stored for row in rows if row.stored]
    vault.forget_documents(tokens)
    RequestLetterMade.update(stored=None).where(RequestLetterMade.id.in_([row.id for row in rows] or [0])).execute()
