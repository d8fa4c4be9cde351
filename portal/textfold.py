"""Text compared the way a person means it: without case or accents."""
from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", (text or "").casefold()) if not unicodedata.combining(c))
