"""What the vault holds about a person that no capability declares for its own purpose: her identity
and contact details, her credentials, and the journal of who read her data.

The vault's own rule, whatever the capability: an erased person leaves nothing in it. erase_identity
therefore removes every row of hers (those that funding, certificates and invoicing declare too, once
their legal records are archived), and runs after every capability's own erasure."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.formatting import EmailAddress, phone
from portal.personal_data.registry import CONTRACT, LEGAL, Declaration, Person
from portal.personal_data.table import BY_KEY
from portal.vault import audit, service


def _identity_held(person: Person) -> list[tuple[str, str]]:
    identity = service.own_identity(person.account_id)
    if identity is None:
        return []
    return [(str(_l("Nom complet")), identity.full_name),
            (str(_l("Adresse électronique")), EmailAddress(identity.email)),
            (str(_l("Téléphone")), phone(identity.phone)),
            (str(_l("Adresse postale")), identity.postal_address or str(_l("non fournie")))]


def _identity_exported(person: Person) -> dict:
    identity = service.own_identity(person.account_id)
    return {"identity": {"full_name": identity.full_name, "email": identity.email, "phone": identity.phone,
                         "postal_address": identity.postal_address} if identity else None}


def _erase_identity(person: Person) -> None:
    service.erase_identity(person.account_id)


def _credentials_held(person: Person) -> list[tuple[str, str]]:
    two_factor = service.totp_enabled(person.account_id)
    return [(str(_l("Mot de passe")), str(_l("haché (argon2id), illisible même pour nous"))),
            (str(_l("Double authentification")),
             str(_l("activée, %(n)s codes de secours restants", n=service.recovery_codes_left(person.account_id)))
             if two_factor else str(_l("non activée")))]


def _letters_held(person: Person) -> list[tuple[str, str]]:
    return [(str(_l("Adresse postale donnée dans votre lettre au délégué")), address)
            for address in service.letter_addresses_of(person.account_id)]


def _letters_exported(person: Person) -> dict:
    addresses = service.letter_addresses_of(person.account_id)
    return {"request_letters": [{"postal_address": address} for address in addresses]}


def _audit_held(person: Person) -> list[tuple[str, str]]:
    return [(str(_l("Consultations de vos données par l'équipe, inscrites au journal")),
             str(audit.count_about(person.account_id)))]


DECLARATIONS = (
    Declaration(
        key="vault.identity", topic="identity", label=_l("Identité et coordonnées"), models=("identity",),
        retention=BY_KEY["login"], basis=CONTRACT,
        purpose=_l("Vous inscrire, vous envoyer confirmations, supports et convocations."),
        while_restricted=_l("Conservées ; lues par l'équipe seulement pour une obligation légale, avec le motif "
                            "inscrit au journal."),
        held=_identity_held, export=_identity_exported, erase=_erase_identity, order=200),
    Declaration(
        key="vault.credentials", topic="account", label=_l("Mot de passe et double authentification"),
        models=("credential", "recovery_code"), retention=BY_KEY["login"], basis=CONTRACT,
        purpose=_l("Vous donner accès à votre espace personnel sécurisé."),
        while_restricted=_l("Conservés : vous pouvez toujours vous connecter."),
        held=_credentials_held),  # not exported: secrets that would let whoever holds the file sign in
    Declaration(
        key="vault.request_letters", topic="requests", label=_l("Adresse donnée dans une lettre au délégué"),
        models=("request_letter",), retention=BY_KEY["requests"], basis=LEGAL,
        purpose=_l("Vous répondre par courrier à l'adresse que votre lettre donne ; effacée quand la demande est "
                   "close."),
        while_restricted=_l("Conservée le temps de vous répondre."),
        # The vault's erasure, after every capability's own (order 0 ran it first: invoicing could no longer
        # keep an unpaid invoice's payer as printed, as a claim still owed).
        held=_letters_held, export=_letters_exported, erase=_erase_identity, order=200),
    Declaration(
        key="vault.access_log", topic="security", label=_l("Journal des accès à vos données"),
        models=("audit_entry",), retention=BY_KEY["access_log"], basis=LEGAL,
        purpose=_l("Garder la trace de chaque consultation de vos données d'identité par l'équipe, et de son "
                   "motif."),
        while_restricted=_l("Tenu comme toujours : chaque consultation y est inscrite."),
        held=_audit_held),  # names no one: actor and subject are account ids, kept for the chain's proof
)
