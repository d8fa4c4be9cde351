"""The words for what funding files store as codes: funder types, documents, professional situations
(the staff's screens, and the learner's own archived records)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.funding.models import ACCEPTED, DRAFT, PAID, REFUSED, SUBMITTED
from portal.learning import membership
from portal.learning.wording import FUNDING_WORDS, enrolment_status
from portal.timeutil import to_paris

FUNDER_LABELS = FUNDING_WORDS  # the enrolment's and the file's funder are one vocabulary, learning's
DOCUMENT_LABELS = {"agreement": _l("Convention ou contrat"), "programme": _l("Programme"),
                   "needs_assessment": _l("Analyse du besoin et positionnement"), "convocation": _l("Convocation"),
                   "house_rules": _l("Règlement intérieur"), "attendance_statement": _l("Relevé de réalisation"),
                   "completion_certificate": _l("Certificat de réalisation"),
                   "attestation": _l("Attestation de fin de formation"), "invoice": _l("Facture"),
                   "satisfaction_survey": _l("Enquête de satisfaction")}
STATUS_LABELS = {DRAFT: _l("brouillon"), SUBMITTED: _l("déposé"), ACCEPTED: _l("accepté"), REFUSED: _l("refusé"),
                 PAID: _l("part du financeur payée")}
# A step is waiting: the file to fill in and send (draft), the funder's answer (submitted), its payment
# (accepted). A refused file goes back to draft only if staff decide to file again.
WAITING = {DRAFT: _l("à compléter et déposer"), SUBMITTED: _l("en attente de la réponse du financeur"),
           ACCEPTED: _l("en attente du paiement du financeur")}


def waiting_words(status: str) -> str:
    """A file waiting on the staff's home: its step as every list says it, then what it waits for."""
    return f"{label(status)} : {WAITING[status]}" if status in WAITING else label(status)


def file_state(file) -> str:
    """A waiting file's line on the staff's home: its step while her enrolment is active; once she has left
    the session, her enrolment's state first (learning's words), so a withdrawn learner never reads as
    a plain « brouillon » to file."""
    enrollment = file.enrollment
    if enrollment.status == membership.ACTIVE:
        return waiting_words(file.status)
    left = f" le {to_paris(enrollment.ended_at):%d/%m/%Y}" if enrollment.ended_at else ""
    return f"{enrolment_status(enrollment.status)}{left} · {_l('dossier %(s)s', s=label(file.status))}"


# Codes stored in French before migration 050: a funding file archived earlier still carries them.
FORMER_CODES = {"brouillon": DRAFT, "depose": SUBMITTED, "accepte": ACCEPTED, "refuse": REFUSED, "paye": PAID,
                "convention": "agreement", "positionnement": "needs_assessment", "reglement": "house_rules",
                "releve": "attendance_statement", "certificat_realisation": "completion_certificate",
                "facture": "invoice", "enquete": "satisfaction_survey"}


def label(status: str) -> str:
    """A funding step in words (an archived file may still hold its former French code)."""
    status = FORMER_CODES.get(status, status)
    return str(STATUS_LABELS.get(status, status))


def document_label(kind: str) -> str:
    kind = FORMER_CODES.get(kind, kind)
    return str(DOCUMENT_LABELS.get(kind, kind))
PROFESSIONAL_LABELS = {"employee": _l("Salarié"), "jobseeker": _l("Demandeur d'emploi"),
                       "self_employed": _l("Indépendant"), "individual": _l("Particulier"),
                       "apprentice": _l("Apprenti")}
# Professional situations stored in French before vault migration 011 (an archived record may hold one).
FORMER_PROFESSIONAL_CODES = {"salarie": "employee", "demandeur_emploi": "jobseeker", "independant": "self_employed",
                             "particulier": "individual", "apprenti": "apprentice"}


def professional_label(status: str | None) -> str:
    """A professional situation in words; "" when none was given."""
    if not status:
        return ""
    status = FORMER_PROFESSIONAL_CODES.get(status, status)
    return str(PROFESSIONAL_LABELS.get(status, status))
