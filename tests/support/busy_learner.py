"""A learner with data in every table (sign-up, lessons, a question, a bouquet, an export) and the traces her
erasure must remove."""
from __future__ import annotations

import re
from email import message_from_bytes
from email.policy import default as email_policy
from pathlib import Path

from portal.learning.models import Module, TrainingSession
from tests.support.helpers import csrf_token, link_in, login, outbox, run_jobs, submit

PERSON = {
    "full_name": "Zéphyrine Quetzalcoatl",
    "email": "zephyrine.quetzalcoatl@example.org",
    "phone": "06 98 76 54 32",
    "display_name": "Zéphyrine",
    "password": "un-mot-de-passe-solide",
    "password_confirm": "un-mot-de-passe-solide",
}


TRACES = ["Quetzalcoatl", "zephyrine.quetzalcoatl", "698765432", "98 76 54 32"]
FAREWELL_SUBJECT = "Votre compte Pétale est supprimé"


def her_farewell(path: Path) -> bool:
    """The farewell mail to her in the outbox of a portal without a relay: the one file an erasure leaves that
    names her (the mail sent to her, as a relay would hold it). Every other file must hold nothing of her."""
    if path.parent.name != "outbox" or path.suffix != ".eml":
        return False
    message = message_from_bytes(path.read_bytes(), policy=email_policy)
    return message["Subject"] == FAREWELL_SUBJECT and PERSON["email"] in str(message["To"])


def post(client, url, data, page):
    token = csrf_token(client.get(page).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token})


def a_busy_learner(app):
    """Sign up, confirm, enrol, learn, ask, compose a bouquet: data in every table."""
    from portal.demo.seed import seed

    with app.app_context():
        seed()
    client = app.test_client()
    submit(client, "/inscription", PERSON)
    run_jobs(app)
    submit(client, link_in(outbox(app)[-1], "/confirmer/"), {})
    login(client, PERSON["email"], PERSON["password"])
    with app.app_context():
        session = TrainingSession.get(TrainingSession.title == "Session A")
        course_page = f"/cours/{session.course.slug}"
    post(client, f"{course_page}/inscription", {"session_id": session.id, "funding": "cpf"}, course_page)
    for lesson_id in (1, 2, 3):
        client.get(f"/lecon/{lesson_id}")
    page = client.get("/lecon/2").get_data(as_text=True)
    view = re.search(r'data-view="([^"]+)"', page).group(1)
    post(client, "/lecon/1/terminer", {"view": view}, "/lecon/1")
    with app.app_context():
        colours = Module.get(Module.title == "Les couleurs")
    post(client, f"/forum/module/{colours.id}/questions",
         {"title": "Question de Zéphyrine Quetzalcoatl", "body": "Je suis Zéphyrine Quetzalcoatl, 06 98 76 54 32."},
         f"/forum/module/{colours.id}")
    post(client, "/atelier/1/ajouter", {"choice": "rose-de-jardin|#F9C6C9", "count": "1", "length": "40",
                                        "ring": "0", "direction": "cw", "stripped": "y"}, "/atelier/1")
    post(client, "/atelier/1/soumettre", {}, "/atelier/1")
    post(client, "/mes-donnees/export", {}, "/mes-donnees")
    run_jobs(app)
    run_jobs(app)
    assert list((Path(app.instance_path) / "exports").rglob("*.zip")), "an export file exists before deletion"
    return client


def delete(client):
    return post(client, "/mes-donnees/suppression", {"password": PERSON["password"], "understood": "y"},
                "/mes-donnees/suppression")
