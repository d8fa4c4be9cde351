"""HTTP hardening: Permissions-Policy, HSTS and Secure cookies under HTTPS, HttpOnly and SameSite=Lax
cookies, ProxyFix only when a proxy is declared."""
from __future__ import annotations

from tests.support.helpers import login


def test_every_response_carries_the_hardening_headers(client):
    response = client.get("/")
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers, "no HSTS over plain HTTP"


def test_under_https_cookies_are_secure_and_hsts_is_sent(make_app):
    app = make_app(HTTPS=True, SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    from portal.demo.seed import seed

    with app.app_context():
        seed(backoffice=False)
    client = app.test_client()
    response = login(client, "apprenant@petale.test", "petale-demo")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    cookie = next(v for k, v in response.headers.items() if k == "Set-Cookie" and "petale_session" in v)
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_forwarded_headers_count_only_behind_a_declared_proxy(make_app):
    direct = make_app()
    proxied = make_app(TRUSTED_PROXIES=1)
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}

    @direct.route("/__scheme")
    @proxied.route("/__scheme")
    def scheme():
        from flask import request

        return f"{request.scheme} {request.remote_addr}"

    assert direct.test_client().get("/__scheme", headers=headers).get_data(as_text=True) == "http 127.0.0.1"
    assert proxied.test_client().get("/__scheme", headers=headers).get_data(as_text=True) == "https 203.0.113.9"
