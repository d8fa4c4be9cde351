"""`gunicorn app:app` without REDIS_URL runs the background jobs itself, one thread per worker process,
as `flask serve` does: a sign-up served by gunicorn gets its confirmation mail, with nothing else
running. Before, such a node ran no job at all (no mail, no export), silently."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from portal.jobs.models import DONE, JobRecord
from tests.support.helpers import SIGNUP
from tests.support.own_servers import Gunicorn, environment
from tests.support.served import Visitor


@pytest.fixture
def web(app, tmp_path):
    server = Gunicorn(environment(app, REDIS_URL=""), workers=2, folder=tmp_path)
    yield server
    server.stop()


def test_gunicorn_without_redis_sends_the_sign_up_mail(app, web, capsys):
    visitor = Visitor(web.base)
    token = visitor.token("/inscription")
    started = time.monotonic()
    response = visitor.post("/inscription", SIGNUP, token=token)
    assert response.status_code == 302, response.text[:500]
    outbox = Path(app.instance_path) / "outbox"
    deadline = started + 30
    while not list(outbox.glob("*.eml")):
        assert time.monotonic() < deadline, f"no mail sent by the gunicorn node: {web.errors()}"
        time.sleep(0.1)
    with capsys.disabled():
        took = time.monotonic() - started
        print(f"\ngunicorn without REDIS_URL: the sign-up mail was written {took:.2f} s after the request")
    [sent] = list(outbox.glob("*.eml"))
    assert "camille.rosier@example.org" in sent.read_text()
    with app.app_context():
        assert JobRecord.get(JobRecord.func == "portal.mail.deliver").status == DONE
