"""Helpers over the demo data (the demo and learner fixtures live in conftest.py)."""
from __future__ import annotations

from portal.demo.seed import DEMO_PASSWORD
from portal.learning.models import Choice, Lesson, Module, Question
from tests.support.helpers import csrf_token, login


def signed_in(app, email: str):
    client = app.test_client()
    response = login(client, email, DEMO_PASSWORD)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


def lesson_named(app, title: str) -> Lesson:
    with app.app_context():
        return Lesson.select(Lesson, Module).join(Module).where(Lesson.title == title).get()


def questions(app, quiz):
    with app.app_context():
        by_kind = {}
        for question in Question.select().where(Question.lesson == quiz.id):
            choices = list(Choice.select().where(Choice.question == question).order_by(Choice.position))
            by_kind[question.kind] = (question, choices)
        return by_kind


def answers(app, quiz, *, single_right=True, multiple=("Le sécateur", "Le couteau de fleuriste"), text="sifflet"):
    kinds = questions(app, quiz)
    single, single_choices = kinds["single"]
    multi, multi_choices = kinds["multiple"]
    textq, _ = kinds["text"]
    chosen = single_choices[0] if single_right else single_choices[1]
    return {
        f"q{single.id}": str(chosen.id),
        f"q{multi.id}": [str(c.id) for c in multi_choices if c.label in multiple],
        f"q{textq.id}": text,
    }


def submit_quiz(client, quiz, data, **headers):
    """Answer as a browser would: without htmx, the answer redirects to the page showing the attempt."""
    page = f"/lecon/{quiz.id}"
    token = csrf_token(client.get(page).get_data(as_text=True))
    return client.post(f"{page}/quiz", data={**data, "csrf_token": token}, headers=headers, follow_redirects=True)
