"""Real-browser tests: Playwright driving Debian's chromium (never a downloaded browser) against the
portal served on a real port with the full demo. Outside CI they skip, with the reason, when chromium,
Playwright or the npm checkers are missing; in CI they must run."""
from __future__ import annotations

import email
import email.policy
import re
import shutil
import threading
from pathlib import Path

import pytest

from tests.services import IN_CI

HERE = Path(__file__).parent
NODE_MODULES = HERE / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


def missing(what: str) -> None:
    message = f"{what}; the browser tests need it (see README, « Tests dans un vrai navigateur »)"
    if IN_CI:
        pytest.fail(f"CI=true requires it: {message}", pytrace=False)
    pytest.skip(message)


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        missing("Debian's chromium is not installed (apt-get install -y chromium)")
    return path


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright for Python is not installed (make install-test)")
    executable = chromium_path()
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-gpu"])
        yield instance
        instance.close()


@pytest.fixture
def live(make_app, free_port_number):
    """The portal with the full demo on http://127.0.0.1:<port>, mail written to its outbox."""
    from werkzeug.serving import make_server

    from portal.demo.seed import seed

    base = f"http://127.0.0.1:{free_port_number}"
    app = make_app(BASE_URL=base, PAYMENT_WEBHOOK_URL=f"{base}/paiements/webhook")
    with app.app_context():
        seed()
    server = make_server("127.0.0.1", free_port_number, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.base = base
    yield app
    server.shutdown()


@pytest.fixture
def free_port_number() -> int:
    from tests.conftest import free_port

    return free_port()


def mails(app) -> list:
    folder = Path(app.instance_path) / "outbox"
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
            for p in sorted(folder.glob("*.eml"))] if folder.exists() else []


def link_from(app, subject_part: str, path: str) -> str:
    for message in reversed(mails(app)):
        if subject_part in message["Subject"]:
            text = message.get_body(preferencelist=("plain",)).get_content()
            match = re.search(rf"{re.escape(app.base)}{re.escape(path)}\S*", text)
            if match:
                return match.group(0)
    raise AssertionError(f"no mail «{subject_part}» with a link to {path}")
