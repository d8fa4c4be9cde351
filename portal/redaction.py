"""What may be written down about an error outside the person's zone: its class, where it happened, and
its message with addresses, phone numbers and account ids blotted out.

An exception's message often quotes its input (an SMTP refusal names the recipient, a constraint error
the value it refused). The job outbox and the logs live outside the vault and outlive an erasure, so
they get this description, never the raw message or a traceback's locals.
"""
from __future__ import annotations

import re
import traceback

MAX_MESSAGE = 300
FRAMES = 5

_PATTERNS = (
    # Addresses first: an address holds digits a phone pattern would otherwise half-take.
    (re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)*", re.UNICODE), "[adresse]"),
    # Account ids, with or without dashes.
    (re.compile(r"\b[0-9a-f]{8}-?(?:[0-9a-f]{4}-?){3}[0-9a-f]{12}\b", re.IGNORECASE), "[identifiant]"),
    (re.compile(r"\bFR\d{2}[ \dA-Z]{11,30}\b"), "[compte bancaire]"),
)


# A run of digits with spaces, dots or dashes: a phone number when it holds at least nine digits and one
# kind of separator (a date and time, "2026-12-02 18", mixes two; a status code holds fewer digits).
_NUMBERS = re.compile(r"(?<![\w])\+?\d[\d .-]*\d(?![\w])")


def _number(match: re.Match[str]) -> str:
    run = match.group()
    digits = sum(c.isdigit() for c in run)
    separators = {c for c in run if c in " .-"}
    return "[numéro]" if digits >= 9 and len(separators) <= 1 else run


def _blot(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return _NUMBERS.sub(_number, text)


def scrub(text: str) -> str:
    """The text with every address, id and phone-like number replaced, cut to MAX_MESSAGE characters."""
    text = _blot(text)
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE - 1] + "…"


def describe(error: BaseException) -> str:
    """The error's class and scrubbed message, after the last frames of code it went through (file,
    line, function and source line: the program's text, not the data it was handling)."""
    frames = traceback.extract_tb(error.__traceback__)[-FRAMES:]
    # Blotted too: a source line may hold a literal (a test's, a demo's).
    where = _blot("".join(traceback.format_list(frames)))
    kind = type(error).__module__ + "." + type(error).__qualname__
    kind = kind.removeprefix("builtins.")
    message = scrub(str(error))
    return f"{where}{kind}: {message}" if message else f"{where}{kind}"


def summary(error: BaseException) -> str:
    """One line for a log: class and scrubbed message."""
    return describe(error).rsplit("\n", 1)[-1]
