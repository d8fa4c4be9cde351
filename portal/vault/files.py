"""The vault zone's files: documents about a person that are not rows (a signed agreement, a funder's
approval). Kept under VAULT_FILES_DIR by a random name that says nothing, readable by the owner process
only; the caller records each read and write in the audit log."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import current_app


def _folder() -> Path:
    folder = Path(current_app.config["VAULT_FILES_DIR"])
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _path(token: str) -> Path:
    if len(token) != 32 or not all(c in "0123456789abcdef" for c in token):
        raise ValueError("not a vault file name")
    return _folder() / token


def put(content: bytes) -> str:
    """Written whole or not at all (a temporary name, fsync, then rename)."""
    token = secrets.token_hex(16)
    final = _path(token)
    partial = final.with_suffix(".part")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    partial.rename(final)
    return token


def get(token: str) -> bytes | None:
    path = _path(token)
    return path.read_bytes() if path.is_file() else None


def remove(token: str) -> None:
    _path(token).unlink(missing_ok=True)
