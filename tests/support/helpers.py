"""Acting as a user: forms with their CSRF token, the outbox, running due jobs."""
from __future__ import annotations

import email
import email.policy
import re
from html import unescape
from pathlib import Path

from flask import Flask

CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1) or match.group(2)


def submit(client, url: str, data: dict, *, page: str | None = None, **kwargs):
    """GET the page holding the form, then POST it with that page's CSRF token."""
    html = client.get(page or url).get_data(as_text=True)
    return client.post(url, data={**data, "csrf_token": csrf_token(html)}, **kwargs)


def readable(html: str) -> str:
    """A page's text as a test compares it: entities decoded, French non-breaking spaces as plain spaces."""
    return unescape(html).replace("\u00a0", " ").replace("\u202f", " ")


def run_jobs(app: Flask) -> int:
    from portal.jobs.inprocess import run_due

    with app.app_context():
        return run_due(app)


def outbox(app: Flask) -> list[email.message.EmailMessage]:
    folder = Path(app.instance_path) / "outbox"
    if not folder.exists():
        return []
    return [
        email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        for path in sorted(folder.glob("*.eml"))
    ]


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message, pattern: str) -> str:
    match = re.search(rf"http://petale\.test({pattern}\S*)", text_of(message))
    assert match, f"no link matching {pattern} in:\n{text_of(message)}"
    return match.group(1)


SIGNUP = {
    "full_name": "Camille Rosier",
    "email": "camille.rosier@example.org",
    "phone": "06 12 34 56 78",
    "display_name": "Camille",
    "password": "un-mot-de-passe-solide",
    "password_confirm": "un-mot-de-passe-solide",
}


def login(client, email_address: str, password: str):
    return submit(client, "/connexion", {"email": email_address, "password": password})


def pdf_text(data: bytes) -> str:
    """The text of a PDF, to check a document by what it says."""
    import io

    from pypdf import PdfReader

    assert data.startswith(b"%PDF"), data[:40]
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
