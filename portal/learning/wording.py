"""The words for what learning stores as codes: who funds an enrolment, what kind a lesson is. Every
screen, document and export reads them here (the enrolment form asks its own question, in the first
person, but a code is said in one way)."""
from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l

from portal.documents import french
from portal.timeutil import to_paris

FUNDING_WORDS = {"opco": "OPCO", "france_travail": "France Travail",
                 "employer": _l("Employeur (plan de développement)"), "cpf": "CPF",
                 "self": _l("Particulier (financement personnel)"), "region": _l("Région"), "other": _l("Autre")}
# An enrolment's state (« inscription active »).
ENROLMENT_STATUS_WORDS = {"active": _l("active"), "withdrawn": _l("retirée de la session"),
                          "transferred": _l("transférée dans une autre session")}
LESSON_KIND_WORDS = {"text": _l("Texte"), "video": _l("Vidéo"), "pdf": _l("Document PDF"), "quiz": _l("Quiz"),
                     "bouquet": _l("Exercice de bouquet")}

# A course's nature (stored as the French words of the law, which the documents print as they are).
NATURE_WORDS = {"action de formation": _l("action de formation"), "bilan de compétences": _l("bilan de compétences"),
                "VAE": _l("VAE"), "action de formation par apprentissage": _l("action de formation par apprentissage")}


def course_nature(code: str) -> str:
    """A course's nature in the reader's words (documents print the stored words of the law)."""
    return str(NATURE_WORDS.get(code, code))


def funding(code: str) -> str:
    return str(FUNDING_WORDS.get(code, code))


def enrolment_status(code: str) -> str:
    return str(ENROLMENT_STATUS_WORDS.get(code, code))


def lesson_kind(code: str) -> str:
    return str(LESSON_KIND_WORDS.get(code, code))


def planned_duration(course) -> str:
    """The training's planned duration, written one way on the attestation, the relevé and the badge
    (« 21 heures prévues »); the lessons' own planned minutes are its guided online part."""
    hours = Decimal(course.duration_hours)
    return f"{french.decimal(hours, places=0 if hours == hours.to_integral() else 2)} heures prévues"


def transfer_words(enrollment, moved_to) -> str:
    """Where and when a transfer took an enrolment (« transférée vers « Session B » le 07/12/2026 »), said
    so on her file, among the session's former participants and on the relevé of the enrolment she left."""
    day = f" le {to_paris(enrollment.ended_at):%d/%m/%Y}" if enrollment.ended_at else ""
    # Non-breaking spaces written here: the words also go to PDFs and CSVs, which no typography filter sees.
    return str(_l("transférée vers «\u00a0%(s)s\u00a0»", s=moved_to.title)) + day


def withdrawal_words(enrollment) -> str:
    """When staff took her off the session (« retirée de la session le 07/12/2026 »), on the relevé of the
    enrolment she withdrew from: its period stops that day."""
    day = f" le {to_paris(enrollment.ended_at):%d/%m/%Y}" if enrollment.ended_at else ""
    return enrolment_status("withdrawn") + day
