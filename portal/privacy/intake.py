"""Recording in the register a request that arrived by post or e-mail: her account is found on what identifies
her in her letter (e-mail, phone or whole name, through the journaled lookup) and confirmed by the dpo, who sees
whom it matched and why; or, when she has no account, she is recorded in the vault with what her letter gives.
Its clock starts the day it arrived."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import phonenumbers
from flask_babel import lazy_gettext as _l

from portal import db, email_address
from portal.privacy.models import DataRequest
from portal.privacy.requests import RequestRefused, check_received_on, open_request
from portal.privacy.wording import RECEIVED_ON, channel_message
from portal.vault import audit
from portal.vault import service as vault

WORKFLOW = "registre des demandes"


@dataclass(frozen=True)
class Letter:
    """What the dpo typed from the letter or the mail: the person as her letter gives her, used to find her
    account, or recorded as she gives it when she has none."""

    kind: str
    channel: str
    received_on: date | None
    full_name: str = ""
    postal_address: str = ""
    email: str = ""
    phone: str = ""
    without_account: bool = False
    # The account the dpo confirmed, after seeing whom the letter matched and why (its id, as the page sent it).
    confirmed_account: str = ""
    # Someone without an account who already wrote: the dpo attaches the letter to her (her id), or says it is
    # someone else (new_requester).
    confirmed_requester: str = ""
    new_requester: bool = False


@dataclass(frozen=True)
class Recorded:
    request: DataRequest
    named: str  # whom it was attached to (the name the dpo already read, journaled); "" without an account


@dataclass(frozen=True)
class Proposal:
    """The letter matched one account: nothing is recorded until the dpo has seen whom and why, and confirmed
    (or recorded the request as from someone without an account)."""

    match: vault.LetterMatch


@dataclass(frozen=True)
class SameRequester:
    """Someone without an account with the same e-mail address, or the same name at the same address, already
    wrote: nothing is recorded until the dpo attaches the letter to her or says it is someone else."""

    known: vault.KnownRequester


def record_received(letter: Letter, actor: audit.Actor) -> Recorded | Proposal | SameRequester:
    """The request as the letter brings it, once the dpo has confirmed the account it matched."""
    if letter.received_on is None:
        raise RequestRefused(RECEIVED_ON)
    check_received_on(letter.received_on)
    if letter.without_account:
        return _for_requester(letter, actor)
    given = vault.LetterGives(full_name=" ".join((letter.full_name or "").split()), email=(letter.email or "").strip(),
                              phone=(letter.phone or "").strip(), postal_address=(letter.postal_address or "").strip())
    if not (given.full_name or given.email or given.phone):
        raise RequestRefused(_l("Recopiez ce que %(what)s donne de la personne : son nom complet, son adresse "
                                "électronique ou son téléphone (et son adresse postale).",
                                what=channel_message(letter.channel)))
    found = vault.match_letter(given, actor, workflow=WORKFLOW)
    if not found:
        raise RequestRefused(_l("Aucun compte ne correspond à cette adresse électronique, ce téléphone ou ce nom "
                                "complet (un prénom seul ne suffit pas). Si la personne n'a pas de compte, cochez "
                                "« Sans compte »."))
    if len(found) > 1:
        raise RequestRefused(_l("Plusieurs comptes correspondent (%(names)s) : précisez avec l'adresse électronique "
                                "ou le téléphone.", names=", ".join(f.full_name for f in found)))
    match = found[0]
    if letter.confirmed_account != str(match.account_id):
        return Proposal(match)
    if len(given.postal_address) > 500:
        raise RequestRefused(_l("L'adresse postale tient en 500 caractères au plus."))
    with db.atomic(with_vault=True):  # both or neither: no address kept without its request
        request = open_request(match.account_id, letter.kind, letter.channel, received_on=letter.received_on)
        if given.postal_address:  # to answer her by post, where her letter says
            letter_id = vault.record_letter_address(actor, match.account_id, given.postal_address)
            DataRequest.update(letter_id=letter_id).where(DataRequest.id == request.id).execute()
            request.letter_id = letter_id
    return Recorded(request, match.full_name)


def _for_requester(letter: Letter, actor: audit.Actor) -> Recorded | SameRequester:
    """Someone without an account: what answering her needs, in the vault; the register keeps her UUID. When she
    already wrote, her new letter is attached to her once the dpo has confirmed it."""
    full_name = " ".join((letter.full_name or "").split())
    address, email, phone = (letter.postal_address or "").strip(), (letter.email or "").strip(), \
        (letter.phone or "").strip()
    if not 2 <= len(full_name) <= 120:
        raise RequestRefused(_l("Recopiez le nom de la personne tel que %(what)s le donne (120 caractères au plus).",
                                what=channel_message(letter.channel)))
    if not (address or email):
        raise RequestRefused(_l("Il faut de quoi lui répondre : son adresse postale ou son adresse électronique."))
    if len(address) > 500:
        raise RequestRefused(_l("L'adresse postale tient en 500 caractères au plus."))
    if email:
        try:
            email = email_address.normalised(email, reserved_allowed=True)
        except email_address.AddressRefused as refused:
            raise RequestRefused(refused.words) from None
        if vault.account_id_for_email(email) is not None:
            raise RequestRefused(_l("Un compte porte cette adresse électronique : enregistrez la demande pour ce "
                                    "compte, sans cocher « Sans compte »."))
    if phone:
        phone = _phone(phone)
    known = None if letter.new_requester else vault.same_requester(actor, full_name=full_name, email=email,
                                                                   postal_address=address, workflow=WORKFLOW)
    if known is not None and letter.confirmed_requester != str(known.id):
        return SameRequester(known)
    with db.atomic(with_vault=True):  # both or neither: no requester without her request
        if known is not None:
            requester_id = known.id
            vault.requester_writes_again(requester_id, actor, postal_address=address, email=email, phone=phone)
        else:
            requester_id = vault.record_requester(actor, full_name=full_name, postal_address=address, email=email,
                                                  phone=phone)
        return Recorded(open_request(None, letter.kind, letter.channel, received_on=letter.received_on,
                                     requester_id=requester_id), "")


def _phone(text: str) -> str:
    try:
        parsed = phonenumbers.parse(text, "FR")
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        raise RequestRefused(_l("Ce numéro de téléphone n'est pas valide."))
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
