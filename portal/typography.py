"""The typography of a rendered page, applied once by the layout (`{% filter typography %}`): French
puts a non-breaking space before « : » and inside « », a narrow one before ; ! ? and %, and writes the
first of a month "1er"; both keep a number with its unit (« 10 min », « 890 € », « 15 ko ») on one line; English
writes "100%" and no space before its punctuation. Only the text between tags changes, and the attributes a
person reads (placeholder, title, alt, aria-label): the rest of the markup, and the contents of script, style,
pre and textarea are left as they are.
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

# A number and its unit: the space between them never breaks (a line starting with « min » or « € » reads as
# something else). The units a page writes after a figure, in French and in English.
_UNIT = (re.compile(r"(\d)[ \u202f](€|min|h|s|ko|Mo|Go|kB|MB|GB|heures?|minutes?|secondes?|jours?|semaines?|mois|"
                    r"ans?|questions?|leçons?|modules?|hours?|days?|weeks?|lessons?)(?![\w])"), r"\1" + NBSP + r"\2")

_FRENCH = (
    _UNIT,
    (re.compile(r"[ \u00a0\u202f]+:"), NBSP + ":"),
    (re.compile(r"[ \u00a0\u202f]+([;!?%])"), NNBSP + r"\1"),
    (re.compile(r"«[ \u00a0\u202f]*"), "«" + NBSP),
    (re.compile(r"[ \u00a0\u202f]*»"), NBSP + "»"),
    (re.compile(rf"\b1 ({_MONTHS})\b"), "1er" + NBSP + r"\1"),
)
_ENGLISH = (
    (re.compile(r"[ \u00a0\u202f]+([:;!?%])"), r"\1"),
    _UNIT,
)


# What any rule needs in a text to change it: most texts between tags (spaces, words) have none of it, and are
# left without running every rule over them (a page of 50 rows has thousands of such texts).
_CONCERNED = re.compile(r"[:;!?%«»]|\d[ \u202f]")

# The attributes a person reads (a field's example, a tooltip, an image's words), set like the text.
_READ_ATTRIBUTES = re.compile(r'(\s(?:placeholder|title|alt|aria-label)=")([^"]*)(")')


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


# What the page's typesetting stops at: a block whose text stays as written (script, style, pre, textarea, a
# comment), or a tag that may say its own language. Between them, only the texts holding something a rule
# changes are visited (one regular expression, run in C) rather than every tag in Python: a list of 50 rows
# has thousands of tags and only a few hundred such texts.
_STOPS = re.compile(r"<(script|style|pre|textarea)\b.*?</\1\s*>|<!--.*?-->|<[^>]*\slang=\"[^>]*>", re.S | re.I)
# A whole text between two tags, with the ">" ending the tag before it (escaped markup never holds one inside
# an attribute), that holds something a rule changes.
_CONCERNED_TEXT = re.compile(r">[^<]*?(?:[:;!?%«»]|\d[ \u202f])[^<]*")


def _attributes(tags: str, rules) -> str:
    """The attributes a person reads, in a tag or a stretch of tags (escaped markup never holds a bare `="` in
    a text, so only attributes match)."""
    return _READ_ATTRIBUTES.sub(lambda m: m.group(1) + _text(m.group(2), rules) + m.group(3), tags)


def _texts(html: str, rules) -> str:
    """The texts of a stretch of the page, which starts with a text or a tag and ends before a tag, and the
    attributes a person reads in its tags."""
    head = html.find("<")
    if head < 0:
        return _text(html, rules)
    texts = _CONCERNED_TEXT.sub(lambda found: ">" + _text(found.group(0)[1:], rules), html[head:])
    return _text(html[:head], rules) + _attributes(texts, rules)


def _other_language(html: str, start: int, language: str, out: list[str]) -> int:
    """Typesets tag by tag the element opened at `start`, which says another language than the page's, up to
    its end (where the text is in the page's language again); returns where it ends."""
    languages = _Languages(language)
    rules, last = _rules(language), start
    for kept in _UNTOUCHED.finditer(html, start):
        out.append(_text(html[last:kept.start()], rules))
        tag = kept.group(0)
        out.append(_attributes(tag, rules) if not kept.group(1) and "=\"" in tag else tag)
        last = kept.end()
        if not kept.group(1):  # a whole script, style, pre or textarea opens nothing
            rules = _rules(languages.after(kept.group(0)))
        if not languages.open:
            return last
    out.append(_text(html[last:], rules))
    return len(html)


def _kept(stop: re.Match) -> bool:
    return bool(stop.group(1)) or stop.group(0).startswith("<!--")


def typeset(html: str, language: str) -> str:
    rules = _rules(language)
    out: list[str] = []
    last = position = 0
    while stop := _STOPS.search(html, position):
        position = stop.end()
        if not _kept(stop):
            said = _LANG.search(stop.group(0))
            if not said or said.group(1).lower() == language:
                continue  # in the page's own language: typeset with the text around it
            out.append(_texts(html[last:stop.start()], rules))
            last = position = _other_language(html, stop.start(), language, out)
            continue
        out.append(_texts(html[last:stop.start()], rules))
        out.append(stop.group(0))
        last = position
    out.append(_texts(html[last:], rules))
    return "".join(out)


def typography_filter(html: str, language: str) -> Markup:
    return Markup(typeset(str(html), language))
