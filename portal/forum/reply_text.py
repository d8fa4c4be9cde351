"""What a trainer wrote in a mail reply, without the message she replied to or her signature.

Written here rather than taken from a library: mail-parser-reply's French attribution pattern refuses
any line where "le" appears twice, so "Le 2 déc. … Pétale <…> a écrit :" (our own sender's name) was
kept, and it keeps "-- " signatures; email-reply-parser knows English only. The rules below are the
usual ones of mail clients in French and English: the attribution line before a quote (Gmail,
Apple Mail, Thunderbird — sometimes wrapped over two lines), Outlook's header block or separator,
quoted lines, the RFC 3676 signature delimiter, "sent from my phone" lines and a closing formula
followed only by a few short lines (name, title, phone number: not for the forum).
"""
from __future__ import annotations

import re

# "… a écrit :" / "… wrote:" with a date or an address in it: an attribution, not a sentence of hers.
_ATTRIBUTION = re.compile(r"^(?=.*[0-9@]).+\s(a\s+écrit|wrote)\s*:\s*$", re.IGNORECASE)
_ORIGINAL = re.compile(
    r"^\s*-{2,}\s*(message d'origine|message original|original message|message transféré|forwarded message)"
    r"\s*-{2,}\s*$", re.IGNORECASE)
_SEPARATOR = re.compile(r"^\s*_{10,}\s*$")
_HEADER = re.compile(r"^\s*\**\s*(de|from|envoyé|sent|à|to|objet|subject|date|cc)\s*\**\s*:", re.IGNORECASE)
_SENT_FROM = re.compile(r"^\s*(envoyé depuis|envoyé de mon|sent from my|get outlook for)\b", re.IGNORECASE)
_SIGN_DELIMITER = re.compile(r"^--\s?$")
_CLOSING = re.compile(
    r"^\s*(bien\s+)?(cordialement|à\s+bientôt|bien\s+à\s+(vous|toi)|belle\s+journée|bonne\s+journée"
    r"|(très\s+)?bonne\s+soirée|amicalement|bises|best\s+regards|kind\s+regards|regards|cheers)\b[\s,.!]*$",
    re.IGNORECASE)
_SIGNATURE_LINES = 6


def strip_reply(text: str) -> str:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = lines[:_end_of_new_text(lines)]
    lines = [line for line in lines if not line.lstrip().startswith(">")]
    lines = lines[:_start_of_signature(lines)]
    return "\n".join(lines).strip()


def _end_of_new_text(lines: list[str]) -> int:
    for index, line in enumerate(lines):
        two = f"{line} {lines[index + 1]}" if index + 1 < len(lines) else line
        if _ATTRIBUTION.match(line) or (line.strip() and _ATTRIBUTION.match(two)):
            return index
        if _ORIGINAL.match(line) or _SEPARATOR.match(line) or _outlook_headers_at(lines, index):
            return index
    return len(lines)


def _outlook_headers_at(lines: list[str], index: int) -> bool:
    """'De : …' followed by at least one more header line ('Envoyé :', 'À :', 'Objet :')."""
    if not _HEADER.match(lines[index]) or not re.match(r"^\s*\**\s*(de|from)\b", lines[index], re.IGNORECASE):
        return False
    return sum(bool(_HEADER.match(line)) for line in lines[index + 1:index + 5]) >= 2


def _start_of_signature(lines: list[str]) -> int:
    for index, line in enumerate(lines):
        if _SIGN_DELIMITER.match(line) or _SENT_FROM.match(line):
            return index
    for index, line in enumerate(lines):
        rest = [later for later in lines[index + 1:] if later.strip()]
        if _CLOSING.match(line) and len(rest) <= _SIGNATURE_LINES and all(len(later) < 60 for later in rest):
            return index
    return len(lines)
