"""A trainer's answer to her question is shown in her space, not only mailed: « Réponse de … à votre question
… » until she reads it (from that line, or by answering in the thread)."""
from __future__ import annotations

from html import unescape

from portal.forum.models import Thread
from portal.learning.models import Module
from tests.support.helpers import csrf_token
from tests.support.learning_fixtures import signed_in


def post(client, url, data, page):
    token = csrf_token(client.get(page).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token})


def test_her_space_shows_a_new_answer_until_she_reads_it(demo):
    learner = signed_in(demo, "apprenant@petale.test")
    with demo.app_context():
        colours = Module.get(Module.title == "Les couleurs")
    page = f"/forum/module/{colours.id}"
    post(learner, f"{page}/questions", {"title": "Vert et blanc ?", "body": "Le vert compte-t-il ?"}, page)
    with demo.app_context():
        thread = Thread.get(Thread.title == "Vert et blanc ?")
    line = "à votre question « Vert et blanc ? »"
    assert line not in unescape(learner.get("/mon-espace").get_data(as_text=True)), "no answer yet"

    trainer = signed_in(demo, "formatrice@petale.test")
    post(trainer, f"/forum/sujet/{thread.id}/reponses", {"body": "Non, c'est un neutre."}, "/formateur")
    space = unescape(learner.get("/mon-espace").get_data(as_text=True))
    assert line in space and "Réponse de " in space.split(line)[0][-80:]
    assert f'action="/forum/sujet/{thread.id}/lu"' in space and "Lire la réponse" in space
    assert line not in unescape(signed_in(demo, "apprenante2@petale.test").get("/mon-espace")
                                .get_data(as_text=True)), "her question, her space only"

    read = post(learner, f"/forum/sujet/{thread.id}/lu", {}, "/mon-espace")
    assert read.status_code == 303 and read.headers["Location"].endswith(f"/forum/sujet/{thread.id}#fin")
    assert line not in unescape(learner.get("/mon-espace").get_data(as_text=True))

    # A second answer is new again; answering in the thread herself reads it.
    post(trainer, f"/forum/sujet/{thread.id}/reponses", {"body": "Le blanc aussi."}, "/formateur")
    assert line in unescape(learner.get("/mon-espace").get_data(as_text=True))
    post(learner, f"/forum/sujet/{thread.id}/reponses", {"body": "Merci !"}, f"/forum/sujet/{thread.id}")
    assert line not in unescape(learner.get("/mon-espace").get_data(as_text=True))


def test_another_learner_cannot_mark_a_question_she_did_not_ask(demo):
    learner = signed_in(demo, "apprenant@petale.test")
    with demo.app_context():
        colours = Module.get(Module.title == "Les couleurs")
    page = f"/forum/module/{colours.id}"
    post(learner, f"{page}/questions", {"title": "Rose et vert ?", "body": "Vraiment ?"}, page)
    with demo.app_context():
        thread = Thread.get(Thread.title == "Rose et vert ?")
    post(signed_in(demo, "formatrice@petale.test"), f"/forum/sujet/{thread.id}/reponses", {"body": "Oui."},
         "/formateur")
    other = signed_in(demo, "apprenante2@petale.test")
    answered = post(other, f"/forum/sujet/{thread.id}/lu", {}, "/mon-espace")
    assert answered.status_code in (303, 404)
    assert "« Rose et vert ? »" in unescape(learner.get("/mon-espace").get_data(as_text=True))
