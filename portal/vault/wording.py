"""The words the access log is read in: what was done, to which data, by which role. The log stores codes
(they are part of each entry's hash and must not change with a translation); the dpo reads words."""
from __future__ import annotations

import uuid
from collections.abc import Mapping
from functools import lru_cache

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

ACTION_WORDS = {"lecture": _l("lecture"), "recherche": _l("recherche"), "depot": _l("dépôt"),
                "requisition": _l("réquisition"), "export": _l("export"), "facturation": _l("facturation"),
                "rectification": _l("rectification"),
                "enregistrement": _l("enregistrement d'une personne sans compte")}
FIELD_WORDS = {
    "full_name": _l("nom complet"), "email": _l("adresse électronique"), "phone": _l("téléphone"),
    "postal_address": _l("adresse postale"), "professional_status": _l("situation professionnelle"),
    "employer": _l("employeur"), "invoice_party": _l("payeur d'une facture"), "document": _l("pièce jointe"),
    "archive": _l("pièces archivées"), "invoice": _l("facture"), "account_dates": _l("dates du compte"),
    "enrollments": _l("inscriptions"), "learning_events": _l("journal pédagogique"),
    "forum_posts": _l("messages du forum"), "payments": _l("paiements"),
    "certificate_holder": _l("nom imprimé sur une attestation"), "identite": _l("identité"),
    "export": _l("export de toutes ses données"),
}
ROLE_WORDS = {"learner": _l("apprenant·e"), "trainer": _l("formateur·rice"), "staff": _l("gestion"),
              "dpo": _l("délégué à la protection des données")}
# Who wrote an entry no account wrote (its actor id is empty), by the role it was written for: the portal's own
# jobs, one of them working for the dpo (the export of a request she carried out), or a visitor of a public page.
WITHOUT_ACCOUNT = {"system": _l("Le portail (tâche automatique)"),
                   "dpo": _l("Le portail (tâche automatique, pour le délégué à la protection des données)"),
                   "anonymous": _l("Une personne sans compte (page publique)")}


def action(code: str) -> str:
    return _said(code, "action", str(get_locale()))


def fields(codes: str) -> str:
    """The entry's comma-separated field codes, as words."""
    return _said(codes, "fields", str(get_locale()))


def role(code: str) -> str:
    return _said(code, "role", str(get_locale()))


@lru_cache(maxsize=1024)
def _said(codes: str, kind: str, _language: str) -> str:
    """The words of a code, kept per language (the key's third part): a journal page of fifty entries said the
    same few codes through gettext two hundred times. Codes are the code's own, never a person's."""
    if kind == "fields":
        return ", ".join(str(FIELD_WORDS.get(code, code)) for code in codes.split(",") if code)
    return str((ACTION_WORDS if kind == "action" else ROLE_WORDS).get(codes, codes))


def reader_name(actor_id: uuid.UUID | None, names: Mapping[uuid.UUID, str]) -> str | None:
    """The name of who wrote an entry, for actor(): None when no account did; an id no name is known for
    (an account that never existed here) by its reference."""
    if actor_id is None:
        return None
    return names.get(actor_id) or str(_l("réf. %(ref)s", ref=str(actor_id)[:8]))


def actor(name: str | None, role_code: str) -> str:
    """Who did it, as the journal and the report say it: someone by her name and role; an entry no account wrote
    by what wrote it (never a role worn by no one)."""
    if name:
        return f"{name} ({role(role_code)})"
    return str(WITHOUT_ACCOUNT.get(role_code, WITHOUT_ACCOUNT["system"]))
