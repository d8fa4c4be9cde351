"""Real-browser tests: Playwright driving Debian's chromium (never a downloaded browser) against the
portal served on a real port with the full demo. Outside CI they skip, with the reason, when chromium,
Playwright or the npm checkers are missing; in CI they must run."""
from __future__ import annotations

import threading

import pytest

from tests.browser.equipment import chromium_path, missing


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
    # As served: the typography filter on (non-breaking spaces), which a person sees and the tests read.
    app = make_app(BASE_URL=base, PAYMENT_WEBHOOK_URL=f"{base}/paiements/webhook", TYPOGRAPHY=True)
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
    from tests.support.environment import free_port

    return free_port()


@pytest.fixture
def newcomer(live):
    """Inès (tests.browser.support.NEWCOMER), enrolled in a running session whose modules are all open:
    nothing done yet."""
    from datetime import timedelta

    from portal.learning import catalogue
    from portal.learning.models import Course, SessionTrainer, TrainingSession
    from portal.signin.service import Signup, create_confirmed_account
    from portal.timeutil import paris_today
    from portal.vault.service import account_id_for_email
    from tests.browser.support import NEWCOMER

    with live.app_context():
        course = Course.get(Course.slug == "art-floral-les-fondamentaux")
        today = paris_today()
        session = TrainingSession.create(course=course, title="Session ouverte", starts_on=today - timedelta(days=60),
                                         ends_on=today + timedelta(days=30))
        SessionTrainer.create(session=session, account_id=account_id_for_email("formatrice@petale.test"))
        account = create_confirmed_account(Signup(full_name="Inès Roux", email=NEWCOMER[0], phone="06 12 34 56 78",
                                                  display_name="Inès", password=NEWCOMER[1]), "learner")
        catalogue.enroll(account.id, session.id, "self", today)
    return live
