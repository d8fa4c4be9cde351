"""The contract's text, written from the course and the session and the provider's terms. Every mention
article L6353-4 of the Code du travail requires has its own section, whose heading is in MENTIONS. The
text holds no name or address: the parties are printed beside it, from the vault, when it is shown.

It is a French legal document, whatever the reader's language (as invoices are)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, timedelta

from portal.contracts.schedule import BALANCE, WITHDRAWAL_DAYS, Step, deposit_percent, withdrawal_ends_on
from portal.documents import french
from portal.learning import programme
from portal.learning.models import TrainingSession
from portal.learning.programme import (
    ASSESSMENT,
    DURATION,
    FOLLOW_UP,
    MEANS,
    NATURE,
    OBJECT,
    PREREQUISITES,
    PROGRAMME,
)

# Bumped whenever the wording below changes: a signed contract keeps the version it was signed under.
TERMS_VERSION = "2026-12"

CONDUCT = "Modalités de déroulement"
TRAINERS, PRICE = "Formateurs", "Prix et modalités de paiement"
EARLY_STOP, WITHDRAWAL = "Cessation anticipée ou abandon", "Délai de rétractation"
# The mentions of L6353-4 (with the withdrawal of L6353-5), in the order the contract gives them.
MENTIONS = (NATURE, OBJECT, DURATION, PROGRAMME, PREREQUISITES, CONDUCT, MEANS, FOLLOW_UP, ASSESSMENT, TRAINERS,
            PRICE, EARLY_STOP, WITHDRAWAL)

FUNDER_WORDS = {"employer": "son employeur", "opco": "un OPCO", "france_travail": "France Travail",
                "cpf": "son compte personnel de formation", "other": "un autre financeur"}


@dataclass(frozen=True)
class Terms:
    """What the contract states about money and the provider, fixed when it is drafted."""
    price_cents: int
    share_cents: int
    funding: str
    signed_on: date
    steps: tuple[Step, ...]
    deposit_configured: int
    trainer_qualifications: str
    holds_lessons: bool = False  # her lessons wait for the end of the withdrawal period (she pays it all herself)
    early_start_allowed: bool = False  # the provider lets her ask to start at once


Section = dict  # {"heading": str, "paragraphs": [str]}


def _d(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def _first_up(words: str) -> str:
    return words[:1].upper() + words[1:]


def sections(session: TrainingSession, terms: Terms) -> list[Section]:
    said = programme.describe(session)  # what the training is, as the programme and the convention say it
    return [
        *({"heading": heading, "paragraphs": said[heading]}
          for heading in (NATURE, OBJECT, DURATION, PROGRAMME, PREREQUISITES)),
        {"heading": CONDUCT, "paragraphs": [
            "Formation ouverte et à distance, sur le portail Pétale : les modules s'ouvrent aux dates de la "
            "session indiquées au programme ; le stagiaire suit les activités à son rythme dans ces limites.",
            *_waiting(terms),
            "Le temps passé sur chaque activité est enregistré pour établir les justificatifs d'assiduité."]},
        *({"heading": heading, "paragraphs": said[heading]} for heading in (MEANS, FOLLOW_UP, ASSESSMENT)),
        {"heading": TRAINERS, "paragraphs": [terms.trainer_qualifications.strip() + "."]},
        {"heading": PRICE, "paragraphs": _price(terms)},
        {"heading": EARLY_STOP, "paragraphs": [
            "Si le stagiaire, empêché par un cas de force majeure dûment reconnu, cesse la formation avant son "
            "terme, seules les prestations effectivement dispensées sont dues, au prorata des jours de la "
            "session écoulés à la date de l'arrêt ; ce qui a été facturé au-delà est annulé par un avoir et "
            "remboursé.",
            "S'il abandonne la formation pour un autre motif, les échéances dont la date est passée restent dues "
            "et celles à venir sont annulées ; aucune indemnité n'est réclamée en sus.",
            "Si le prestataire ne peut pas dispenser la formation, il rembourse les sommes perçues pour les "
            "prestations non dispensées."]},
        {"heading": WITHDRAWAL, "paragraphs": [
            f"Le stagiaire peut se rétracter dans les {WITHDRAWAL_DAYS} jours qui suivent la signature du "
            f"présent contrat, soit jusqu'au {_d(withdrawal_ends_on(terms.signed_on))} inclus, par lettre "
            "recommandée avec avis de réception adressée au prestataire, ou par le bouton « Je me rétracte » de "
            "son espace. La rétractation met fin à l'inscription ; aucune somme n'est due.",
            "Aucune somme ne peut être exigée du stagiaire avant l'expiration de ce délai."]},
    ]


def _waiting(terms: Terms) -> list[str]:
    if not terms.holds_lessons:
        return []
    opens = withdrawal_ends_on(terms.signed_on) + timedelta(days=1)
    said = [f"Pendant le délai de rétractation, les modules restent fermés : ils s'ouvrent au plus tôt le "
            f"{_d(opens)}, lendemain de son terme, puis aux dates de la session."]
    if terms.early_start_allowed:
        said.append("Le stagiaire peut demander expressément, en signant, à commencer dès la signature ; il "
                    "garde alors son droit de rétractation, sans frais. Sa réponse est consignée avec sa "
                    "signature.")
    return said


def _price(terms: Terms) -> list[str]:
    price = french.amount(terms.price_cents)
    paragraphs = [f"Prix de la formation : {price}, net de taxe (exonération de TVA des actions de formation)."]
    if terms.share_cents < terms.price_cents:
        paragraphs.append(
            f"{_first_up(FUNDER_WORDS.get(terms.funding, 'un financeur'))} prend en charge une partie de ce prix ; "
            f"le présent contrat porte sur la part payée par le stagiaire lui-même : "
            f"{french.amount(terms.share_cents)}.")
    deposit = next((s for s in terms.steps if s.kind != BALANCE), None)
    if deposit is not None:
        paragraphs.append(
            f"Acompte de {deposit_percent(terms.deposit_configured)} % ({french.amount(deposit.amount_cents)}), "
            f"facturé le {_d(deposit.bills_on)}, lendemain de la fin du délai de rétractation ; l'acompte ne "
            "dépasse jamais 30 % du prix convenu.")
    balance = [s for s in terms.steps if s.kind == BALANCE]
    if balance:
        paragraphs.append("Solde échelonné au fil de la formation : " + " ; ".join(
            f"{french.amount(s.amount_cents)} facturés le {_d(s.bills_on)}" for s in balance) + ".")
    paragraphs.append("Chaque facture est payable par carte sur la page « Mes factures » du portail ou par "
                      "virement, dans le délai qu'elle indique.")
    return paragraphs


def as_json(text: list[Section]) -> str:
    return json.dumps(text, ensure_ascii=False, separators=(",", ":"))


def fingerprint(text: list[Section]) -> str:
    return hashlib.sha256(as_json(text).encode()).hexdigest()
