"""Helpers over the demo data (the demo and learner fixtures live in conftest.py)."""
from __future__ import annotations

from portal.demo.seed import DEMO_PASSWORD
from portal.learning.models import Lesson, Module
from tests.helpers import login


def signed_in(app, email: str):
    client = app.test_client()
    response = login(client, email, DEMO_PASSWORD)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


def lesson_named(app, title: str) -> Lesson:
    with app.app_context():
        return Lesson.select(Lesson, Module).join(Module).where(Lesson.title == title).get()
