"""The typography of a rendered page, applied once by the layout (`{% filter typography %}`): French
puts a non-breaking space before « : » and inside « », a narrow one before ; ! ? and %, and writes the
first of a month "1er"; English writes "100%" and no space before its punctuation. Only the text between
tags changes: markup, attributes, and the contents of script, style, pre and textarea are left as they are.
"""
from __future__ import annotations

import re

from markupsafe import Markup

NBSP, NNBSP = "\u00a0", "\u202f"

# A tag, a comment, or an element whose text must stay as written, each kept whole.
_UNTOUCHED = re.compile(r"<(script|style|pre|textarea)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.S | re.I)

_MONTHS = ("janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre")

_FRENCH = (
    (re.compile(r"[ \u00a0\u202f]+:"), NBSP + ":"),
    (re.compile(r"[ \u00a0\u202f]+([;!?%])"), NNBSP + r"\1"),
    (re.compile(r"«[ \u00a0\u202f]*"), "«" + NBSP),
    (re.compile(r"[ \u00a0\u202f]*»"), NBSP + "»"),
    (re.compile(rf"\b1 ({_MONTHS})\b"), "1er" + NBSP + r"\1"),
)
_ENGLISH = (
    (re.compile(r"[ \u00a0\u202f]+([:;!?%])"), r"\1"),
)


# What any rule needs in a text to change it: most texts between tags (spaces, words) have none of it, and are
# left without running every rule over them (a page of 50 rows has thousands of such texts).
_CONCERNED = re.compile(r"[:;!?%«»]|\b1 ")


def _text(text: str, rules) -> str:
    if not _CONCERNED.search(text):
        return text
    for pattern, replacement in rules:
        text = pattern.sub(replacement, text)
    return text


def typeset(html: str, language: str) -> str:
    rules = _FRENCH if language == "fr" else _ENGLISH
    out, last = [], 0
    for kept in _UNTOUCHED.finditer(html):
        out.append(_text(html[last:kept.start()], rules))
        out.append(kept.group(0))
        last = kept.end()
    out.append(_text(html[last:], rules))
    return "".join(out)


def typography_filter(html: str, language: str) -> Markup:
    return Markup(typeset(str(html), language))
