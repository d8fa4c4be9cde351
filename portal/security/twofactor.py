"""Two-factor authentication on request: TOTP (pyotp) with ten single-use recovery codes.

Once enabled it is asked at every login, and again (step-up) before sensitive actions: changing the
password or the address, turning it off, deleting the account.
"""
from __future__ import annotations

import secrets
import uuid

import pyotp
import segno

from portal import db, mail
from portal.security import events
from portal.vault import service as vault

ISSUER = "Pétale"
RECOVERY_CODES = 10


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, label: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=label, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """Inline SVG (no script, no style attribute: the CSP allows it as is)."""
    return segno.make(uri, error="m").svg_inline(scale=4, dark="#222", light="#fff")


def new_recovery_codes() -> list[str]:
    return [f"{secrets.token_hex(2)}-{secrets.token_hex(2)}-{secrets.token_hex(2)}" for _ in range(RECOVERY_CODES)]


def enable(account_id: uuid.UUID, secret: str, code: str) -> list[str] | None:
    """Turns 2FA on when the code proves the app holds the secret; returns the recovery codes to show once."""
    if not pyotp.TOTP(secret).verify("".join((code or "").split()), valid_window=1):
        return None
    codes = new_recovery_codes()
    vault.enable_totp(account_id, secret, codes)
    events.record("totp_enabled", account_id)
    with db.atomic():
        mail.send(account_id, "twofactor_changed", enabled=True)
    return codes


def disable(account_id: uuid.UUID) -> None:
    vault.disable_totp(account_id)
    events.record("totp_disabled", account_id)
    with db.atomic():
        mail.send(account_id, "twofactor_changed", enabled=False)


def enabled(account_id: uuid.UUID) -> bool:
    return vault.totp_enabled(account_id)


def verify(account_id: uuid.UUID, code: str) -> bool:
    """A TOTP code, or else one of the recovery codes (spent on use)."""
    if vault.check_totp(account_id, code):
        return True
    if vault.use_recovery_code(account_id, code):
        events.record("recovery_code_used", account_id, f"{vault.recovery_codes_left(account_id)} restant(s)")
        return True
    return False


def step_up(account_id: uuid.UUID, code: str | None) -> bool:
    """For sensitive actions: true when 2FA is off, else only with a valid code."""
    return not enabled(account_id) or verify(account_id, code or "")
