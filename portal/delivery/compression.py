"""Brotli when the browser accepts it, else gzip (Flask-Compress)."""
from __future__ import annotations

from flask import Flask
from flask_compress import Compress

compress = Compress()


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_MIMETYPES", [
        "text/html", "text/css", "text/csv", "text/plain", "application/javascript", "text/javascript",
        "application/json", "image/svg+xml"])
    app.config.setdefault("COMPRESS_MIN_SIZE", 500)
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)  # most of the gain for a fraction of the CPU of level 11
    app.config.setdefault("COMPRESS_STREAMS", False)
    compress.init_app(app)
