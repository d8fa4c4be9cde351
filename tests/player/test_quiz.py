"""Quizzes: graded on the server, every attempt kept, tampering refused with nothing recorded."""
from __future__ import annotations

from html import unescape

import pytest

from portal.learning import xapi
from portal.learning.models import LearningEvent, Lesson, Question, QuizAttempt
from tests.support.helpers import csrf_token
from tests.support.learning_fixtures import answers, lesson_named, questions, signed_in, submit_quiz


@pytest.fixture
def quiz(demo):
    return lesson_named(demo, "Quiz : outils et préparation")


def attempts(app):
    with app.app_context():
        return QuizAttempt.select().count(), LearningEvent.select().where(LearningEvent.verb == xapi.ATTEMPTED).count()


def test_all_right_scores_100_passes_and_records_an_xapi_attempt(demo, learner, quiz):
    before = attempts(demo)
    response = submit_quiz(learner, quiz, answers(demo, quiz))
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "Votre score : 100 %." in html and "Quiz réussi !" in html
    assert html.count("Bonne réponse.") == 3
    assert attempts(demo) == (before[0] + 1, before[1] + 1)
    with demo.app_context():
        event = (LearningEvent.select().where(LearningEvent.verb == xapi.ATTEMPTED)
                 .order_by(LearningEvent.id.desc()).get())
        import json

        result = json.loads(event.result)
        assert result["score"]["scaled"] == 1.0 and result["success"] is True


def test_partial_answers_are_graded_per_question_with_explanations(demo, learner, quiz):
    response = submit_quiz(learner, quiz, answers(demo, quiz, multiple=("Le sécateur",), text="  EN SIFFLET "))
    html = unescape(response.get_data(as_text=True))
    assert "Votre score : 67 %." in html and "Pas encore" in html
    assert "Réponse incorrecte. Sécateur et couteau coupent" in html
    assert html.count("Bonne réponse.") == 2, "case, accents and spaces do not matter in short answers"
    with demo.app_context():
        attempt = QuizAttempt.select().order_by(QuizAttempt.id.desc()).get()
        assert attempt.score == 67 and not attempt.passed


