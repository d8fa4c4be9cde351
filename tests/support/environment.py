"""The test environment: which database backend, each zone's setting, an application's base configuration, a free
port."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

BACKEND = os.environ.get("PETALE_TEST_DB", "sqlite")


ZONES = ("main", "vault", "archive")


URL_KEYS = {"main": "DATABASE_URL", "vault": "VAULT_DATABASE_URL", "archive": "ARCHIVE_DATABASE_URL"}


def base_config(instance: Path) -> dict:
    return {
        "TESTING": True,
        "INSTANCE_PATH": str(instance),
        "SECRET_KEY": "test-secret-" + uuid.uuid4().hex,
        "REDIS_URL": None,
        "MAIL_URL": None,
        "BASE_URL": "http://petale.test",
        # Pages as written, so that assertions read plain spaces; the browser tests and
        # tests/foundations/test_typography.py turn it on.
        "TYPOGRAPHY": False,
        "LOG_LEVEL": "INFO",
        # Still argon2id, at a cost that keeps the suite quick.
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 8192,
        "ARGON2_PARALLELISM": 1,
    }


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
