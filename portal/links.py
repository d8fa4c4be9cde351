"""Absolute links for emails and jobs, built from BASE_URL (jobs have no request to read a host from),
the links of a list's items, and the checking of a return address taken from a request."""
from __future__ import annotations

import unicodedata
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


MAX_NEXT_LENGTH = 2000


def safe_next(target: str | None) -> str | None:
    """A return address from a request, kept only when it is a path on this site: never //host, a
    scheme, a backslash trick, a control character (a line break would split the Location header)
    or an overlong value; anything else gives None and the caller's default."""
    if not target or len(target) > MAX_NEXT_LENGTH or not target.startswith("/"):
        return None
    if target.startswith(("//", "/\\")) or "\\" in target:
        return None
    if any(unicodedata.category(char) in {"Cc", "Cf", "Cs", "Zl", "Zp"} for char in target):
        return None
    try:
        parsed = urlparse(target)
    except ValueError:
        return None
    if parsed.scheme or parsed.netloc:
        return None
    return target
