"""Everything the application may ask of the vault: identity and credential rows."""
from __future__ import annotations

import calendar
import functools
import hashlib
import operator
import secrets
import uuid
from dataclasses import dataclass

import peewee
import phonenumbers
import pyotp

from portal.db import vault_db
from portal.textfold import fold
from portal.timeutil import utcnow
from portal.vault import audit, files, passwords
from portal.vault.models import (
    CertificateHolder,
    Credential,
    FundingIdentity,
    Identity,
    InvoiceParty,
    Payment,
    RecoveryCode,
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
                account_id=account_id, full_name=full_name, search_key=name_key(full_name), email=email,
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


@dataclass(frozen=True)
class ProfileChange:
    full_name: str
    phone: str
    paper_documents: bool
    postal_address: str | None


def update_profile(account_id: uuid.UUID, change: ProfileChange) -> None:
    with vault_db.atomic():
        Identity.update(full_name=change.full_name, search_key=name_key(change.full_name), phone=change.phone,
                        paper_documents=change.paper_documents,
                        postal_address=change.postal_address if change.paper_documents else None,
                        updated_at=utcnow()).where(Identity.account_id == account_id).execute()


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


# --- reads by staff and the dpo: always audited ----------------------------------------------

IDENTITY_FIELDS = ("full_name", "email", "phone", "postal_address")
FUNDING_FIELDS = ("professional_status", "employer")
STAFF_READABLE = IDENTITY_FIELDS + FUNDING_FIELDS


def read_for_staff(subject_id: uuid.UUID, actor: audit.Actor, fields: tuple[str, ...] | list[str], *,
                   reason: str = "", workflow: str | None = None, action: str = "lecture") -> dict[str, str | None]:
    """The named fields of someone's identity, for a staff member or the dpo. The audit entry is
    written in the same vault transaction as the read: no read without its trace."""
    unknown = set(fields) - set(STAFF_READABLE)
    if unknown:
        raise ValueError(f"not readable by staff: {sorted(unknown)}")
    with vault_db.atomic():
        # A page read again within a short while (a reload, the next step of the same file) is one read.
        if not audit.read_just_now(actor, subject_id, action, list(fields), reason, workflow):
            audit.record(actor, subject_id, action, list(fields), reason, workflow)
        identity = Identity.get_or_none(Identity.account_id == subject_id)
        funding = FundingIdentity.get_or_none(FundingIdentity.account_id == subject_id)
    values: dict[str, str | None] = {}
    for name in fields:
        source = funding if name in FUNDING_FIELDS else identity
        values[name] = getattr(source, name) if source is not None else None
    return values


@dataclass(frozen=True)
class Found:
    account_id: uuid.UUID
    full_name: str
    email: str
    phone: str


SEARCHED = ("full_name", "email", "phone")


def _as_phone(text: str) -> str | None:
    """The number a person typed, in the form identities keep it (E.164), or None for anything else."""
    if not any(char.isdigit() for char in text):
        return None
    try:
        parsed = phonenumbers.parse(text, "FR")
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) \
        if phonenumbers.is_valid_number(parsed) else None


def search_identities(text: str, actor: audit.Actor, among: set[uuid.UUID] | None = None, *, reason: str = "",
                      workflow: str | None = None, limit: int = 20) -> list[Found]:
    """People whose name contains `text` or whose address is `text`, for a staff member answering a call.
    Each person shown is a read of her identity: one audit entry each, in the same transaction, with the
    reason or the workflow (the searched text itself is not kept: it is a name or an address). A search
    that finds no one is logged too. `among` narrows the search to those accounts (e.g. learners)."""
    text = " ".join(text.split())
    # Every word typed, in any order, in the folded name: « bouquet berenice » finds « Bérénice Bouquet ».
    by_name = functools.reduce(operator.and_, [Identity.search_key.contains(word) for word in name_key(text).split()])
    matches = by_name | (Identity.email_key == email_key(text))
    phone = _as_phone(text)
    if phone:  # "06 12 00 00 05" finds "+33612000005"
        matches |= Identity.phone == phone
    if len(text) >= 6:  # a letter gives a postal address
        matches |= Identity.postal_address ** f"%{text}%"
    query = Identity.select().where(matches)
    if among is not None:
        query = query.where(Identity.account_id.in_(list(among) or [uuid.UUID(int=0)]))
    with vault_db.atomic():
        rows = list(query.order_by(Identity.full_name).limit(limit))
        for row in rows or [None]:
            audit.record(actor, row.account_id if row else None, "recherche", list(SEARCHED), reason, workflow)
    return [Found(row.account_id, row.full_name, row.email, row.phone) for row in rows]


