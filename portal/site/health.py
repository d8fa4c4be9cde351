"""Liveness of the three databases and, when configured, Redis."""
from __future__ import annotations

from flask import Flask

from portal.db import ZONES
from portal.jobs.dispatch import redis_connection


def check_all(app: Flask) -> dict[str, str]:
    checks = {zone: _check_database(proxy) for zone, proxy in ZONES.items()}
    checks["redis"] = _check_redis(app.config.get("REDIS_URL"))
    return checks


def _check_database(proxy) -> str:
    try:
        proxy.execute_sql("SELECT 1").fetchone()
    except Exception:
        return "error"
    return "ok"


def _check_redis(url: str | None) -> str:
    if not url:
        return "absent"
    try:
        redis_connection(url).ping()
    except Exception:
        return "error"
    return "ok"
