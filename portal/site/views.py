"""Endpoints that belong to no capability: the health check."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from portal.site.health import check_all

bp = Blueprint("site", __name__)


@bp.route("/ping")
def ping():
    """Liveness: the process answers, touching no database (also the benchmarks' constant endpoint)."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


@bp.route("/healthz")
def healthz():
    checks = check_all(current_app)
    healthy = all(state in {"ok", "absent"} for state in checks.values())
    body = {"status": "ok" if healthy else "error", **checks}
    return jsonify(body), 200 if healthy else 503
