"""Security headers on every response (the CSP allows no inline script, and no inline style but the
stylesheet inlined by its hash), and ProxyFix when served behind a reverse proxy."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.delivery.static_files import STYLESHEET, inline_file


def content_security_policy(video_cdn_url: str, style_hash: str) -> str:
    """Nothing from elsewhere, except lesson media (videos, posters, files) from VIDEO_CDN_URL's origin
    when it names another host: without it, the browser would refuse the documented CDN set-up."""
    cdn = urlsplit(video_cdn_url)
    media = f" {cdn.scheme}://{cdn.netloc}" if cdn.scheme in ("http", "https") and cdn.netloc else ""
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        f"style-src 'self' '{style_hash}'",
        f"img-src 'self' data:{media}",
        f"media-src 'self'{media}",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


# Nothing here needs a camera, a microphone, the position or payment APIs (card entry is the provider's).
PERMISSIONS = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone", "payment", "usb",
    "interest-cohort"))


def register(app: Flask) -> None:
    trusted = app.config.get("TRUSTED_PROXIES", 0)
    if trusted:
        # Behind a TLS reverse proxy: trust its X-Forwarded-For/-Proto/-Host, and only from that many hops.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=trusted, x_proto=trusted, x_host=trusted)

    @app.after_request
    def set_headers(response):
        # The inlined stylesheet is allowed by its hash: still no 'unsafe-inline'.
        csp = content_security_policy(app.config.get("VIDEO_CDN_URL", ""), inline_file(app, STYLESHEET)[1])
        response.headers.setdefault("Content-Security-Policy", csp)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Permissions-Policy", PERMISSIONS)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if app.config.get("HTTPS"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
