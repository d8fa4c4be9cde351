"""Reading an English page as a screen reader would: the text it speaks in the page's language (outside
elements marked lang="fr"), and what of it is still French."""
from __future__ import annotations

import re
from html.parser import HTMLParser

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# A tab's <title> cannot mark a part of itself (« Workshop — <a brief's French title> »): not read here; a title
# that is French content as a whole says so (tests/foundations/test_typography.py).
_SILENT = {"script", "style", "template", "title"}
_SPOKEN_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder"}

# What gives French away in a portal sentence: its little words and its accents. Names are not sentences:
# the brand (« Pétale ») and the demo's people are taken out before looking.
_FRENCH = re.compile(r"\b(le|la|les|des|du|une|vous|votre|vos|est|sont|pour|avec|sur|dans|aucun|aucune|et|au|aux"
                     r"|heures|leçons?|formation|séance|réponse)\b|[éèêàùçœ]", re.I)
NAMES = ("Pétale", "Inès", "Bérénice", "Hélène", "Élodie", "Amélie", "Chloé", "Léa", "Zoé", "Noémie",
         "Fleurs du Marais SARL")  # the demo learner's employer


class _Reader(HTMLParser):
    def __init__(self, page_language: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = [("html", page_language)]
        self.silent = 0
        self.spoken: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _SILENT:
            self.silent += 1
        language = dict(attrs).get("lang") or self.stack[-1][1]
        for name, value in attrs:  # what a screen reader says of the element itself
            if name in _SPOKEN_ATTRIBUTES and value and language == self.stack[0][1]:
                self.spoken.append(" ".join(value.split()))
        if tag not in _VOID:
            self.stack.append((tag, language))

    def handle_endtag(self, tag):
        if tag in _SILENT:
            self.silent = max(0, self.silent - 1)
        if tag in _VOID:
            return
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self.silent and self.stack[-1][1] == self.stack[0][1] and data.strip():
            self.spoken.append(" ".join(data.split()))


def spoken_in_page_language(html: str, page_language: str = "en") -> list[str]:
    """The texts of the page that are not inside an element saying another language."""
    reader = _Reader(page_language)
    reader.feed(html)
    return reader.spoken


def french_left(html: str, page_language: str = "en") -> list[str]:
    """The texts of an English page that read as French and are not marked lang="fr"."""
    found = []
    for text in spoken_in_page_language(html, page_language):
        plain = text
        for name in NAMES:
            plain = plain.replace(name, "")
        if _FRENCH.search(plain):
            found.append(text)
    return found
