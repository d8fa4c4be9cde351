"""The portal served on a real port, and people using it over HTTP as a browser would (cookies, the
page's CSRF token): for tests that fire real concurrent requests."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import requests
from flask import Flask
from werkzeug.serving import make_server

from tests.support.helpers import csrf_token


@contextmanager
def served(app: Flask, port: int) -> Iterator[str]:
    """Serve `app` on 127.0.0.1:port in a threaded server (one thread per request, like the demo)."""
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


class Visitor:
    """One person's browser: a cookie jar, and forms posted with the token of the page that holds them."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.http = requests.Session()

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.http.get(self.base + path, allow_redirects=False, timeout=60, **kwargs)

    def token(self, page: str) -> str:
        response = self.get(page)
        assert response.status_code == 200, f"{page}: {response.status_code}"
        return csrf_token(response.text)

    def post(self, path: str, data: dict, *, token: str, **kwargs) -> requests.Response:
        return self.http.post(self.base + path, data={**data, "csrf_token": token}, allow_redirects=False,
                              timeout=60, **kwargs)

    def login(self, email: str, password: str) -> requests.Response:
        return self.post("/connexion", {"email": email, "password": password}, token=self.token("/connexion"))
