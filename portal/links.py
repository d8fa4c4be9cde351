"""Absolute links for emails and jobs, built from BASE_URL (jobs have no request to read a host from),
and the links of a list's items."""
from __future__ import annotations

from urllib.parse import urlparse

from flask import current_app, request, url_for


def external_url(endpoint: str, **values) -> str:
    base = urlparse(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)


_MARKER = 9_876_543_210


def item_url(endpoint: str, key: str, **fixed) -> str:
    """The address of `endpoint` with `{}` where the item's id goes (`.format(id)`), the other values
    `fixed`, worked out once per application: a thread page links each of its thirty messages up to
    three times, the workshop each group of stems three times, and building each link cost more than
    writing the item out."""
    known = current_app.extensions.setdefault("petale_item_urls", {})
    cache_key = (request.script_root, endpoint, key, tuple(sorted(fixed.items())))
    pattern = known.get(cache_key)
    if pattern is None:
        built = url_for(endpoint, **fixed, **{key: _MARKER}).replace("{", "{{").replace("}", "}}")
        if len(known) > 10_000:  # one entry per endpoint and brief: far fewer in practice
            known.clear()
        pattern = known[cache_key] = built.replace(str(_MARKER), "{}")
    return pattern
