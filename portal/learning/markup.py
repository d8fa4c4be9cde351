"""Markdown written by staff or learners, rendered then sanitised (no script, no handlers, no javascript:)."""
from __future__ import annotations

import re
import threading
from functools import lru_cache
from html.parser import HTMLParser

import markdown as markdown_lib
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre", "h2", "h3", "h4", "a", "hr",
    "table", "thead", "tbody", "tr", "th", "td",
}


_converters = threading.local()


def _converter() -> markdown_lib.Markdown:
    """One converter per thread, reset between texts: building one costs as much as converting a post."""
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = markdown_lib.Markdown(extensions=["tables"], output_format="html")
    return converter


def render_markdown(text: str) -> Markup:
    converter = _converter()
    try:
        html = converter.convert(text or "")
    finally:
        converter.reset()
    clean = nh3.clean(
        html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}}, url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)


@lru_cache(maxsize=512)
def render_course_markdown(text: str) -> Markup:
    """Course texts are written by staff and the same for every learner: rendered once per process
    (keyed by the text, so an edit is a new entry). Forum posts are not cached: an erased post must
    not stay in memory."""
    return render_markdown(text)


class _TextOf(HTMLParser):
    """The text of rendered Markdown as a person writes it in a plain mail: paragraphs apart, list items
    with a dash, a link's address beside its words; no marks."""

    BLOCKS = frozenset({"p", "ul", "ol", "blockquote", "pre", "h2", "h3", "h4", "table", "hr"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.href: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            self.parts.append("\n- ")
        elif tag in ("br", "tr"):
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag == "a":
            self.href = dict(attrs).get("href")

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a" and self.href:
            self.parts.append(f" ({self.href})")
            self.href = None

    def handle_data(self, data):
        if "\n" in data and not data.strip():
            return  # the line breaks between rendered tags, not the text's
        self.parts.append(data)

    def text(self) -> str:
        lines = "".join(self.parts).splitlines()
        return re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in lines)).strip()


def markdown_text(text: str) -> str:
    """Markdown said in plain text (a mail's text part): rendered as pages render it, then its words only
    (« **2 cm** » reads « 2 cm »)."""
    reader = _TextOf()
    reader.feed(str(render_markdown(text)))
    reader.close()
    return reader.text()
