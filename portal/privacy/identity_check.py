"""Checking who wrote a request that arrived off the portal: what the portal holds about the account the letter
matched (read from the vault, journaled, shown beside the check so that the dpo compares rather than trusts),
and how the check was made (a method and what was compared), kept by the register."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from portal.accounts import lifecycle
from portal.privacy.models import DataRequest
from portal.privacy.requests import RequestRefused, note_step
from portal.vault import audit
from portal.vault import service as vault

WORKFLOW = "registre des demandes"
READ_REASON = "Identité à comparer avec une demande reçue hors du portail"

# How the dpo made sure the letter comes from the account's holder, in the words the register keeps.
METHODS = {
    "piece": _l("Copie d'une pièce d'identité comparée au compte"),
    "signature": _l("Signature comparée à un document signé (contrat, émargement)"),
    "adresse": _l("Demande venue de l'adresse électronique du compte"),
    "questions": _l("Questions de contrôle sur le compte (dates, formation suivie)"),
    "rappel": _l("Rappel au numéro de téléphone du compte"),
    "autre": _l("Autre moyen (décrit dans la note)"),
}
NOTE_MAX = 240


@dataclass(frozen=True)
class ToCompare:
    """What the portal holds about the account, to set beside the letter."""

    full_name: str
    email: str
    phone: str
    postal_address: str
    created_at: datetime | None


def needs_check(request: DataRequest) -> bool:
    """A request from her own space comes signed in; a letter or a mail must be checked before anything is done."""
    return request.channel != "espace"


def to_compare(request: DataRequest, actor: audit.Actor) -> ToCompare | None:
    """The matched account's identity, read for the check (one journal entry, however often the page is
    reloaded within a short while). None when there is no account to compare with."""
    if request.account_id is None or request.closed_at is not None or not needs_check(request):
        return None
    account = lifecycle.not_erased(request.account_id)
    if account is None:
        return None
    held = vault.read_for_staff(request.account_id, actor, vault.IDENTITY_FIELDS, reason=READ_REASON,
                                workflow=WORKFLOW)
    return ToCompare(held.get("full_name") or "", held.get("email") or "", held.get("phone") or "",
                     held.get("postal_address") or "", account.created_at)


def method_words(code: str) -> str:
    return str(METHODS[code]) if code in METHODS else ""


def record_check(request: DataRequest, method: str, note: str, actor: audit.Actor) -> str:
    """How her identity was checked, in words, journaled and kept by the register; refused when the method or
    what was compared is not said."""
    if not needs_check(request):
        return "connectée à son espace"  # she asked from her own space, signed in
    how = check_words(method, note)
    try:
        audit.record(actor, request.account_id, "lecture", ["identite"], reason=f"Vérification d'identité : {how}",
                     workflow=WORKFLOW)
    except audit.ReasonNamesSomeone:
        raise RequestRefused(_l("Décrivez la vérification sans le nom, l'adresse ni le téléphone de la personne : "
                                "le journal des accès la garde.")) from None
    DataRequest.update(identity_check=how).where(DataRequest.id == request.id).execute()
    note_step(request, f"Identité vérifiée : {how}")
    return how


def check_words(method: str, note: str) -> str:
    """The check in the register's words, before anything is written; refused when the method or what was
    compared is not said."""
    note = " ".join((note or "").split())
    if method not in METHODS:
        raise RequestRefused(_l("Choisissez comment l'identité de la personne a été vérifiée (pièce d'identité, "
                                "signature, adresse du compte…)."))
    if not note:
        raise RequestRefused(_l("Notez ce que vous avez comparé et ce qui concorde avec ce que nous détenons (par "
                                "exemple : nom et adresse postale identiques, pièce reçue le …)."))
    if len(note) > NOTE_MAX:
        raise RequestRefused(_l("La note tient en %(n)s caractères au plus.", n=NOTE_MAX))
    return f"{method_words(method)} — {note}"
