"""Copies of documents a person gave (a signed agreement, a certificate from outside), kept encrypted in the
vault's files, each opening journaled."""
from __future__ import annotations

import uuid

from portal.vault import audit, files


def store_document(subject_id: uuid.UUID, actor: audit.Actor, content: bytes, workflow: str) -> str:
    """An uploaded document about a person, into the vault's files; the deposit is audited."""
    token = files.put(content)
    try:
        audit.record(actor, subject_id, "depot", ["document"], workflow=workflow)
    except Exception:
        files.remove(token)  # no file without its trace
        raise
    return token


def read_document(token: str, subject_id: uuid.UUID, actor: audit.Actor, workflow: str) -> bytes | None:
    """The document's bytes, the read written in the audit log first."""
    audit.record(actor, subject_id, "lecture", ["document"], workflow=workflow)
    return files.get(token)


def document_for_archive(token: str) -> bytes | None:
    """The bytes of a document moving to the legal archive (the move itself, not a reader)."""
    return files.get(token)


def forget_documents(tokens: list[str]) -> None:
    for token in tokens:
        files.remove(token)
