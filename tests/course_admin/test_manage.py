"""Staff pages: courses, modules, lessons, the quiz editor and session calendars."""
from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest

from portal.accounts.models import Account
from portal.learning.models import (
    Choice,
    Course,
    Lesson,
    Module,
    ModuleRelease,
    Question,
    SessionTrainer,
    TrainingSession,
)
from portal.reminders import service as reminders
from portal.timeutil import paris_today
from tests.support.helpers import submit
from tests.support.learning_fixtures import lesson_named, signed_in

COURSE = {
    "title": "Compositions de mariage", "slug": "compositions-de-mariage", "objectives": "- Bouquet de mariée",
    "description": "", "prerequisites": "", "duration_hours": "14", "nature": "action de formation",
    "nsf_code": "211", "rncp_code": "", "price_euros": "650", "level": "perfectionnement", "published": "y",
}


@pytest.fixture
def staff(demo):
    return signed_in(demo, "gestion@petale.test")


def count(app, model):
    with app.app_context():
        return model.select().count()


@pytest.mark.parametrize("email, status", [(None, 302), ("apprenant@petale.test", 403),
                                           ("formatrice@petale.test", 403), ("dpo@petale.test", 403)])
def test_staff_pages_are_for_staff_only(demo, email, status):
    client = signed_in(demo, email) if email else demo.test_client()
    for url in ("/gestion/formations", "/gestion/sessions", "/gestion/formations/nouvelle"):
        assert client.get(url).status_code == status


def test_staff_create_a_course_then_a_module_and_a_lesson(demo, staff):
    response = submit(staff, "/gestion/formations/nouvelle", COURSE)
    assert response.status_code == 302
    with demo.app_context():
        course = Course.get(Course.slug == "compositions-de-mariage")
        assert course.price_cents == 65000 and course.duration_hours == 14
    assert "Compositions de mariage" in demo.test_client().get("/").get_data(as_text=True)

    url = f"/gestion/formations/{course.id}/modules"
    response = submit(staff, url, {"module-title": "Le bouquet de mariée", "module-theme": "mariage",
                                   "module-summary": "", "module-position": "1"},
                      page=f"/gestion/formations/{course.id}")
    assert response.status_code == 302
    with demo.app_context():
        module = Module.get(Module.course == course)
    lesson = {"lesson-title": "Les styles", "lesson-kind": "text", "lesson-position": "1",
              "lesson-expected_minutes": "20", "lesson-body": "Du *texte*.", "lesson-pass_mark": "70"}
    response = submit(staff, f"/gestion/modules/{module.id}/lecons", lesson, page=f"/gestion/modules/{module.id}")
    assert response.status_code == 302
    with demo.app_context():
        assert Lesson.get(Lesson.module == module).expected_minutes == 20
    page = demo.test_client().get("/cours/compositions-de-mariage").get_data(as_text=True)
    assert "Les styles" in page and "20 min" in page


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"slug": "Avec Espaces"}, "Minuscules sans accents, chiffres et tirets seulement."),
        ({"slug": "art-floral-les-fondamentaux"}, "Cette adresse de page est déjà utilisée par une autre formation."),
        ({"price_euros": "-3"}, "Entre 0 et 100000 €."),
        ({"duration_hours": "abc"}, "N'est pas une valeur décimale valide."),
        ({"title": ""}, "Ce champ est obligatoire."),
        ({"title": "x" * 200}, "160 caractères au plus."),
        ({"nature": "fête foraine"}, "N'est pas un choix valide."),
    ],
)
def test_course_form_errors_are_shown_and_nothing_is_saved(demo, staff, changes, message):
    before = count(demo, Course)
    response = submit(staff, "/gestion/formations/nouvelle", {**COURSE, **changes})
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert message in html
    assert count(demo, Course) == before


def _words_shown(html: str) -> str:
    """What a reader sees: the text between tags (field names stay in the markup, unseen)."""
    return unescape(re.sub(r"<[^>]*>", " ", re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)))


