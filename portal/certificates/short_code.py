"""The code a person types from a printed certificate: ten characters of Crockford's base 32 (no I, L,
O or U to misread), the last a Luhn mod 32 check character (python-stdnum) that catches one mistyped
character and two swapped neighbours before any lookup. Read case-insensitively, with or without its
dashes, O taken for 0 and I or L for 1, as Crockford's alphabet means."""
from __future__ import annotations

import secrets

from stdnum import luhn

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BODY = 9
MISREAD = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY))
    return body + luhn.calc_check_digit(body, ALPHABET)


def normalise(typed: str) -> str | None:
    """The code as stored, or None when what was typed cannot be one (wrong length, letters outside the
    alphabet, a check character that does not match)."""
    code = "".join(ch for ch in (typed or "").upper() if ch not in " -.").translate(MISREAD)
    if len(code) != BODY + 1 or any(ch not in ALPHABET for ch in code):
        return None
    return code if luhn.is_valid(code, ALPHABET) else None


def printed(code: str) -> str:
    """As it is printed and read aloud: XXXX-XXXX-XX."""
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"
