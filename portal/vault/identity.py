"""A person's identity and login in the vault: created at sign-up, read for her own pages and her mail, changed by
her or rectified by the dpo, closed or erased."""
from __future__ import annotations

import re
import secrets
import uuid
from dataclasses import dataclass

import peewee

from portal.db import vault_db
from portal.textfold import fold
from portal.timeutil import utcnow
from portal.vault import audit, passwords
from portal.vault.models import (
    CertificateHolder,
    Credential,
    FundingIdentity,
    Identity,
    InvoiceParty,
    Payment,
    RecoveryCode,
    RequestLetter,
)


class EmailTaken(Exception):
    pass


@dataclass(frozen=True)
class MailContact:
    email: str
    full_name: str


def name_key(full_name: str) -> str:
    """A name as searches compare it: no case, no accents, single spaces."""
    return " ".join(fold(full_name).split())


NAME_WORD = re.compile(r"[\w'’-]+")


def name_words(text: str) -> list[str]:
    """The words of a name or of a text, folded, as the check of an answer compares them."""
    return NAME_WORD.findall(fold(text))


def words_key(full_name: str) -> str:
    """A name's folded words in alphabetical order: the same key whatever order the name is written in."""
    return " ".join(sorted(name_words(full_name)))


def email_key(email: str) -> str:
    return email.strip().casefold()


# The credential of an account opened for someone who has not chosen her password yet: no password matches it.
NO_PASSWORD = "!not-chosen-yet"


def create_identity(account_id: uuid.UUID, *, full_name: str, email: str, phone: str, password: str | None) -> None:
    """Store identity and password hash (None: none chosen yet, see NO_PASSWORD); raises EmailTaken when the
    address is already known."""
    try:
        with vault_db.atomic():
            Identity.create(
                account_id=account_id, full_name=full_name, search_key=name_key(full_name),
                name_words=words_key(full_name), email=email,
                email_key=email_key(email), phone=phone
            )
            Credential.create(account_id=account_id,
                              password_hash=NO_PASSWORD if password is None else passwords.hash_password(password))
    except peewee.IntegrityError as exc:
        raise EmailTaken(email) from exc


def account_id_for_email(email: str) -> uuid.UUID | None:
    row = Identity.select(Identity.account_id).where(Identity.email_key == email_key(email)).first()
    return row.account_id if row else None


def check_password(account_id: uuid.UUID, password: str) -> bool:
    """Verify a password, upgrading the stored hash when argon2 parameters have changed."""
    credential = Credential.get_or_none(Credential.account_id == account_id)
    if credential is None or credential.password_hash == NO_PASSWORD:
        passwords.burn_time(password)  # as slow as a wrong password
        return False
    if not passwords.verify(credential.password_hash, password):
        return False
    if passwords.needs_rehash(credential.password_hash):
        Credential.update(password_hash=passwords.hash_password(password)).where(
            Credential.account_id == account_id
        ).execute()
    return True


def set_password(account_id: uuid.UUID, password: str) -> None:
    Credential.update(password_hash=passwords.hash_password(password), password_changed_at=utcnow()).where(
        Credential.account_id == account_id
    ).execute()


def mail_contact(account_id: uuid.UUID) -> MailContact | None:
    row = Identity.get_or_none(Identity.account_id == account_id)
    return MailContact(email=row.email, full_name=row.full_name) if row else None


def has_identity(account_id: uuid.UUID) -> bool:
    return Identity.select().where(Identity.account_id == account_id).exists()


def equalize_timing(password: str) -> None:
    """Cost an unknown or duplicate address as much as a real check, against account probing."""
    passwords.burn_time(password)


@dataclass(frozen=True)
class OwnIdentity:
    full_name: str
    email: str
    phone: str
    postal_address: str | None


def own_identity(account_id: uuid.UUID) -> OwnIdentity | None:
    """A person reading their own identity (no audit entry: it is not someone else's data)."""
    row = Identity.get_or_none(Identity.account_id == account_id)
    return OwnIdentity(row.full_name, row.email, row.phone, row.postal_address) if row else None


def erase_identity(account_id: uuid.UUID) -> None:
    with vault_db.atomic():
        Identity.delete().where(Identity.account_id == account_id).execute()
        Credential.delete().where(Credential.account_id == account_id).execute()
        FundingIdentity.delete().where(FundingIdentity.account_id == account_id).execute()
        CertificateHolder.delete().where(CertificateHolder.account_id == account_id).execute()
        InvoiceParty.delete().where(InvoiceParty.account_id == account_id).execute()
        Payment.delete().where(Payment.account_id == account_id).execute()
        RecoveryCode.delete().where(RecoveryCode.account_id == account_id).execute()
        RequestLetter.delete().where(RequestLetter.account_id == account_id).execute()


