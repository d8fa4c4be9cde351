"""The demo course as test data: seeded once per test, logins ready."""
from __future__ import annotations

import pytest

from portal.demo.seed import DEMO_PASSWORD, seed
from portal.learning.models import Lesson, Module
from tests.helpers import login


@pytest.fixture
def demo(app):
    with app.app_context():
        seed()
    return app


def signed_in(app, email: str):
    client = app.test_client()
    response = login(client, email, DEMO_PASSWORD)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


@pytest.fixture
def learner(demo):
    return signed_in(demo, "apprenant@petale.test")


def lesson_named(app, title: str) -> Lesson:
    with app.app_context():
        return Lesson.select(Lesson, Module).join(Module).where(Lesson.title == title).get()
