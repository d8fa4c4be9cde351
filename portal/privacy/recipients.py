"""Who receives a person's data besides Pétale's own team (GDPR article 15(1)(c)), in the words of the privacy
policy (portal/privacy/politique-de-confidentialite.txt): the answer to a right of access names them. The
declarations of personal data say what is held and why, not to whom it goes; this list says that, once."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Recipient:
    who: str
    receives: str


RECIPIENTS: tuple[Recipient, ...] = (
    Recipient("Votre financeur (OPCO, France Travail, votre employeur) lorsqu'il prend en charge votre formation",
              "votre identité, votre statut professionnel, les pièces de votre dossier de financement, vos "
              "présences et les attestations de réalisation"),
    Recipient("Les formatrices et formateurs de vos sessions",
              "vos travaux pratiques, vos questions et votre progression dans leurs modules"),
    Recipient("Notre prestataire de paiement",
              "les données de vos règlements par carte (nous ne gardons que les quatre derniers chiffres)"),
    Recipient("Notre hébergeur, en France",
              "techniquement toutes les données du portail, qu'il ne peut utiliser à aucune autre fin"),
    Recipient("Notre relais de messagerie électronique",
              "votre adresse électronique et le contenu des messages que nous vous envoyons"),
    Recipient("Les autorités judiciaires ou administratives, sur réquisition officielle seulement",
              "les seuls éléments que la réquisition demande"),
)
