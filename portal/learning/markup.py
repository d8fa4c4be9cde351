"""Markdown written by staff or learners, rendered then sanitised (no script, no handlers, no javascript:)."""
from __future__ import annotations

import threading
from functools import lru_cache

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
