"""The demo's mailbox: under `make run` (PETALE_DEMO, no relay) the mails are files; a newcomer reads the
ones sent to the address she just used, links clickable, and goes on. Outside the demo it does not exist."""
from __future__ import annotations

from html import unescape

from tests.support.helpers import SIGNUP, login, run_jobs, submit

MAILBOX = "/demo/boite-de-reception"


def test_without_the_demo_the_mailbox_is_not_found_nor_offered(app, client):
    assert client.get(MAILBOX).status_code == 404
    sent = submit(client, "/inscription", SIGNUP)
    page = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert MAILBOX not in page and "Mode démonstration" not in page
    run_jobs(app)
    assert client.get(MAILBOX).status_code == 404


def test_in_the_demo_the_newcomer_reads_her_confirmation_and_follows_its_link(make_app):
    app = make_app(DEMO_MODE=True)
    client = app.test_client()
    other = app.test_client()
    submit(other, "/inscription", {**SIGNUP, "email": "quelqu.un@example.org", "full_name": "Quelqu'un Autre"})
    sent = submit(client, "/inscription", SIGNUP)
    page = unescape(client.get(sent.headers["Location"]).get_data(as_text=True))
    assert "Mode démonstration" in page and f'href="{MAILBOX}"' in page
    run_jobs(app)

    box = unescape(client.get(MAILBOX).get_data(as_text=True))
    assert SIGNUP["email"] in box
    assert box.count("Confirmez votre inscription sur Pétale") == 1, "only the mails to her address"
    assert "quelqu.un@example.org" not in box
    link = next(part.split('"', 1)[0] for part in box.split('<a href="')[1:] if "/confirmer/" in part)
    path = "/confirmer/" + link.split("/confirmer/", 1)[1]
    assert submit(client, path, {}).status_code == 302
    assert login(client, SIGNUP["email"], SIGNUP["password"]).headers["Location"].endswith("/mon-espace")


def test_in_the_demo_the_confirmation_page_offers_the_mailbox_of_the_signed_in_address(make_app):
    app = make_app(DEMO_MODE=True)
    client = app.test_client()
    submit(client, "/inscription", SIGNUP)
    login(client, SIGNUP["email"], SIGNUP["password"])  # a fresh session: the address typed is forgotten
    page = client.get("/confirmation-requise").get_data(as_text=True)
    assert f'href="{MAILBOX}"' in page
    submit(client, "/confirmation-requise", {})
    run_jobs(app)
    box = unescape(client.get(MAILBOX).get_data(as_text=True))
    assert box.count("Confirmez votre inscription sur Pétale") == 2