@dataclass(frozen=True)
class ProfileChange:
    full_name: str
    phone: str
    paper_documents: bool
    postal_address: str | None


def update_profile(account_id: uuid.UUID, change: ProfileChange) -> bool:
    """True when her name changed (documents already issued keep the old one: she is told so only then)."""
    with vault_db.atomic():
        before = Identity.get_or_none(Identity.account_id == account_id)
        Identity.update(full_name=change.full_name, search_key=name_key(change.full_name),
                        name_words=words_key(change.full_name), phone=change.phone,
                        paper_documents=change.paper_documents,
                        postal_address=change.postal_address,
                        updated_at=utcnow()).where(Identity.account_id == account_id).execute()
    return before is None or before.full_name != change.full_name


def set_postal_address(account_id: uuid.UUID, address: str) -> None:
    """Her postal address given for a contract (the contract and its invoices carry it), whatever her choice
    of paper documents."""
    Identity.update(postal_address=address, updated_at=utcnow()).where(Identity.account_id == account_id).execute()


def rectify_for_staff(subject_id: uuid.UUID, actor: audit.Actor, reason: str, *, full_name: str | None = None,
                      phone: str | None = None, postal_address: str | None = None) -> list[str]:
    """The dpo rectifies what a person asked, off the portal: only the fields given, the act audited in the
    same vault transaction. Returns the fields changed."""
    changes = {name: value for name, value in (("full_name", full_name), ("phone", phone),
                                               ("postal_address", postal_address)) if value}
    if not changes:
        return []
    with vault_db.atomic():
        audit.record(actor, subject_id, "rectification", list(changes), reason, "registre des demandes")
        extra = {"paper_documents": True} if "postal_address" in changes else {}
        if "full_name" in changes:
            extra["search_key"] = name_key(changes["full_name"])
            extra["name_words"] = words_key(changes["full_name"])
        Identity.update(**changes, **extra, updated_at=utcnow()).where(Identity.account_id == subject_id).execute()
    return list(changes)


def paper_documents(account_id: uuid.UUID) -> bool:
    row = Identity.get_or_none(Identity.account_id == account_id)
    return bool(row and row.paper_documents)


def propose_email(account_id: uuid.UUID, email: str) -> None:
    """Kept aside until confirmed from the new mailbox; raises EmailTaken if another account has it."""
    owner = account_id_for_email(email)
    if owner is not None and owner != account_id:
        raise EmailTaken(email)
    Identity.update(pending_email=email).where(Identity.account_id == account_id).execute()


def confirm_email_change(account_id: uuid.UUID, email: str) -> bool:
    """Swap in the pending address if it is still the one proposed; the old one is kept to be told."""
    try:
        with vault_db.atomic():
            changed = Identity.update(
                previous_email=Identity.email, email=email, email_key=email_key(email), pending_email=None,
                updated_at=utcnow(),
            ).where((Identity.account_id == account_id) & (Identity.pending_email == email)).execute()
    except peewee.IntegrityError as exc:
        raise EmailTaken(email) from exc
    return bool(changed)


def mail_contact_for(account_id: uuid.UUID, recipient: str) -> MailContact | None:
    """The address a mail goes to: the current one, the pending new one, or the previous one."""
    row = Identity.get_or_none(Identity.account_id == account_id)
    if row is None:
        return None
    address = {"current": row.email, "pending": row.pending_email, "previous": row.previous_email}[recipient]
    return MailContact(email=address, full_name=row.full_name) if address else None


def forget_previous_email(account_id: uuid.UUID) -> None:
    Identity.update(previous_email=None).where(Identity.account_id == account_id).execute()


def close_login(account_id: uuid.UUID) -> None:
    """No password anyone knows, no second factor: the identifiers stop working, the identity stays."""
    with vault_db.atomic():
        Credential.update(password_hash=passwords.hash_password(secrets.token_urlsafe(32)),
                          password_changed_at=utcnow(), totp_secret=None, totp_enabled_at=None,
                          totp_last_step=None).where(Credential.account_id == account_id).execute()
        RecoveryCode.delete().where(RecoveryCode.account_id == account_id).execute()
