"""Markdown written by staff or learners, rendered then sanitised (no script, no handlers, no javascript:)."""
from __future__ import annotations

from functools import lru_cache

import markdown as markdown_lib
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre", "h2", "h3", "h4", "a", "hr",
    "table", "thead", "tbody", "tr", "th", "td",
}


def render_markdown(text: str) -> Markup:
    html = markdown_lib.markdown(text or "", extensions=["tables"], output_format="html")
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
