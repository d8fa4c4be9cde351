"""Lesson media URLs: signed, expiring, naming only the lesson and the file (never the learner)."""
from __future__ import annotations

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
    if not path:
        return None
    token = _serializer().dumps({"l": lesson_id, "p": path})
    return f"{current_app.config['VIDEO_CDN_URL'].rstrip('/')}/{path}?jeton={token}"


def check_token(token: str, path: str) -> int | None:
    """The lesson a media token was issued for, if it is valid for this path and not expired."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["MEDIA_TOKEN_MAX_AGE"])
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("p") != path:
        return None
    return data.get("l")
