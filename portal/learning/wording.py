"""The words for what learning stores as codes: who funds an enrolment, what kind a lesson is. Every
screen, document and export reads them here (the enrolment form asks its own question, in the first
person, but a code is said in one way)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

FUNDING_WORDS = {"opco": "OPCO", "france_travail": "France Travail",
                 "employer": _l("Employeur (plan de développement)"), "cpf": "CPF",
                 "self": _l("Particulier (financement personnel)"), "region": _l("Région"), "other": _l("Autre")}
LESSON_KIND_WORDS = {"text": _l("Texte"), "video": _l("Vidéo"), "pdf": _l("Document PDF"), "quiz": _l("Quiz"),
                     "bouquet": _l("Exercice de bouquet")}


def funding(code: str) -> str:
    return str(FUNDING_WORDS.get(code, code))


def lesson_kind(code: str) -> str:
    return str(LESSON_KIND_WORDS.get(code, code))
