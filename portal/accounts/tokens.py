"""Signed, expiring, single-use tokens for email links (confirmation, password reset)."""
from __future__ import annotations

import hashlib
import secrets
import uuid

import peewee
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from portal.accounts.models import UsedToken

CONFIRM_EMAIL = "confirm-email"
RESET_PASSWORD = "reset-password"
CHANGE_EMAIL = "change-email"
ACTIVATE = "activate-account"  # an account staff opened for someone: she chooses her password

MAX_AGE = {CONFIRM_EMAIL: 48 * 3600, RESET_PASSWORD: 3600, CHANGE_EMAIL: 48 * 3600, ACTIVATE: 14 * 24 * 3600}


class TokenError(Exception):
    """Base class; each subclass carries the French message shown to the user."""


class TokenInvalid(TokenError):
    pass


class TokenExpired(TokenError):
    pass


class TokenUsed(TokenError):
    pass


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"petale-{purpose}")


def issue(purpose: str, account_id: uuid.UUID) -> str:
    # The nonce makes each link distinct, so spending one does not spend a later one.
    return _serializer(purpose).dumps({"a": str(account_id), "n": secrets.token_hex(8)})


def read(purpose: str, token: str) -> uuid.UUID:
    """The account a token names, if its signature and age are good (it is not spent here)."""
    try:
        data = _serializer(purpose).loads(token, max_age=MAX_AGE[purpose])
    except SignatureExpired as exc:
        raise TokenExpired() from exc
    except BadSignature as exc:
        raise TokenInvalid() from exc
    try:
        account_id = uuid.UUID(data["a"])
    except (KeyError, TypeError, ValueError) as exc:
        raise TokenInvalid() from exc
    if UsedToken.select().where(UsedToken.digest == digest(token)).exists():
        raise TokenUsed()
    return account_id


def spend(purpose: str, token: str) -> None:
    """Mark a token used; call inside the transaction that performs its effect."""
    try:
        with UsedToken._meta.database.atomic():
            UsedToken.create(digest=digest(token), purpose=purpose)
    except peewee.IntegrityError as exc:
        raise TokenUsed() from exc


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
