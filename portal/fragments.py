"""One template per page; an htmx request (not a boosted navigation) gets only the block it swaps."""
from __future__ import annotations

from flask import render_template, request
from jinja2_fragments.flask import render_block


def wants_fragment() -> bool:
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-Boosted") != "true"


def render_page_or_block(template: str, block: str, **context) -> str:
    if wants_fragment():
        return render_block(template, block, **context)
    return render_template(template, **context)


def vary_on_htmx(response):
    response.vary.add("HX-Request")
    return response