def test_an_htmx_submission_gets_only_the_quiz_block(demo, learner, quiz):
    response = submit_quiz(learner, quiz, answers(demo, quiz), **{"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<form id="quiz"') and "<html" not in html
    assert "Votre score : 100 %." in unescape(html)
    assert "HX-Request" in response.headers.get("Vary", "")


@pytest.mark.parametrize(
    "tamper, message",
    [
        ("missing", "Répondez à toutes les questions avant de valider."),
        ("unknown-choice", "Une réponse ne correspond à aucune proposition de la question."),
        ("choice-of-other-question", "Une réponse ne correspond à aucune proposition de la question."),
        ("two-for-single", "Une seule réponse est attendue pour une question à choix unique."),
        ("other-quiz-question", "Ces réponses ne correspondent pas à ce quiz."),
        ("huge-text", "Une réponse est trop longue (200 caractères au plus)."),
    ],
)
def test_tampered_submissions_are_refused_and_nothing_is_recorded(demo, learner, quiz, tamper, message):
    data = answers(demo, quiz)
    kinds = questions(demo, quiz)
    single, single_choices = kinds["single"]
    _multi, multi_choices = kinds["multiple"]
    textq, _ = kinds["text"]
    if tamper == "missing":
        del data[f"q{textq.id}"]
    elif tamper == "unknown-choice":
        data[f"q{single.id}"] = "999999"
    elif tamper == "choice-of-other-question":
        data[f"q{single.id}"] = str(multi_choices[0].id)
    elif tamper == "two-for-single":
        data[f"q{single.id}"] = [str(single_choices[0].id), str(single_choices[1].id)]
    elif tamper == "other-quiz-question":
        with demo.app_context():
            other_lesson = Lesson.get(Lesson.title == "Le cercle chromatique")
            foreign = Question.create(lesson=other_lesson, position=1, kind="text", prompt="?", accepted_answers="x")
        data[f"q{foreign.id}"] = "x"
    elif tamper == "huge-text":
        data[f"q{textq.id}"] = "a" * 5000
    before = attempts(demo)
    response = submit_quiz(learner, quiz, data)
    assert response.status_code == 422
    assert message in unescape(response.get_data(as_text=True))
    assert attempts(demo) == before


def test_a_refused_quiz_comes_back_with_her_answers_chosen_and_words_beside_the_question_left(demo, quiz):
    """Refused (a question left blank, answers too old): her answers come back as she chose them, to
    correct and send again, and each question left says so beside it."""
    learner = signed_in(demo, "apprenante2@petale.test")  # no attempt yet
    data = answers(demo, quiz)
    kinds = questions(demo, quiz)
    _single, single_choices = kinds["single"]
    multi, multi_choices = kinds["multiple"]
    del data[f"q{multi.id}"]
    response = submit_quiz(learner, quiz, data)
    assert response.status_code == 422
    html = unescape(response.get_data(as_text=True))
    assert html.count("Cette question attend votre réponse.") == 2  # beside it, and the words the script uses
    beside = html[html.index("Quels outils"):html.index("Comment appelle-t-on")]
    assert '<p class="error left">Cette question attend votre réponse.</p>' in beside
    assert f'value="{single_choices[0].id}" checked' in html
    assert not any(f'value="{choice.id}" checked' in html for choice in multi_choices)
    assert 'value="sifflet"' in html and "Valider mes réponses" in html

    too_old = submit_quiz(learner, quiz, {**answers(demo, quiz), "age": str(13 * 3600 * 1000)})
    html = unescape(too_old.get_data(as_text=True))
    assert too_old.status_code == 422 and "Envoi trop ancien pour être compté." in html
    assert f'value="{single_choices[0].id}" checked' in html and 'value="sifflet"' in html
    assert all(f'value="{choice.id}" checked' in html for choice in multi_choices[:2])
    assert "Cette question attend votre réponse.</p>" not in html


def test_answers_to_a_quiz_of_another_course_are_refused(demo, quiz):
    client = signed_in(demo, "apprenante2@petale.test")
    with demo.app_context():
        from datetime import timedelta

        from portal.learning.models import ModuleRelease, TrainingSession
        from portal.timeutil import utcnow

        # apprenante2 follows session B, where the quiz's module is already released.
        session_b = TrainingSession.get(TrainingSession.title == "Session B")
        ModuleRelease.update(release_on=utcnow().date() - timedelta(days=1)).where(
            ModuleRelease.session == session_b).execute()
    advanced = lesson_named(demo, "Les fleurs de printemps")
    page = f"/lecon/{quiz.id}"
    token = csrf_token(client.get(page).get_data(as_text=True))
    before = attempts(demo)
    response = client.post(f"/lecon/{advanced.id}/quiz", data={"csrf_token": token, **answers(demo, quiz)})
    assert response.status_code == 403
    assert attempts(demo) == before


def test_the_attempt_limit_is_enforced(demo, quiz):
    learner = signed_in(demo, "apprenante2@petale.test")  # no attempt yet
    with demo.app_context():
        Lesson.update(max_attempts=1).where(Lesson.id == quiz.id).execute()
    assert submit_quiz(learner, quiz, answers(demo, quiz, single_right=False)).status_code == 200
    html = unescape(learner.get(f"/lecon/{quiz.id}").get_data(as_text=True))
    assert "Vous avez utilisé toutes les tentatives de ce quiz." in html and "Valider mes réponses" not in html
    before = attempts(demo)
    refused = submit_quiz(learner, quiz, answers(demo, quiz))
    assert refused.status_code == 422 and attempts(demo) == before


def test_passing_the_quiz_completes_the_lesson(demo, quiz):
    client = signed_in(demo, "apprenante2@petale.test")
    from portal.learning.models import LessonProgress

    submit_quiz(client, quiz, answers(demo, quiz))
    with demo.app_context():
        from portal.vault.service import account_id_for_email

        account_id = account_id_for_email("apprenante2@petale.test")
        progress = LessonProgress.get((LessonProgress.account_id == account_id) & (LessonProgress.lesson == quiz.id))
        assert progress.completed_at is not None