def store_document(subject_id: uuid.UUID, actor: audit.Actor, content: bytes, workflow: str) -> str:
    """An uploaded document about a person, into the vault's files; the deposit is audited."""
    token = files.put(content)
    try:
        audit.record(actor, subject_id, "depot", ["document"], workflow=workflow)
    except Exception:
        files.remove(token)  # no file without its trace
        raise
    return token


def read_document(token: str, subject_id: uuid.UUID, actor: audit.Actor, workflow: str) -> bytes | None:
    """The document's bytes, the read written in the audit log first."""
    audit.record(actor, subject_id, "lecture", ["document"], workflow=workflow)
    return files.get(token)


def document_for_archive(token: str) -> bytes | None:
    """The bytes of a document moving to the legal archive (the move itself, not a reader)."""
    return files.get(token)


def forget_documents(tokens: list[str]) -> None:
    for token in tokens:
        files.remove(token)


def set_funding_identity(account_id: uuid.UUID, professional_status: str, employer: str | None) -> None:
    with vault_db.atomic():
        FundingIdentity.insert(account_id=account_id, professional_status=professional_status, employer=employer,
                               updated_at=utcnow()).on_conflict(
            conflict_target=[FundingIdentity.account_id],
            update={FundingIdentity.professional_status: professional_status, FundingIdentity.employer: employer,
                    FundingIdentity.updated_at: utcnow()}).execute()


def own_funding_identity(account_id: uuid.UUID) -> dict[str, str | None]:
    """A person reading her own professional situation and employer (her export, her privacy center)."""
    row = FundingIdentity.get_or_none(FundingIdentity.account_id == account_id)
    return {"professional_status": row.professional_status if row else None, "employer": row.employer if row else None}


