"""The words for the kinds of legal records the archive keeps: one map, each kind said for one piece
(« Justificatif de présence », a list's line) and for many (« justificatifs de présence », a heading)."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString


@dataclass(frozen=True)
class KindWords:
    one: LazyString
    many: LazyString


KIND_WORDS = {
    "certificate": KindWords(_l("attestation de formation"), _l("attestations")),
    "attendance_proof": KindWords(_l("justificatif de présence"), _l("justificatifs de présence")),
    "funding_proof": KindWords(_l("dossier de financement"), _l("dossiers de financement")),
    "contract": KindWords(_l("pièce contractuelle"), _l("pièces contractuelles")),
    "invoice": KindWords(_l("facture ou avoir"), _l("factures et avoirs")),
}


def kind(code: str) -> str:
    """The kind of many pieces, for a heading (« justificatifs de présence »)."""
    words = KIND_WORDS.get(code)
    return str(words.many) if words else code


def one_piece(code: str) -> str:
    """The kind of one piece, capitalised for the start of a line (« Justificatif de présence »)."""
    words = KIND_WORDS.get(code)
    text = str(words.one) if words else code
    return text[:1].upper() + text[1:]
