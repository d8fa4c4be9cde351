"""The Ed25519 key that signs the Open Badges credentials.

It lives in a PEM file (BADGE_SIGNING_KEY_FILE, by default <instance>/badge-signing-key.pem), created once
with mode 0600 the first time a credential is signed or the key is published. It is not in any database,
so the encrypted backups never carry it; a lost key leaves every credential already handed out
unverifiable, hence the README's advice to keep a copy of it the way SECRET_KEY is kept.
"""
from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from flask import current_app
from jwt.algorithms import OKPAlgorithm

log = logging.getLogger("petale.certificates")


class UnusableKey(Exception):
    pass


def private_key() -> Ed25519PrivateKey:
    """The instance's signing key, read once per process (created on first use)."""
    path = Path(current_app.config["BADGE_SIGNING_KEY_FILE"])
    cache = current_app.extensions.setdefault("petale_badge_key", {})
    if path not in cache:
        cache[path] = load_or_create(path)
    return cache[path]


def public_key() -> Ed25519PublicKey:
    return private_key().public_key()


def public_jwk() -> dict[str, str]:
    """The public half as a JWK (RFC 8037: kty OKP, crv Ed25519, x): never the private "d"."""
    jwk = OKPAlgorithm.to_jwk(public_key(), as_dict=True)
    return {"kty": jwk["kty"], "crv": jwk["crv"], "x": jwk["x"]}


def load_or_create(path: Path) -> Ed25519PrivateKey:
    try:
        return _load(path)
    except FileNotFoundError:
        return _create(path)


def _load(path: Path) -> Ed25519PrivateKey:
    data = path.read_bytes()
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as failure:
        raise UnusableKey(f"{path} ne contient pas une clé privée PEM lisible sans mot de passe.") from failure
    if not isinstance(key, Ed25519PrivateKey):
        raise UnusableKey(f"{path} ne contient pas une clé Ed25519.")
    if path.stat().st_mode & 0o077:
        log.warning("the badge signing key %s can be read by other users: chmod 600 it", path)
    return key


def _create(path: Path) -> Ed25519PrivateKey:
    """Written to a temporary file (mkstemp: mode 0600) then linked into place: os.link never replaces a
    file, so two processes starting together keep the first key, and no reader sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".badge-key-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(pem)
            stream.flush()
            os.fsync(stream.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            return _load(path)
    finally:
        os.unlink(temporary)
    log.info("created the badge signing key %s", path)
    return key