def test_course_and_lesson_forms_speak_the_staffs_words_not_the_tools(demo, staff):
    with demo.app_context():
        course = Course.get(Course.slug == "art-floral-les-fondamentaux")
        module = Module.get(Module.title == "Les couleurs")
        lesson = Lesson.get(Lesson.module == module)
    for url in ("/gestion/formations/nouvelle", f"/gestion/formations/{course.id}", f"/gestion/modules/{module.id}",
                f"/gestion/lecons/{lesson.id}"):
        shown = _words_shown(staff.get(url).get_data(as_text=True))
        assert "slug" not in shown.lower() and "markdown" not in shown.lower(), url
        assert "Mise en forme : **gras**" in shown, url
    new_course = staff.get("/gestion/formations/nouvelle").get_data(as_text=True)
    assert "Adresse de la page (dans l'URL)" in _words_shown(new_course)


def test_the_course_form_says_how_to_lay_out_a_text_once_and_each_text_field_points_at_it(demo, staff):
    with demo.app_context():
        course = Course.get(Course.slug == "art-floral-les-fondamentaux")
    for url in ("/gestion/formations/nouvelle", f"/gestion/formations/{course.id}"):
        page = staff.get(url).get_data(as_text=True)
        assert _words_shown(page).count("Mise en forme :") == 1, url
        [hint] = re.findall(r'<p class="hint" id="([^"]+)">Mise en forme :', page)
        for name in ("objectives", "description", "prerequisites"):
            [textarea] = re.findall(rf'<textarea[^>]*\bname="{name}"[^>]*>', page)
            described = re.search(r'aria-describedby="([^"]*)"', textarea)
            assert described and hint in described.group(1).split(), (url, name)


def test_a_video_lesson_needs_its_video_and_paths_stay_inside_the_media_folder(demo, staff):
    with demo.app_context():
        module = Module.get(Module.title == "Les couleurs")
    page = f"/gestion/modules/{module.id}"
    base = {"lesson-title": "Vidéo", "lesson-kind": "video", "lesson-position": "3",
            "lesson-expected_minutes": "10", "lesson-pass_mark": "70"}
    missing = submit(staff, f"{page}/lecons", base, page=page)
    assert missing.status_code == 422
    assert "Une leçon vidéo a besoin de sa vidéo." in unescape(missing.get_data(as_text=True))
    escape = submit(staff, f"{page}/lecons", {**base, "lesson-video_path": "../../secret_key"}, page=page)
    assert escape.status_code == 422
    absent = submit(staff, f"{page}/lecons", {**base, "lesson-video_path": "demo/pas-encore-deposee.mp4"}, page=page)
    assert absent.status_code == 422
    assert "Fichier introuvable dans le dossier des médias : demo/pas-encore-deposee.mp4" in \
        unescape(absent.get_data(as_text=True))
    with demo.app_context():
        assert not Lesson.select().where(Lesson.title == "Vidéo").exists()
    present = submit(staff, f"{page}/lecons", {**base, "lesson-video_path": "demo/preparer-les-tiges.mp4"}, page=page)
    assert present.status_code == 302, "a file that is in the media folder is accepted"
    with demo.app_context():
        video = Lesson.get(Lesson.title == "Vidéo")
    form = f"/gestion/lecons/{video.id}"
    edited = submit(staff, form, {
        "title": "Vidéo", "kind": "video", "position": "3", "expected_minutes": "10", "pass_mark": "70",
        "video_path": "demo/preparer-les-tiges.mp4", "captions_path": "demo/absents.vtt"}, page=form)
    assert edited.status_code == 422 and "demo/absents.vtt" in unescape(edited.get_data(as_text=True))
    with demo.app_context():
        assert Lesson.get_by_id(video.id).captions_path is None, "nothing of a refused change is stored"


