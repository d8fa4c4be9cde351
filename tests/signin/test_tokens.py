"""Confirmation and password-reset links: signed, expiring, single use."""
from __future__ import annotations

import time

from portal.accounts import tokens
from portal.accounts.models import Account
from tests.support.helpers import SIGNUP, link_in, login, outbox, run_jobs, submit


def signed_up(app, client) -> str:
    submit(client, "/inscription", SIGNUP)
    run_jobs(app)
    return link_in(outbox(app)[-1], "/confirmer/")


def test_confirmation_link_works_once(app, client):
    path = signed_up(app, client)
    assert submit(client, path, {}).status_code == 302
    replay = client.get(path)
    assert replay.status_code == 400
    assert "Ce lien a déjà été utilisé." in replay.get_data(as_text=True)


def test_tampered_link_is_refused_and_confirms_nothing(app, client):
    path = signed_up(app, client)
    tampered = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")
    response = client.get(tampered)
    assert response.status_code == 400
    assert "Ce lien n&#39;est pas valide" in response.get_data(as_text=True)
    with app.app_context():
        assert Account.get().confirmed_at is None


def test_confirmation_link_expires_after_48_hours(app, client, monkeypatch):
    with app.app_context():
        signed_up(app, client)
        account = Account.get()
        issued_at = time.time() - 48 * 3600 - 5
        monkeypatch.setattr("itsdangerous.timed.time.time", lambda: issued_at)
        old = tokens.issue(tokens.CONFIRM_EMAIL, account.id)
        monkeypatch.undo()
    response = client.get(f"/confirmer/{old}")
    assert response.status_code == 400
    assert "Ce lien a expiré" in response.get_data(as_text=True)
    # POSTing the expired link changes nothing either.
    html = client.get("/connexion").get_data(as_text=True)
    from tests.support.helpers import csrf_token

    assert client.post(f"/confirmer/{old}", data={"csrf_token": csrf_token(html)}).status_code == 400
    with app.app_context():
        assert Account.get().confirmed_at is None


def test_a_token_for_one_purpose_cannot_serve_another(app, client):
    path = signed_up(app, client)
    confirm_token = path.rsplit("/", 1)[1]
    response = client.get(f"/mot-de-passe/nouveau/{confirm_token}")
    assert response.status_code == 400


def confirmed_account(app, client):
    path = signed_up(app, client)
    submit(client, path, {})


def test_password_reset_by_single_use_link_ends_other_sessions(app, client):
    confirmed_account(app, client)
    other_device = app.test_client()
    assert login(other_device, SIGNUP["email"], SIGNUP["password"]).status_code == 302
    assert other_device.get("/mon-espace").status_code == 200

    answer = submit(client, "/mot-de-passe-oublie", {"email": SIGNUP["email"].upper()})
    assert "Si un compte existe pour cette adresse" in answer.get_data(as_text=True)
    run_jobs(app)
    reset_path = link_in(outbox(app)[-1], "/mot-de-passe/nouveau/")
    new_password = "un-tout-nouveau-secret"
    done = submit(client, reset_path, {"password": new_password, "password_confirm": new_password})
    assert done.status_code == 302 and done.headers["Location"].endswith("/connexion")

    assert other_device.get("/mon-espace").status_code == 302, "the old session is over"
    assert login(client, SIGNUP["email"], SIGNUP["password"]).status_code == 401
    assert login(client, SIGNUP["email"], new_password).status_code == 302

    replay = client.get(reset_path)
    assert replay.status_code == 400
    run_jobs(app)
    assert outbox(app)[-1]["Subject"] == "Votre mot de passe Pétale a été changé"


def test_reset_link_expires_after_one_hour(app, client, monkeypatch):
    confirmed_account(app, client)
    with app.app_context():
        account = Account.get()
        issued_at = time.time() - 3601
        monkeypatch.setattr("itsdangerous.timed.time.time", lambda: issued_at)
        old = tokens.issue(tokens.RESET_PASSWORD, account.id)
        monkeypatch.undo()
    response = client.get(f"/mot-de-passe/nouveau/{old}")
    assert response.status_code == 400 and "Ce lien a expiré" in response.get_data(as_text=True)


def test_reset_request_for_unknown_address_looks_the_same_and_sends_nothing(app, client):
    answer = submit(client, "/mot-de-passe-oublie", {"email": "personne@example.org"})
    assert answer.status_code == 200
    assert "Si un compte existe pour cette adresse" in answer.get_data(as_text=True)
    assert run_jobs(app) == 0 and outbox(app) == []


def test_reset_form_errors_keep_the_token_usable(app, client):
    confirmed_account(app, client)
    submit(client, "/mot-de-passe-oublie", {"email": SIGNUP["email"]})
    run_jobs(app)
    reset_path = link_in(outbox(app)[-1], "/mot-de-passe/nouveau/")
    bad = submit(client, reset_path, {"password": "court", "password_confirm": "court"})
    assert bad.status_code == 422 and "Il manque 5 caractères." in bad.get_data(as_text=True)
    good = submit(client, reset_path, {"password": "bien-plus-long-ok", "password_confirm": "bien-plus-long-ok"})
    assert good.status_code == 302
