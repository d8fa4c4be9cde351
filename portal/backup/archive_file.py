"""The backup file: a tar of the three zone snapshots and a manifest, encrypted with AES-256-GCM.

Layout: MAGIC | salt (16 bytes) | nonce (12 bytes) | ciphertext and tag. The key is derived from
BACKUP_KEY with scrypt and the salt, so BACKUP_KEY may be a long passphrase; the header is
authenticated with the data, so any change to the file makes decryption fail.
"""
from __future__ import annotations

import io
import os
import tarfile

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"PETALE-BACKUP-1\n"


class BadBackup(Exception):
    pass


def _key(secret: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(secret.encode())


def seal(members: dict[str, bytes], secret: str) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    salt, nonce = os.urandom(16), os.urandom(12)
    header = MAGIC + salt + nonce
    return header + AESGCM(_key(secret, salt)).encrypt(nonce, buffer.getvalue(), header)


def open_sealed(blob: bytes, secret: str) -> dict[str, bytes]:
    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + 28 + 16:
        raise BadBackup("Ce fichier n'est pas une sauvegarde Pétale.")
    header = blob[:len(MAGIC) + 28]
    salt, nonce = header[len(MAGIC):len(MAGIC) + 16], header[len(MAGIC) + 16:]
    try:
        plain = AESGCM(_key(secret, salt)).decrypt(nonce, blob[len(header):], header)
    except InvalidTag:
        raise BadBackup("Sauvegarde refusée : elle a été modifiée, ou la clé n'est pas la bonne.") from None
    members = {}
    with tarfile.open(fileobj=io.BytesIO(plain), mode="r:gz") as tar:
        for member in tar.getmembers():
            if member.isfile() and _safe_name(member.name):
                members[member.name] = tar.extractfile(member).read()
    return members


def _safe_name(name: str) -> bool:
    """A zone snapshot or the manifest at the top, or a vault file one folder down (vault-files/<name>):
    nothing a restore could be led to write elsewhere."""
    parts = name.split("/")
    return ".." not in name and (len(parts) == 1 or (len(parts) == 2 and parts[0] == "vault-files" and parts[1] != ""))
