"""Text compared the way a person means it: without case or accents."""
from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", (text or "").casefold()) if not unicodedata.combining(c))


def file_slug(name: str, fallback: str = "document") -> str:
    """A name as a file name's part: folded, dashes between its words (« Chloé Rose » -> chloe-rose)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name or "")).strip("-")[:60] or fallback
