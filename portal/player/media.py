"""Lesson media URLs: signed, expiring, naming only the lesson and the file (never the learner)."""
from __future__ import annotations

import time
from pathlib import Path

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer


def _serializer() -> URLSafeTimedSerializer:
    """One per application: a lesson page signs five media URLs."""
    serializer = current_app.extensions.get("petale_media")
    if serializer is None:
        serializer = current_app.extensions["petale_media"] = URLSafeTimedSerializer(
            current_app.config["SECRET_KEY"], salt="petale-media")
    return serializer


def media_url(lesson_id: int, path: str | None) -> str | None:
    """The same link for a lesson's file during a twenty-fourth of its validity: the browser (or the CDN)
    keeps the poster and captions it already has, and a lesson page does not sign five tokens each time.
    The link names no learner, so every learner may share it."""
    if not path:
        return None
    issued = current_app.extensions.setdefault("petale_media_links", {})
    now = time.monotonic()
    known = issued.get((lesson_id, path))
    if known is not None and now - known[0] < current_app.config["MEDIA_TOKEN_MAX_AGE"] / 24:
        return known[1]
    token = _serializer().dumps({"l": lesson_id, "p": path})
    url = f"{current_app.config['VIDEO_CDN_URL'].rstrip('/')}/{path}?jeton={token}"
    if len(issued) > 10_000:  # far more files than a catalogue has: start again rather than grow
        issued.clear()
    issued[(lesson_id, path)] = (now, url)
    return url


def check_token(token: str, path: str) -> int | None:
    """The lesson a media token was issued for, if it is valid for this path and not expired."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["MEDIA_TOKEN_MAX_AGE"])
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("p") != path:
        return None
    return data.get("l")


def served_here() -> bool:
    """Whether the portal serves lesson files itself (/media) rather than an outside CDN."""
    return current_app.config["VIDEO_CDN_URL"].startswith("/")


def media_folder() -> Path | None:
    """The folder lesson files are in, as this server sees it: MEDIA_UPLOAD_DIR when set (with an outside
    CDN, the folder that CDN publishes), else <instance>/media when the portal serves them itself. None:
    an outside CDN whose files this server does not see."""
    configured = current_app.config.get("MEDIA_UPLOAD_DIR")
    if configured:
        return Path(configured)
    if served_here():
        return Path(current_app.instance_path) / "media"
    return None


def file_in_media(path: str | None) -> Path | None:
    """The file a lesson's path names, if it is in the media folder (never outside it)."""
    folder = media_folder()
    if not path or folder is None:
        return None
    file = (folder / path).resolve()
    if folder.resolve() not in file.parents or not file.is_file():
        return None
    return file


def media_size(path: str | None) -> int | None:
    """The size of a lesson file the portal serves (shown before keeping a video offline); unknown (None)
    when the files are on a CDN."""
    if not served_here():
        return None
    file = file_in_media(path)
    return None if file is None else file.stat().st_size
