"""The dpo's list of the legal archive and the opening of one piece from it.

A line says what the piece is and what it is about (« Justificatif de présence — Bouquet de printemps,
session de mars (2 mars 2026 – 27 mars 2026) »), never whose it is: a name is read only by opening the
piece, for a reason that goes to the access journal with the reading (DESIGN: data zones)."""
from __future__ import annotations

import base64
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _

from portal.archive import service as archive
from portal.archive import wording as archive_wording
from portal.archive.service import Listed
from portal.formatting import long_date
from portal.funding.wording import document_label
from portal.retention import archived_invoices, archived_print
from portal.vault import audit


@dataclass(frozen=True)
class Piece:
    """One line of the archive's list."""
    kind: str
    reference: str
    what: str   # the kind of the piece in words
    about: str  # its subject: course, session, dates, number; no name
    year: int
    purge_after: date


def _day(text: str | None) -> str:
    try:
        return long_date(date.fromisoformat(text[:10])) if text else ""
    except ValueError:
        return ""


def _instant_day(text: str | None) -> str:
    """A stored UTC instant's day as Paris counts it (the ISO text's first ten characters are the UTC day)."""
    try:
        return long_date(datetime.fromisoformat(text)) if text else ""
    except ValueError:
        return ""


def _training(facts: dict[str, str]) -> str:
    course, session = facts.get("course", ""), facts.get("session", "")
    subject = ", ".join(part for part in (course, session) if part)
    start, end = _day(facts.get("starts_on")), _day(facts.get("ends_on"))
    return f"{subject} ({start} – {end})" if start and end else subject


def about(kind: str, reference: str, facts: dict[str, str]) -> str:
    """What a piece is about, in words, from the facts its list line may show."""
    if kind == "invoice":
        what = _("Avoir") if facts.get("kind") == "credit_note" else _("Facture")
        issued = _day(facts.get("issued_on"))
        return _("%(what)s %(n)s du %(d)s", what=what, n=reference, d=issued) if issued else f"{what} {reference}"
    if kind == "certificate":
        issued = _instant_day(facts.get("issued_at"))
        course = facts.get("course", "")
        return _("%(course)s, délivrée le %(d)s", course=course, d=issued) if issued else course
    if kind == "contract":
        if facts.get("document"):
            return f"{document_label(facts['document'])} — {_training(facts)}"
        return f"{_('Contrat de formation signé')} — {_training(facts)}"
    return _training(facts)


def _piece(row: Listed) -> Piece:
    return Piece(row.kind, row.reference, archive_wording.one_piece(row.kind),
                 about(row.kind, row.reference, row.facts), row.year, row.purge_after)


@dataclass(frozen=True)
class Overview:
    totals: dict[tuple[str, int], int]  # pieces per kind and year of archiving
    listed: list[Piece]  # of the kind and year asked, newest first, fifty a page


def overview(kind: str | None, year: int | None, page: int) -> Overview:
    """The archive's page: how many pieces of each kind each year holds, and the pieces of the kind and
    year chosen (none until one is)."""
    listed = [_piece(row) for row in archive.listing(kind, year, page)] if kind or year else []
    return Overview(archive.totals(), listed)


def described(kind: str, reference: str) -> Piece | None:
    """One piece as its list line says it (nothing of the holder shown: the page asks the reason first)."""
    found = archive.record(kind, reference)
    if found is None:
        return None
    _, kept = found
    return _piece(Listed(kept.kind, kept.reference, kept.archived_at.year, kept.purge_after, _facts(kept.payload)))


@dataclass(frozen=True)
class Opened:
    """A piece taken out of the archive: the file to hand over."""
    content: bytes
    mimetype: str
    filename: str


EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}


def _filename(kind: str, reference: str, extension: str) -> str:
    """« justificatif-de-presence-3.pdf »: the kind in words and the piece's numbers (an invoice keeps its
    number as printed)."""
    if kind == "invoice":
        return f"{reference}.{extension}"
    words = unicodedata.normalize("NFKD", archive_wording.one_piece(kind)).encode("ascii", "ignore").decode()
    numbers = re.findall(r"[0-9]+", reference) if kind != "certificate" else [re.sub(r"[^A-Za-z0-9]+", "", reference)]
    return "-".join([re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-"), *numbers]) + f".{extension}"


def open_for_reason(kind: str, reference: str, actor: audit.Actor, reason: str) -> Opened | None:
    """The piece as kept, or None when there is none; the reading is written in the access journal with its
    reason before anything is read (raises audit.ReasonNamesSomeone when the reason names the person)."""
    found = archive.record(kind, reference)
    if found is None:
        return None
    account_id, kept = found
    # The journal reads its field codes in its own words (portal.vault.wording): "archive", and "invoice" for
    # an invoice as the number-typed path records it; the reason says what the piece was wanted for.
    audit.record(actor, account_id, "lecture", ["archive", "invoice"] if kind == "invoice" else ["archive"],
                 reason=reason)
    if kind == "invoice":
        return Opened(archived_invoices.printed_pdf(kept), "application/pdf", _filename(kind, reference, "pdf"))
    copy = kept.payload.get("content_base64")
    if copy:
        content_type = kept.payload.get("content_type") or "application/octet-stream"
        return Opened(base64.b64decode(copy), content_type,
                      _filename(kind, reference, EXTENSIONS.get(content_type, "bin")))
    title = f"{archive_wording.one_piece(kind)} — {about(kind, reference, _facts(kept.payload))}"
    return Opened(archived_print.pdf(title, kept), "application/pdf", _filename(kind, reference, "pdf"))


def _facts(payload: dict) -> dict[str, str]:
    return {name: str(payload[name]) for name in archive.LISTED_FACTS if isinstance(payload.get(name), str | int)}