def professional_statuses(account_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Statuses only, for anonymous statistics: no name, no employer, not audited as a read of a person."""
    if not account_ids:
        return {}
    rows = FundingIdentity.select(FundingIdentity.account_id, FundingIdentity.professional_status).where(
        FundingIdentity.account_id.in_(account_ids))
    return {row.account_id: row.professional_status for row in rows}


def record_certificate_holder(code: str, account_id: uuid.UUID) -> str:
    """Copy the current legal name onto a new certificate; returns it. Called by the issuing job."""
    identity = Identity.get(Identity.account_id == account_id)
    CertificateHolder.create(code=code, account_id=account_id, holder_name=identity.full_name)
    return identity.full_name


def certificate_holder(code: str) -> str | None:
    """For the public verification page: only the name as issued, looked up by its code."""
    row = CertificateHolder.get_or_none(CertificateHolder.code == code)
    return row.holder_name if row else None


# --- invoices and payments -----------------------------------------------------------------------

@dataclass(frozen=True)
class Party:
    name: str
    address: str
    siren: str = ""
    trainee: str = ""  # the trainee named on an employer's or a funder's invoice
    email: str = ""  # where its reminders go (never printed)


def learner_as_party(account_id: uuid.UUID) -> Party | None:
    """The learner as payer: legal name and postal address (used by the invoicing service itself)."""
    identity = Identity.get_or_none(Identity.account_id == account_id)
    return Party(identity.full_name, identity.postal_address or "") if identity else None


def record_invoice_party(number: str, account_id: uuid.UUID, party: Party) -> None:
    InvoiceParty.create(number=number, account_id=account_id, name=party.name, address=party.address,
                        siren=party.siren, trainee=party.trainee, email=party.email)


def invoice_parties(numbers: list[str], actor: audit.Actor | None = None, workflow: str = "facture",
                    subject_id: uuid.UUID | None = None) -> dict[str, Party]:
    """Payers as printed. A staff reader is audited (the learner reading their own invoices is not)."""
    if actor is not None:
        audit.record(actor, subject_id, "lecture", ["invoice_party"], workflow=workflow)
    rows = InvoiceParty.select().where(InvoiceParty.number.in_(numbers or [""]))
    return {row.number: Party(row.name, row.address, row.siren, row.trainee, row.email) for row in rows}


@dataclass(frozen=True)
class Payer:
    """An organisation's invoice as the receivables list shows it: whom it is owed by, whether its
    reminders have an address to go to."""
    name: str
    has_email: bool


def organisation_payers(numbers: list[str]) -> dict[str, Payer]:
    """The employers and funders of these invoices (the caller passes only invoices addressed to an
    organisation): the company or funder names the receivables are grouped by. The learner's name is not
    read here, so the listing is not a read of her identity."""
    rows = InvoiceParty.select(InvoiceParty.number, InvoiceParty.name, InvoiceParty.email).where(
        InvoiceParty.number.in_(numbers or [""]))
    return {row.number: Payer(row.name, bool(row.email)) for row in rows}


def set_billing_email(number: str, email: str) -> bool:
    """The address an organisation's reminders go to (not printed on the invoice, so it may change)."""
    return bool(InvoiceParty.update(email=email).where(InvoiceParty.number == number).execute())


def billing_contact(number: str) -> tuple[str, str] | None:
    """(name, address) the reminders of an organisation's invoice go to, read when the mail is sent."""
    row = InvoiceParty.get_or_none(InvoiceParty.number == number)
    return (row.name, row.email) if row is not None and row.email else None


def record_payment(provider_ref: str, account_id: uuid.UUID, invoice_number: str, amount_cents: int,
                   paid_at, card_last4: str, *, method: str = "card", reference: str = "",
                   settlement: str | None = None, recorded_by: uuid.UUID | None = None) -> bool:
    """Idempotent on the provider's reference (or the settlement's own for a payment recorded by staff);
    returns whether it was new."""
    return bool(Payment.insert(provider_ref=provider_ref, account_id=account_id, invoice_number=invoice_number,
                               amount_cents=amount_cents, paid_at=paid_at, card_last4=card_last4, method=method,
                               reference=reference, settlement=settlement, recorded_by=recorded_by)
                .on_conflict_ignore().as_rowcount().execute())


def payments_for(invoice_numbers: list[str]) -> list[Payment]:
    """The payments of these invoices, oldest first (what a printed invoice says of its payment)."""
    return list(Payment.select().where(Payment.invoice_number.in_(invoice_numbers or [""]))
                .order_by(Payment.paid_at, Payment.id))


def recent_settlements(limit: int = 20) -> list[Payment]:
    """The latest payments recorded by staff, newest first (one row per invoice a settlement paid)."""
    latest = (Payment.select(Payment.settlement).where(Payment.settlement.is_null(False))
              .group_by(Payment.settlement).order_by(peewee.fn.MAX(Payment.id).desc()).limit(limit))
    return list(Payment.select().where(Payment.settlement.in_(latest)).order_by(Payment.id.desc()))


def payments_of(account_id: uuid.UUID) -> list[Payment]:
    return list(Payment.select().where(Payment.account_id == account_id).order_by(Payment.paid_at.desc()))


def paid_cents_of(invoice_numbers: list[str]) -> dict[str, int]:
    rows = (Payment.select(Payment.invoice_number, peewee.fn.SUM(Payment.amount_cents).alias("paid"))
            .where(Payment.invoice_number.in_(invoice_numbers or [""])).group_by(Payment.invoice_number))
    return {row.invoice_number: row.paid for row in rows}


def forget_invoices(invoice_numbers: list[str]) -> None:
    """Payers and payments of invoices now kept in the legal archive (which holds them as issued)."""
    with vault_db.atomic():
        InvoiceParty.delete().where(InvoiceParty.number.in_(invoice_numbers or [""])).execute()
        Payment.delete().where(Payment.invoice_number.in_(invoice_numbers or [""])).execute()


def legal_names(account_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The names to print on legal records moved to the archive (the archiving itself, not a reader)."""
    rows = Identity.select(Identity.account_id, Identity.full_name).where(
        Identity.account_id.in_(list(set(account_ids)) or [uuid.UUID(int=0)]))
    return {row.account_id: row.full_name for row in rows}


def paid_cents(invoice_number: str) -> int:
    return Payment.select(peewee.fn.COALESCE(peewee.fn.SUM(Payment.amount_cents), 0)).where(
        Payment.invoice_number == invoice_number).scalar() or 0


# --- two-factor authentication -------------------------------------------------------------------

def _code_digest(account_id: uuid.UUID, code: str) -> str:
    normalised = "".join(code.split()).replace("-", "").lower()
    return hashlib.sha256(f"{account_id}:{normalised}".encode()).hexdigest()


def totp_enabled(account_id: uuid.UUID) -> bool:
    return Credential.select().where((Credential.account_id == account_id)
                                     & Credential.totp_enabled_at.is_null(False)).exists()


def enable_totp(account_id: uuid.UUID, secret: str, recovery_codes: list[str]) -> None:
    with vault_db.atomic():
        Credential.update(totp_secret=secret, totp_enabled_at=utcnow(), totp_last_step=None).where(
            Credential.account_id == account_id).execute()
        RecoveryCode.delete().where(RecoveryCode.account_id == account_id).execute()
        RecoveryCode.insert_many([{"account_id": account_id, "digest": _code_digest(account_id, code)}
                                  for code in recovery_codes]).execute()


def close_login(account_id: uuid.UUID) -> None:
    """No password anyone knows, no second factor: the identifiers stop working, the identity stays."""
    with vault_db.atomic():
        Credential.update(password_hash=passwords.hash_password(secrets.token_urlsafe(32)),
                          password_changed_at=utcnow(), totp_secret=None, totp_enabled_at=None,
                          totp_last_step=None).where(Credential.account_id == account_id).execute()
        RecoveryCode.delete().where(RecoveryCode.account_id == account_id).execute()


def disable_totp(account_id: uuid.UUID) -> None:
    with vault_db.atomic():
        Credential.update(totp_secret=None, totp_enabled_at=None, totp_last_step=None).where(
            Credential.account_id == account_id).execute()
        RecoveryCode.delete().where(RecoveryCode.account_id == account_id).execute()


def check_totp(account_id: uuid.UUID, code: str, at=None) -> bool:
    """A current code (one step of clock drift allowed), never one already accepted."""
    code = "".join((code or "").split())
    credential = Credential.get_or_none(Credential.account_id == account_id)
    if credential is None or not credential.totp_secret or not code.isdigit() or len(code) != 6:
        return False
    totp = pyotp.TOTP(credential.totp_secret)
    step_now = int(calendar.timegm((at or utcnow()).timetuple()) // totp.interval)  # utcnow() is naive UTC
    for step in (step_now - 1, step_now, step_now + 1):
        if step <= (credential.totp_last_step or -1):
            continue
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            with vault_db.atomic():
                accepted = Credential.update(totp_last_step=step).where(
                    (Credential.account_id == account_id)
                    & (Credential.totp_last_step.is_null() | (Credential.totp_last_step < step))).execute()
            return bool(accepted)
    return False


def use_recovery_code(account_id: uuid.UUID, code: str) -> bool:
    with vault_db.atomic():
        return bool(RecoveryCode.update(used_at=utcnow()).where(
            (RecoveryCode.account_id == account_id) & (RecoveryCode.digest == _code_digest(account_id, code or ""))
            & RecoveryCode.used_at.is_null()).execute())


def recovery_codes_left(account_id: uuid.UUID) -> int:
    return RecoveryCode.select().where((RecoveryCode.account_id == account_id) & RecoveryCode.used_at.is_null()).count()
