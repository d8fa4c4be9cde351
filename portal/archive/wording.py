"""The words for the kinds of legal records the archive keeps."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

KIND_WORDS = {"certificate": _l("attestations"), "attendance_proof": _l("justificatifs de présence"),
              "funding_proof": _l("dossiers de financement"), "contract": _l("pièces contractuelles"),
              "invoice": _l("factures et avoirs")}


def kind(code: str) -> str:
    return str(KIND_WORDS.get(code, code))
