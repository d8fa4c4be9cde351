"""Sign-up, confirmation, sign-in and password reset. No Flask request in here."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from portal import db, mail
from portal.accounts import tokens
from portal.accounts.models import ROLES, Account
from portal.i18n import LANGUAGES
from portal.links import external_url
from portal.mail import demo_box
from portal.security import events
from portal.timeutil import utcnow
from portal.vault import service as vault


@dataclass(frozen=True)
class Signup:
    full_name: str
    email: str
    phone: str
    display_name: str
    password: str
    language: str = "fr"


def register(signup: Signup, role: str = "learner") -> Account | None:
    """Create an unconfirmed account and mail its confirmation link.

    When the address is already registered, its owner is mailed instead and None is returned;
    the caller shows the same page either way, so sign-up never reveals who has an account.
    """
    existing = vault.account_id_for_email(signup.email)
    if existing is not None:
        vault.equalize_timing(signup.password)
        _mail_existing_owner(existing)
        return None
    try:
        with db.atomic(with_vault=True):
            account = _insert_account(signup, role, confirmed_at=None)
            send_confirmation(account)
    except vault.EmailTaken:
        # Someone registered the same address a moment ago.
        owner = vault.account_id_for_email(signup.email)
        if owner is not None:
            _mail_existing_owner(owner)
        return None
    return account


def create_confirmed_account(signup: Signup, role: str) -> Account:
    """An account created by staff or the demo seed: no confirmation mail; raises EmailTaken."""
    with db.atomic(with_vault=True):
        return _insert_account(signup, role, confirmed_at=utcnow())


def create_invited_account(full_name: str, email: str, phone: str, display_name: str) -> tuple[Account, str]:
    """An account staff open for someone they enrol (she phoned, or her company sent a group): a learner
    account with no password anyone knows, unconfirmed until she opens the link of the mail the caller
    sends (ACTIVATE, valid 14 days) and chooses her password. Call inside db.atomic(with_vault=True);
    raises vault.EmailTaken. Returns the account and the link."""
    account = Account.create(id=uuid.uuid4(), role="learner", display_name=display_name, confirmed_at=None)
    vault.create_identity(account.id, full_name=full_name, email=email, phone=phone, password=None)
    return account, external_url("accounts.activate", token=tokens.issue(tokens.ACTIVATE, account.id))


def activation_link(account_id: uuid.UUID) -> str:
    """A new activation link for an account still waiting for its first password."""
    return external_url("accounts.activate", token=tokens.issue(tokens.ACTIVATE, account_id))


def activate(token: str, password: str) -> Account:
    """Her first password: the address is confirmed by the link itself, which cannot serve twice."""
    account = account_for_token(tokens.ACTIVATE, token)
    if account.is_confirmed:
        raise tokens.TokenUsed()
    with db.atomic(with_vault=True):
        tokens.spend(tokens.ACTIVATE, token)
        Account.update(confirmed_at=utcnow(), session_version=Account.session_version + 1).where(
            Account.id == account.id).execute()
        vault.set_password(account.id, password)
    events.record("password_changed", account.id, "activation du compte")
    return Account.get_by_id(account.id)


def _insert_account(signup: Signup, role: str, confirmed_at) -> Account:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    account = Account.create(
        id=uuid.uuid4(), role=role, display_name=signup.display_name, language=signup.language,
        confirmed_at=confirmed_at,
    )
    vault.create_identity(
        account.id, full_name=signup.full_name, email=signup.email, phone=signup.phone, password=signup.password
    )
    return account


def _mail_existing_owner(account_id: uuid.UUID) -> None:
    with db.atomic():
        mail.send(
            account_id, "signup_existing",
            login_url=external_url("accounts.login"), reset_url=external_url("accounts.forgot_password"),
        )


def send_confirmation(account: Account) -> None:
    token = tokens.issue(tokens.CONFIRM_EMAIL, account.id)
    with db.atomic():
        mail.send(account.id, "confirm_email", confirm_url=external_url("accounts.confirm_email", token=token))


def account_for_token(purpose: str, token: str) -> Account:
    """The active account a link names; raises a TokenError otherwise."""
    account_id = tokens.read(purpose, token)
    account = Account.get_or_none((Account.id == account_id) & (Account.status == "active"))
    if account is None:
        raise tokens.TokenInvalid()
    return account


@dataclass(frozen=True)
class Confirmed:
    account: Account
    email: str | None  # to fill in the sign-in form that follows: she has just proved it is hers


def confirm_email(token: str) -> Confirmed:
    account = account_for_token(tokens.CONFIRM_EMAIL, token)
    if account.is_confirmed:
        raise tokens.TokenUsed()
    with db.atomic():
        tokens.spend(tokens.CONFIRM_EMAIL, token)
        Account.update(confirmed_at=utcnow()).where(Account.id == account.id).execute()
    contact = vault.mail_contact_for(account.id, "current")
    return Confirmed(Account.get_by_id(account.id), contact.email if contact else None)


@dataclass(frozen=True)
class LoginAttempt:
    account: Account | None  # signed in
    address_owner: uuid.UUID | None  # whose address was typed, signed in or not (for the lock mail)


def authenticate(email: str, password: str) -> LoginAttempt:
    account_id = vault.account_id_for_email(email)
    if account_id is None:
        vault.equalize_timing(password)
        return LoginAttempt(None, None)
    if not vault.check_password(account_id, password):
        return LoginAttempt(None, account_id)
    account = Account.get_or_none((Account.id == account_id) & (Account.status == "active"))
    if account is not None:
        # Logging in also answers an inactivity warning.
        Account.update(last_login_at=utcnow(), inactive_warned_at=None).where(Account.id == account_id).execute()
    return LoginAttempt(account, account_id)


def request_password_reset(email: str) -> None:
    account_id = vault.account_id_for_email(email)
    if account_id is None:
        return
    token = tokens.issue(tokens.RESET_PASSWORD, account_id)
    with db.atomic():
        mail.send(account_id, "password_reset", reset_url=external_url("accounts.reset_password", token=token))


def reset_password(token: str, new_password: str) -> Account:
    account = account_for_token(tokens.RESET_PASSWORD, token)
    with db.atomic(with_vault=True):
        tokens.spend(tokens.RESET_PASSWORD, token)
        # A new password ends every session opened with the old one.
        Account.update(session_version=Account.session_version + 1).where(Account.id == account.id).execute()
        vault.set_password(account.id, new_password)
        mail.send(account.id, "password_changed", reset_url=external_url("accounts.forgot_password"))
    events.record("password_changed", account.id, "lien de réinitialisation")
    return Account.get_by_id(account.id)


def change_password(account: Account, new_password: str) -> Account:
    """Logged in, knowing the old one: every other session ends, the owner is told by mail."""
    with db.atomic(with_vault=True):
        Account.update(session_version=Account.session_version + 1).where(Account.id == account.id).execute()
        vault.set_password(account.id, new_password)
        mail.send(account.id, "password_changed", reset_url=external_url("accounts.forgot_password"))
    events.record("password_changed", account.id)
    return Account.get_by_id(account.id)


def end_other_sessions(account: Account) -> Account:
    with db.atomic():
        Account.update(session_version=Account.session_version + 1).where(Account.id == account.id).execute()
    events.record("sessions_ended", account.id)
    return Account.get_by_id(account.id)


@dataclass(frozen=True)
class ProfileSaved:
    language_changed: bool
    name_changed: bool


def update_profile(account: Account, *, full_name: str, phone: str, display_name: str, language: str,
                   paper_documents: bool, postal_address: str | None) -> ProfileSaved:
    """Rectification. Documents already issued keep the name they carry; later ones use this one. Says what
    changed that the page must follow: the language (the page comes back whole, in the new one) and the name
    (only then are issued documents worth a word)."""
    language_changed = language != account.language
    with db.atomic(with_vault=True):
        Account.update(display_name=display_name, language=language).where(Account.id == account.id).execute()
        name_changed = vault.update_profile(account.id, vault.ProfileChange(full_name, phone, paper_documents,
                                                                             postal_address))
    account.language = language  # the account of this request, as keep_language_chosen_before_signin does
    return ProfileSaved(language_changed, bool(name_changed))


def set_language(account_id: uuid.UUID, language: str) -> None:
    with db.atomic():
        Account.update(language=language).where(Account.id == account_id).execute()


def keep_language_chosen_before_signin(account: Account, chosen: str | None) -> bool:
    """A language chosen on the pages before signing in (English on the public pages) is the person's latest
    word: her account keeps it (mails and her other devices follow), rather than putting back the one it stored
    before. True when the account's language changed."""
    if chosen not in LANGUAGES or chosen == account.language:
        return False
    set_language(account.id, chosen)
    account.language = chosen  # the account signing in, for the rest of this request
    return True


