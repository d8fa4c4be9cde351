"""One JSON line per request: method, route pattern, status, duration, account UUID.

The route pattern (/confirmer/<token>) is logged, never the raw path or query, so tokens,
emails typed into URLs and search terms stay out of the logs.
"""
from __future__ import annotations

import json
import logging
import time

from flask import Flask, g, request

log = logging.getLogger("petale.request")


def register(app: Flask) -> None:
    @app.before_request
    def start_timer() -> None:
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        if not log.isEnabledFor(logging.INFO):
            return response
        started = g.get("request_started")
        # The account flask-login loaded for this request, if it did: logging never loads one itself, and a
        # cookie of an ended session (stale version) names nobody.
        user = g.get("_login_user")
        account = str(user.id) if user is not None and user.is_authenticated else None
        log.info(
            json.dumps(
                {
                    "method": request.method,
                    "route": request.url_rule.rule if request.url_rule else "(no route)",
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
                    "account": account,
                },
                separators=(",", ":"),
            )
        )
        return response


def configure_logging(app: Flask) -> None:
    level = app.config.get("LOG_LEVEL", "INFO")
    logger = logging.getLogger("petale")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(level)
