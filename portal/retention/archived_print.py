"""An archived record printed in words, for the dpo who takes it out of the archive: each field the
record was kept with, under its French name, dates and amounts written the French way, codes in words.
Invoices and uploaded copies are not printed here: they come out as issued (archived_invoices) or as the
file received."""
from __future__ import annotations

import json
from datetime import date, datetime

from portal.archive.service import Kept
from portal.contracts.wording import CHANNEL_WORDS, STEP_WORDS, STOP_WORDS
from portal.documents import french, pdf_document
from portal.funding.wording import FUNDER_LABELS, document_label
from portal.funding.wording import label as funding_status
from portal.timeutil import to_paris

# The fields legal records are kept with (learning, funding, contracts, certificates), in the order printed.
FIELD_WORDS = {
    "holder": "Titulaire", "course": "Formation", "course_version": "Version du programme", "session": "Session",
    "starts_on": "Début de la formation", "ends_on": "Fin de la formation", "enrolled_at": "Inscription",
    "funding": "Financement", "hours": "Temps de formation suivi", "funder_type": "Financeur",
    "funder_name": "Nom du financeur", "case_number": "Numéro de dossier du financeur",
    "payer_address": "Adresse de facturation du payeur", "payer_siren": "SIREN du payeur",
    "status": "État du dossier de financement", "documents": "Pièces du dossier", "code": "Code de l'attestation",
    "short_code": "Code court", "version": "Version de l'attestation", "issued_at": "Délivrée le",
    "results": "Résultats", "superseded_by": "Remplacée par l'attestation", "superseded_at": "Remplacée le",
    "price_cents": "Prix de la formation", "share_cents": "À la charge de la personne",
    "terms_version": "Version des conditions", "text_sha256": "Empreinte SHA-256 du texte signé",
    "signed_at": "Signé le", "withdrawal_ends_on": "Fin du délai de rétractation",
    "withdrawn_at": "Rétractation enregistrée le", "withdrawal_channel": "Rétractation reçue",
    "letter_sent_on": "Lettre envoyée le", "stopped_on": "Formation arrêtée le", "stop_reason": "Motif de l'arrêt",
    "early_start": "Début anticipé demandé", "schedule": "Échéancier",
}
NOT_PRINTED = {"text"}  # the contract's text follows the fields, section by section


def _moment(text: str) -> str:
    return f"{to_paris(datetime.fromisoformat(text)):%d/%m/%Y à %H:%M} (heure de Paris)"


def _day(text: str) -> str:
    return f"{date.fromisoformat(text[:10]):%d/%m/%Y}"


def _value(key: str, value) -> str:
    """One field's value as a French reader reads it."""
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if key.endswith("_cents"):
        return french.amount(int(value))
    if key in ("enrolled_at", "signed_at", "withdrawn_at", "issued_at", "superseded_at"):
        return _moment(value)
    if key.endswith("_on"):
        return _day(value)
    if key == "hours":
        return f"{french.decimal(float(value))} h"
    if key in ("funding", "funder_type"):
        return str(FUNDER_LABELS.get(value, value))
    if key == "status":
        return funding_status(value)
    if key == "withdrawal_channel":
        return str(CHANNEL_WORDS.get(value, value))
    if key == "stop_reason":
        return str(STOP_WORDS.get(value, value))
    if key == "documents":
        return " ; ".join(f"{document_label(kind)} ({reference})" for kind, reference in sorted(value.items()))
    if key == "results":
        return " ; ".join(f"{title} : {score} %" for title, score in value.items())
    if key == "schedule":
        return " ; ".join(f"{STEP_WORDS.get(step['kind'], step['kind'])} {french.amount(step['amount_cents'])} "
                          f"facturé le {_day(step['bills_on'])}" + (" (annulé)" if step.get("cancelled") else "")
                          for step in value)
    return str(value)


def _sections(text: str) -> list[dict]:
    """A signed contract's text kept as JSON sections (a heading, its paragraphs)."""
    try:
        sections = json.loads(text)
    except (TypeError, ValueError):
        sections = None
    return sections if isinstance(sections, list) else [{"heading": "", "paragraphs": [str(text)]}]


def pdf(title: str, kept: Kept) -> bytes:
    doc = pdf_document(title)
    doc.line(f"Pièce des archives légales, archivée le {to_paris(kept.archived_at):%d/%m/%Y}, "
             f"détruite après le {kept.purge_after:%d/%m/%Y}.", size=9)
    doc.ln(2)
    for key, words in FIELD_WORDS.items():
        if key in kept.payload:
            doc.field(words, _value(key, kept.payload[key]))
    others = [key for key in kept.payload if key not in FIELD_WORDS and key not in NOT_PRINTED]
    for key in others:  # a field added after this list was written is still printed, under its code
        doc.field(key, _value(key, kept.payload[key]))
    if kept.payload.get("text"):
        doc.heading("Texte signé")
        for section in _sections(kept.payload["text"]):
            if section.get("heading"):
                doc.heading(section["heading"])
            for paragraph in section.get("paragraphs", []):
                doc.line(paragraph)
    return doc.bytes()
