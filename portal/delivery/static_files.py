"""Static files under a name that carries a hash of their content (/static/<hash>/<file>), so they can be
cached for a year: a new version has a new name. `asset('petale.css')` in templates gives the URL."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, current_app, send_from_directory, url_for

YEAR = 365 * 24 * 3600


@lru_cache(maxsize=64)
def _digest(folder: str, filename: str, mtime: float) -> str:
    return hashlib.sha256((Path(folder) / filename).read_bytes()).hexdigest()[:12]


def digest(filename: str) -> str:
    folder = current_app.static_folder
    return _digest(folder, filename, (Path(folder) / filename).stat().st_mtime)


def asset(filename: str) -> str:
    return url_for("fingerprinted", digest=digest(filename), filename=filename)


def init_app(app: Flask) -> None:
    app.jinja_env.globals["asset"] = asset

    @app.route("/static/<digest>/<path:filename>", endpoint="fingerprinted")
    def fingerprinted(digest: str, filename: str):
        response = send_from_directory(app.static_folder, filename, max_age=YEAR)
        if response.status_code == 200:
            # Buffer the body (files here are a few kilobytes) so the compression step can work on it.
            response.direct_passthrough = False
            body = response.get_data()
            response.close()  # the file it was read from
            response.set_data(body)
        try:
            current = globals()["digest"](filename)
        except OSError:
            current = None
        if current == digest:
            response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
        else:  # an older page asking for an older version: serve today's, but do not let it stick
            response.headers["Cache-Control"] = "no-cache"
        return response
