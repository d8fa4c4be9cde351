"""Absolute links for emails and jobs, built from BASE_URL (jobs have no request to read a host from)."""
from __future__ import annotations

from urllib.parse import urlparse

from flask import current_app


def external_url(endpoint: str, **values) -> str:
    base = urlparse(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)
