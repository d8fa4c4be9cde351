"""Static files under a name that carries a hash of their content (/static/<hash>/<file>), so they can be
cached for a year: a new version has a new name. `asset('petale.css')` in templates gives the URL."""
from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, current_app, send_from_directory, url_for
from markupsafe import Markup

YEAR = 365 * 24 * 3600


@lru_cache(maxsize=64)
def _digest(folder: str, filename: str, mtime: float) -> str:
    return hashlib.sha256((Path(folder) / filename).read_bytes()).hexdigest()[:12]


def digest(filename: str) -> str:
    folder = current_app.static_folder
    return _digest(folder, filename, (Path(folder) / filename).stat().st_mtime)


def asset(filename: str) -> str:
    """Files are re-read (by modification time) only when templates are reloaded too (debug): every page
    links three assets, and a stat plus url_for each time cost a sixth of the base layout's rendering."""
    if current_app.jinja_env.auto_reload:
        return url_for("fingerprinted", fingerprint=digest(filename), filename=filename)
    urls = current_app.extensions.setdefault("petale_assets", {})
    if filename not in urls:
        urls[filename] = url_for("fingerprinted", fingerprint=digest(filename), filename=filename)
    return urls[filename]


@lru_cache(maxsize=8)
def _inline(folder: str, filename: str, mtime: float) -> tuple[str, str]:
    text = (Path(folder) / filename).read_text(encoding="utf-8")
    return text, "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def inline_file(app: Flask, filename: str) -> tuple[str, str]:
    """A static file's text and its CSP hash, for the stylesheet every page carries inline: it saves a
    round trip before the first paint (400 ms on a slow mobile link), and the hash lets the CSP allow
    exactly this block and nothing else."""
    folder = app.static_folder
    if app.jinja_env.auto_reload:
        return _inline(folder, filename, (Path(folder) / filename).stat().st_mtime)
    cached = app.extensions.setdefault("petale_inline", {})
    if filename not in cached:
        cached[filename] = _inline(folder, filename, (Path(folder) / filename).stat().st_mtime)
    return cached[filename]


STYLESHEET = "petale.css"
# Fetched by static/loader.js once the page has loaded and painted, so that on a slow link the text and
# images come first (htmx initialises only before DOMContentLoaded or after load, hence the load event).
# In this order: the player's script listens to htmx.
SCRIPTS = ("vendor/htmx-2.0.11.min.js", "offline.js", "player.js")


def inline_css() -> Markup:
    """The stylesheet, inlined in every page: it fits the first round trip with the page."""
    return Markup(inline_file(current_app, STYLESHEET)[0])


def deferred_scripts() -> str:
    return " ".join(asset(name) for name in SCRIPTS)


def init_app(app: Flask) -> None:

    @app.route("/static/<fingerprint>/<path:filename>", endpoint="fingerprinted")
    def fingerprinted(fingerprint: str, filename: str):
        response = send_from_directory(app.static_folder, filename, max_age=YEAR)
        if response.status_code == 200:
            # Buffer the body (files here are a few kilobytes) so the compression step can work on it.
            response.direct_passthrough = False
            body = response.get_data()
            response.close()  # the file it was read from
            response.set_data(body)
        if fingerprint == digest(filename):
            response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
        else:  # an older page asking for an older version: serve today's, but do not let it stick
            response.headers["Cache-Control"] = "no-cache"
        return response