def test_quiz_editor_adds_edits_and_deletes_questions(demo, staff):
    quiz = lesson_named(demo, "Quiz : outils et préparation")
    page = f"/gestion/lecons/{quiz.id}"
    before = count(demo, Question)
    added = submit(staff, f"{page}/questions", {
        "question-kind": "single", "question-prompt": "Quelle eau pour les fleurs ?",
        "question-choices": "* Fraîche et propre\nTiède et sale",
        "question-explanation": "L'eau propre limite les bactéries.", "question-accepted_answers": "",
    }, page=page)
    assert added.status_code == 302
    with demo.app_context():
        question = Question.get(Question.prompt == "Quelle eau pour les fleurs ?")
        assert [(c.label, c.correct) for c in question.choices.order_by(Choice.position)] == [
            ("Fraîche et propre", True), ("Tiède et sale", False)]
    edit_page = f"/gestion/questions/{question.id}"
    assert "* Fraîche et propre" in staff.get(edit_page).get_data(as_text=True)
    edited = submit(staff, edit_page, {"kind": "multiple", "prompt": "Quelles eaux conviennent ?",
                                       "choices": "* Fraîche\n* Propre\nSale", "explanation": "",
                                       "accepted_answers": ""})
    assert edited.status_code == 302
    with demo.app_context():
        assert Question.get_by_id(question.id).kind == "multiple"
        assert Choice.select().where(Choice.question == question.id, Choice.correct).count() == 2
    deleted = submit(staff, f"/gestion/questions/{question.id}/supprimer", {}, page=page)
    assert deleted.status_code == 302
    assert count(demo, Question) == before


@pytest.mark.parametrize(
    "data, message",
    [
        ({"kind": "single", "choices": "* A\n* B"}, "Une question à choix unique a exactement une bonne réponse."),
        ({"kind": "single", "choices": "* Seule"}, "Donnez au moins deux propositions."),
        ({"kind": "multiple", "choices": "A\nB"}, "Marquez au moins une bonne réponse avec *."),
        ({"kind": "text", "choices": ""}, "Donnez au moins une réponse acceptée."),
        ({"kind": "single", "choices": "* A\n" + "B" * 400}, "Chaque proposition fait entre 1 et 300 caractères."),
    ],
)
def test_quiz_editor_validation(demo, staff, data, message):
    quiz = lesson_named(demo, "Quiz : outils et préparation")
    page = f"/gestion/lecons/{quiz.id}"
    before = count(demo, Question), count(demo, Choice)
    fields = {"prompt": "Question ?", "explanation": "", "accepted_answers": "", **data}
    response = submit(staff, f"{page}/questions", {f"question-{k}": v for k, v in fields.items()}, page=page)
    assert response.status_code == 422
    assert message in unescape(response.get_data(as_text=True))
    assert (count(demo, Question), count(demo, Choice)) == before


def test_questions_only_on_quiz_lessons(demo, staff):
    text = lesson_named(demo, "La spirale")
    response = submit(staff, f"/gestion/lecons/{text.id}/questions", {
        "kind": "single", "prompt": "?", "choices": "* A\nB", "explanation": "", "accepted_answers": ""},
        page=f"/gestion/lecons/{text.id}")
    assert response.status_code == 400
    assert "Seule une leçon de type quiz a des questions." in unescape(response.get_data(as_text=True))


def session_form(demo, **changes):
    with demo.app_context():
        course = Course.get(Course.slug == "art-floral-les-fondamentaux")
        from portal.course_admin.service import trainers

        trainer = next(t for t in trainers() if t.display_name == "Félix")
        modules = list(Module.select().where(Module.course == course).order_by(Module.position))
    data = {"course_id": str(course.id), "title": "Session d'hiver", "starts_on": "2027-01-04",
            "ends_on": "2027-03-31", "trainer_ids": [str(trainer.id)]}
    releases = ["2027-01-04", "2027-01-18", "2027-02-01"]
    data.update({f"release-{m.id}": d for m, d in zip(modules, releases, strict=True)})
    data.update(changes)
    return data, trainer, modules