def request_email_change(account: Account, new_email: str) -> None:
    """The new address must be confirmed from its own mailbox before it replaces the old one."""
    vault.propose_email(account.id, new_email)
    token = tokens.issue(tokens.CHANGE_EMAIL, account.id)
    with db.atomic():
        mail.send(account.id, "email_change_confirm", recipient="pending",
                  confirm_url=external_url("profile.confirm_email_change", token=token))


def confirm_email_change(token: str, account: Account) -> bool:
    contact = vault.mail_contact_for(account.id, "pending")
    if contact is None:
        raise tokens.TokenUsed()
    with db.atomic(with_vault=True):
        tokens.spend(tokens.CHANGE_EMAIL, token)
        if not vault.confirm_email_change(account.id, contact.email):
            raise tokens.TokenInvalid()
        mail.send(account.id, "email_changed_notice", recipient="previous",
                  reset_url=external_url("accounts.forgot_password"))
    events.record("email_changed", account.id)
    return True


@dataclass(frozen=True)
class DemoMailbox:
    address: str | None
    mails: list[demo_box.DemoMail]
    to_files: bool  # False: mail goes to a relay, and nothing is shown here


def demo_mailbox(address: str | None, account_id: uuid.UUID | None) -> DemoMailbox:
    """The demo's mailbox (PETALE_DEMO only; the view checks): the mails written for the address just used
    at sign-up or for a password reset, else for the signed-in account's address."""
    if not address and account_id is not None:
        contact = vault.mail_contact(account_id)
        address = contact.email if contact else None
    return DemoMailbox(address, demo_box.mails_to(address or ""), demo_box.outbox_folder() is not None)
