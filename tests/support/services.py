"""Real PostgreSQL and Redis for the tests: skipped with a reason outside CI, required in CI."""
from __future__ import annotations

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

PG_URL = os.environ.get("PETALE_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("PETALE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


ENV_VARS = {"postgresql": "PETALE_TEST_PG_URL", "redis": "PETALE_TEST_REDIS_URL"}


def unavailable(service: str, reason: str):
    message = (
        f"{service} is not reachable ({reason}); these tests run when it is "
        f"(start it, or point {ENV_VARS[service]} at one)"
    )
    if IN_CI:
        pytest.fail(f"CI=true requires {message}", pytrace=False)
    pytest.skip(message)


def redis_or_skip() -> str:
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except RedisError as exc:
        unavailable("redis", f"{REDIS_URL}: {exc}")
    return REDIS_URL


def postgres_admin_connection():
    import psycopg2

    try:
        connection = psycopg2.connect(PG_URL, connect_timeout=3)
    except psycopg2.OperationalError as exc:
        unavailable("postgresql", f"{PG_URL}: {str(exc).strip()}")
    connection.autocommit = True
    return connection


def missing_program(what: str, hint: str):
    """A server program a test starts itself is not installed: skipped with the reason, failed in CI."""
    message = f"{what} is not installed ({hint})"
    if IN_CI:
        pytest.fail(f"CI=true requires {message}", pytrace=False)
    pytest.skip(message)
