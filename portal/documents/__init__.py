"""Shared making of the legal PDF documents (fpdf2) and the provider's identity on them."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from portal.documents.pdf import Document, Letter


def _document_class() -> type[Document]:
    """fpdf2 and fontTools weigh about 32 MB and 0.2 s of start-up in every web and worker process, and only
    these few documents need them: imported on first use, here only."""
    from portal.documents.pdf import Document  # lazy on purpose: fpdf2 at start-up costs every process 32 MB

    return Document


def pdf_document(title: str) -> Document:
    """A new PDF document."""
    return _document_class()(title)


def letter_document(subject: str, sender: list[str], addressee: list[str], dated: str) -> Letter:
    """A letter laid out for a window envelope (portal.documents.pdf.Letter)."""
    return _document_class().window_letter(subject, sender, addressee, dated)