def test_staff_create_a_session_with_its_calendar_and_trainers(demo, staff):
    data, trainer, modules = session_form(demo)
    response = submit(staff, "/gestion/sessions/nouvelle", data)
    assert response.status_code == 302
    with demo.app_context():
        session = TrainingSession.get(TrainingSession.title == "Session d'hiver")
        releases = {r.module_id: r.release_on.isoformat()
                    for r in ModuleRelease.select().where(ModuleRelease.session == session)}
        assert releases == {modules[0].id: "2027-01-04", modules[1].id: "2027-01-18", modules[2].id: "2027-02-01"}
        assert [t.account_id for t in SessionTrainer.select().where(SessionTrainer.session == session)] == [trainer.id]
    page = staff.get(f"/gestion/sessions/{session.id}").get_data(as_text=True)
    assert 'value="2027-01-18"' in page and "checked" in page


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"ends_on": "2026-12-01"}, "La fin doit suivre le début."),
        ({"starts_on": "04/01/2027x"}, "N'est pas une date valide."),
        ({"trainer_ids": ["00000000-0000-0000-0000-000000000000"]}, "n'est pas un choix valide"),
        ("release-late", "Chaque module doit ouvrir entre le début et la fin de la session."),
        ("release-garbage", "Date d'ouverture illisible"),
    ],
)
def test_session_validation_saves_nothing(demo, staff, changes, message):
    data, _trainer, modules = session_form(demo)
    if changes == "release-late":
        data[f"release-{modules[2].id}"] = "2027-06-01"
    elif changes == "release-garbage":
        data[f"release-{modules[1].id}"] = "bientôt"
    else:
        data.update(changes)
    before = count(demo, TrainingSession), count(demo, ModuleRelease), count(demo, SessionTrainer)
    response = submit(staff, "/gestion/sessions/nouvelle", data)
    assert response.status_code == 422
    assert message.lower() in unescape(response.get_data(as_text=True)).lower()
    assert (count(demo, TrainingSession), count(demo, ModuleRelease), count(demo, SessionTrainer)) == before


def test_a_reminded_learner_s_last_activity_is_the_one_her_participants_row_says(demo, staff):
    """Amélie, who has done nothing yet, read « aucune » among the participants but her enrolment's date beside
    the reminder she was sent: the reminders now say her last activity by the one rule (learning.events)."""
    with demo.app_context():
        session_b = TrainingSession.get(TrainingSession.title == "Session B")
        assert reminders.inactivity_nudges(paris_today() + timedelta(days=10)) >= 1
        amelie = Account.get(Account.display_name == "Amélie")
    for url in (f"/gestion/sessions/{session_b.id}/participants", f"/gestion/sessions/{session_b.id}"):
        page = unescape(staff.get(url).get_data(as_text=True))
        [row] = [r for r in page.split("<tr")[1:] if f"/gestion/apprenants/{amelie.id}" in r.split("</tr>")[0]]
        last = re.search(r'data-label="Dernière activité">([^<]*)<', row)
        assert last and last.group(1) == "aucune", (url, row[:600])


def test_the_lesson_preview_leads_back_to_the_lesson_form_and_the_course_admin(demo, staff):
    with demo.app_context():
        lesson = Lesson.select().first()
        module = lesson.module
    form = unescape(staff.get(f"/gestion/lecons/{lesson.id}").get_data(as_text=True))
    assert f'href="/lecon/{lesson.id}"' in form, "the form's « Aperçu »"
    preview = unescape(staff.get(f"/lecon/{lesson.id}").get_data(as_text=True))
    assert f'href="/gestion/lecons/{lesson.id}"' in preview and "Retour au formulaire de la leçon" in preview
    assert f'href="/gestion/modules/{module.id}"' in preview
    assert f'href="/gestion/formations/{module.course_id}"' in preview
    learner = unescape(signed_in(demo, "apprenant@petale.test").get(f"/lecon/{lesson.id}").get_data(as_text=True))
    assert "Retour au formulaire" not in learner and "/gestion/lecons/" not in learner
