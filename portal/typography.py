"""The typography of a rendered page, applied once by the layout (`{% filter typography %}`): French
puts a non-breaking space before « : » and inside « », a narrow one before ; ! ? and %, and writes the
first of a month "1er"; English writes "100%" and no space before its punctuation. Only the text between
tags changes: markup, attributes, and the contents of script, style, pre and textarea are left as they are.
An element that says its own language (`lang="fr"`: a course's title on an English page) is set by that
language's rules, whatever the page's.
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


# An element's own language: ` lang="fr"` (not hreflang, srclang nor data-lang, which say another thing's).
_LANG = re.compile(r'\slang="([a-zA-Z]{2})')
_NAME = re.compile(r"</?([a-zA-Z][\w-]*)")
_VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                   "wbr"))


def _rules(language: str):
    return _FRENCH if language == "fr" else _ENGLISH


class _Languages:
    """The language of the text after each tag: the innermost element saying its own, else the page's. Only
    those elements are followed (each with how many of its kind are open inside it), so that the many
    pages without one pay a substring test per tag."""

    def __init__(self, page: str):
        self.page = page
        self.open: list[list] = []  # [tag name, language, depth]

    def after(self, tag: str) -> str:
        if tag.startswith("<!"):
            return self.current()
        if self.open or "lang=" in tag:
            self._follow(tag)
        return self.current()

    def current(self) -> str:
        return self.open[-1][1] if self.open else self.page

    def _follow(self, tag: str) -> None:
        name = _NAME.match(tag)
        if not name:
            return
        name = name.group(1).lower()
        top = self.open[-1] if self.open else None
        if tag.startswith("</"):
            if top and top[0] == name:
                top[2] -= 1
                if not top[2]:
                    self.open.pop()
            return
        if name in _VOID or tag.endswith("/>"):
            return
        said = _LANG.search(tag)
        if said and said.group(1).lower() != self.current():
            self.open.append([name, said.group(1).lower(), 1])
        elif top and top[0] == name:
            top[2] += 1


# The blocks whose text stays as written (script, style, pre, textarea, comments): a page has a handful.
_KEPT_BLOCKS = re.compile(r"<(script|style|pre|textarea)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
# A whole text between two tags (it starts right after a tag's ">", which escaped markup never holds inside
# an attribute) that holds something a rule changes: the only texts the one-language path visits.
_CONCERNED_TEXT = re.compile(r"(?:^|(?<=>))[^<]*?(?:[:;!?%«»]|\b1 )[^<]*")


def _one_language(html: str, language: str) -> bool:
    return all(said.lower() == language for said in _LANG.findall(html))


def _typeset_one_language(html: str, language: str) -> str:
    """typeset() for a page whose elements never say another language than the page's (nearly every page):
    one regular expression, run in C, finds the few texts to change, instead of a step in Python per tag (a
    list of 50 rows has thousands of tags)."""
    rules = _rules(language)

    def text(found: re.Match) -> str:
        return _text(found.group(0), rules)

    out, last = [], 0
    for kept in _KEPT_BLOCKS.finditer(html):
        out.append(_CONCERNED_TEXT.sub(text, html[last:kept.start()]))
        out.append(kept.group(0))
        last = kept.end()
    out.append(_CONCERNED_TEXT.sub(text, html[last:]))
    return "".join(out)


def typeset(html: str, language: str) -> str:
    if _one_language(html, language):
        return _typeset_one_language(html, language)
    languages = _Languages(language)
    rules = _rules(language)
    out, last = [], 0
    for kept in _UNTOUCHED.finditer(html):
        out.append(_text(html[last:kept.start()], rules))
        out.append(kept.group(0))
        last = kept.end()
        if not kept.group(1):  # a whole script, style, pre or textarea opens nothing
            rules = _rules(languages.after(kept.group(0)))
    out.append(_text(html[last:], rules))
    return "".join(out)


def typography_filter(html: str, language: str) -> Markup:
    return Markup(typeset(str(html), language))
