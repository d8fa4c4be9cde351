"""The second factor of a login: its TOTP secret and the single-use recovery codes."""
from __future__ import annotations

import calendar
import hashlib
import uuid

import pyotp

from portal.db import vault_db
from portal.timeutil import utcnow
from portal.vault.models import (
    Credential,
    RecoveryCode,
)


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
