"""Judicial or administrative requests: the dpo names the authority, its reference, the person and the
fields asked for; the answer holds those fields and nothing else, and the act is audited."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from portal import db, formatting
from portal.accounts.service import AccountRow, account_or_none
from portal.documents import french, pdf_document
from portal.funding.wording import professional_label
from portal.invoicing.wording import printed_payment
from portal.personal_data import registry
from portal.personal_data.registry import Person
from portal.privacy.models import JudicialRequest
from portal.refusals import Refused
from portal.timeutil import to_paris, utcnow
from portal.vault import audit
from portal.vault import service as vault

# What may be asked for, in the order the answer lists it.
FIELDS = {
    "full_name": _l("Nom complet"), "email": _l("Adresse électronique"), "phone": _l("Téléphone"),
    "postal_address": _l("Adresse postale"), "professional_status": _l("Situation professionnelle"),
    "employer": _l("Employeur"), "account_dates": _l("Dates de création du compte et de dernière connexion"),
    "enrollments": _l("Inscriptions"), "learning_events": _l("Journal d'activité pédagogique"),
    "forum_posts": _l("Messages du forum"), "payments": _l("Paiements (date, moyen, référence, facture, montant)"),
}
VAULT_FIELDS = ("full_name", "email", "phone", "postal_address", "professional_status", "employer")


class RequisitionRefused(Refused):
    pass


KEPT_WORKFLOW = "réponse à une réquisition, gardée telle qu'envoyée"
COPY_WORKFLOW = "nouvelle copie d'une réponse à une réquisition"


def answer(authority: str, reference: str, email: str, fields: list[str], actor: audit.Actor) -> Answered:
    """The answer's PDF, holding exactly the fields asked for; the register keeps it as sent (in the vault's
    files: it names the person) for the dpo to hand over again."""
    authority, reference = (authority or "").strip(), (reference or "").strip()
    if not authority or len(authority) > 200 or not reference or len(reference) > 100:
        raise RequisitionRefused(_l("Indiquez l'autorité requérante et la référence de sa demande."))
    chosen = [name for name in FIELDS if name in set(fields)]
    if not chosen or len(chosen) != len(set(fields)):
        raise RequisitionRefused(_l("Cochez exactement les données demandées par l'autorité."))
    account_id = vault.account_id_for_email(email or "")
    account = account_or_none(account_id) if account_id else None
    if account is None:
        raise RequisitionRefused(_l("Aucun compte n'a cette adresse."), field="email")
    reason = f"Réquisition : {authority}, référence {reference}"
    stored = None
    try:
        with db.atomic(with_vault=True):
            request = JudicialRequest.create(authority=authority, reference=reference, account_id=account.id,
                                             fields=",".join(chosen), answered_by=actor.id)
            vault_part = [name for name in chosen if name in VAULT_FIELDS]
            values = vault.read_for_staff(account.id, actor, vault_part, reason=reason, action="requisition") \
                if vault_part else {}
            if not vault_part:
                audit.record(actor, account.id, "requisition", chosen, reason=reason)
            document = {"authority": authority, "reference": reference, "answered_at": utcnow().isoformat() + "Z",
                        "fields": chosen, "data": {}}
            for name in chosen:
                document["data"][name] = values[name] if name in VAULT_FIELDS else _main_zone(name, account)
            content = pdf(request, document)
            stored = vault.store_document(account.id, actor, content, KEPT_WORKFLOW)
            JudicialRequest.update(answer_stored=stored).where(JudicialRequest.id == request.id).execute()
    except audit.ReasonNamesSomeone:
        raise RequisitionRefused(_l("L'autorité et la référence restent au journal d'accès : n'y mettez ni le "
                                    "nom, ni l'adresse, ni le téléphone de la personne.")) from None
    except Exception:
        if stored:  # the register was not written: no file nothing points to
            vault.forget_documents([stored])
        raise
    return Answered(request.id, content)


@dataclass(frozen=True)
class Answered:
    """A requisition's answer as sent: its number in the register and its PDF."""
    id: int
    content: bytes

    @property
    def filename(self) -> str:
        return f"reponse-requisition-{self.id}.pdf"


def copy_of(request_id: int, actor: audit.Actor) -> Answered | None:
    """The answer of a past requisition, as it was sent, read from the vault's files (the reading is in the
    access journal); None when there is no such requisition or its answer was not kept."""
    request = JudicialRequest.get_or_none(JudicialRequest.id == request_id)
    if request is None or not request.answer_stored:
        return None
    content = vault.read_document(request.answer_stored, request.account_id, actor, COPY_WORKFLOW)
    return Answered(request.id, content) if content is not None else None


def _main_zone(name: str, account: AccountRow):
    if name == "payments":
        return [{"payment": printed_payment(p.method, to_paris(p.paid_at), p.reference, p.card_last4, p.provider_ref),
                 "invoice": p.invoice_number, "amount_cents": p.amount_cents} for p in vault.payments_of(account.id)]
    return registry.answer_for(name, Person(account.id, account.role))


def history() -> list[JudicialRequest]:
    return list(JudicialRequest.select().order_by(JudicialRequest.answered_at.desc()))


VALUE_WORDS = {"created_at": "création", "last_login_at": "dernière connexion", "course": "formation",
               "session": "session", "enrolled_at": "inscription", "at": "date", "verb": "action",
               "lesson": "leçon", "question": "question", "body": "texte", "reference": "référence",
               "invoice": "facture", "amount_cents": "montant", "paid_at": "payé le",
               "card_last4": "4 derniers chiffres de la carte", "payment": ""}  # "": the value says what it is


def _said(value, key: str = "") -> str:
    """A value of the answer as the authority reads it: times in Paris, amounts in euros, a phone as written, a
    professional situation in words, in French."""
    if key == "amount_cents" and isinstance(value, int):
        return french.amount(value)
    if key == "phone" and value:
        return formatting.phone(str(value))
    if key == "professional_status" and value:
        return professional_label(str(value))
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == "T":
        return to_paris(datetime.fromisoformat(value.removesuffix("Z"))).strftime("%d/%m/%Y %H:%M (heure de Paris)")
    return "—" if value in (None, "") else str(value)


def pdf(request: JudicialRequest, document: dict) -> bytes:
    """The answer as a French document: the authority, its reference, when it was answered, and each field
    asked for, named in words, with nothing else."""
    doc = pdf_document("Réponse à une réquisition")
    doc.field("Autorité requérante", request.authority)
    doc.field("Référence de la demande", request.reference)
    doc.field("Réponse établie le", to_paris(request.answered_at).strftime("%d/%m/%Y à %H:%M (heure de Paris)"))
    for name in document["fields"]:
        doc.heading(str(FIELDS[name]))
        value = document["data"][name]
        if isinstance(value, dict):
            for key, item in value.items():
                doc.field(VALUE_WORDS.get(key, key).capitalize(), _said(item, key))
        elif isinstance(value, list):
            if not value:
                doc.line("Aucune donnée.")
            for entry in value:
                doc.line(" · ".join(f"{VALUE_WORDS.get(key, key)} : {_said(item, key)}" if VALUE_WORDS.get(key, key)
                                    else _said(item, key) for key, item in entry.items()))
        else:
            doc.line(_said(value, name))
    return doc.bytes()
