"""Light delivery for slow connections: compression, and fingerprinted static files cached for a year
(with ETag and Last-Modified from send_file). Pages get no ETag: each carries a fresh CSRF token, so it
would never match."""
from __future__ import annotations

from flask import Flask

from portal.delivery import compression, static_files


def init_app(app: Flask) -> None:
    compression.init_app(app)
    static_files.init_app(app)
