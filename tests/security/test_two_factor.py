"""Two-factor authentication: set up with a QR code, ten single-use recovery codes, asked at every login
and before sensitive actions, turned off only with the password and a code."""
from __future__ import annotations

import re
from html import unescape

import pyotp

from portal.security.models import SecurityEvent
from tests.support.helpers import login, outbox, run_jobs, submit
from tests.support.learning_fixtures import signed_in

KNOWN = "apprenant@petale.test"


def enable(app):
    client = signed_in(app, KNOWN)
    page = client.get("/profil/securite/double-authentification")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<svg" in html, "the QR code is inline SVG"
    secret = re.search(r"<code>([A-Z2-7]{32})</code>", html).group(1)
    wrong = submit(client, "/profil/securite/double-authentification", {"code": "000000"})
    assert wrong.status_code == 422 and "ne correspond pas" in unescape(wrong.get_data(as_text=True))
    done = submit(client, "/profil/securite/double-authentification", {"code": pyotp.TOTP(secret).now()})
    codes = re.findall(r"<code>([0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4})</code>", done.get_data(as_text=True))
    assert len(codes) == 10 and len(set(codes)) == 10
    return client, secret, codes


def second_step(app, code: str):
    client = app.test_client()
    first = login(client, KNOWN, "petale-demo")
    assert first.status_code == 302 and first.headers["Location"].endswith("/connexion/code")
    assert client.get("/mon-espace").status_code == 302, "not signed in before the code"
    return client, submit(client, "/connexion/code", {"code": code})


def test_once_enabled_every_login_asks_for_a_code(demo):
    _, secret, codes = enable(demo)
    run_jobs(demo)
    assert any(m["Subject"] == "Double authentification activée" for m in outbox(demo))
    client, bad = second_step(demo, "123456")
    assert bad.status_code == 401 and "Code incorrect" in unescape(bad.get_data(as_text=True))
    code = pyotp.TOTP(secret).now()  # the same string twice: a new 30-second step would bring a new code
    client, good = second_step(demo, code)
    assert good.status_code == 302 and client.get("/mon-espace").status_code == 200
    _, replay = second_step(demo, code)
    assert replay.status_code == 401, "a code is accepted once"
    client, recovery = second_step(demo, codes[0].upper())
    assert recovery.status_code == 302 and client.get("/mon-espace").status_code == 200
    _, reused = second_step(demo, codes[0])
    assert reused.status_code == 401, "a recovery code is single-use"
    with demo.app_context():
        kinds = {e.kind for e in SecurityEvent.select()}
        assert {"totp_enabled", "recovery_code_used", "login_succeeded", "login_failed"} <= kinds


def test_five_wrong_codes_lock_the_second_step(demo):
    enable(demo)
    for _ in range(5):
        second_step(demo, "000000")
    client, locked = second_step(demo, "000000")
    assert locked.status_code == 302 and locked.headers["Location"].endswith("/connexion")
    assert "suspendues" in unescape(client.get("/connexion").get_data(as_text=True))


def test_a_stale_second_step_starts_over(demo):
    client = demo.test_client()
    assert client.get("/connexion/code").headers["Location"].endswith("/connexion")


def test_sensitive_actions_ask_for_a_code(demo):
    client, _secret, codes = enable(demo)
    change = {"current_password": "petale-demo", "password": "un-nouveau-mot-de-passe",
              "password_confirm": "un-nouveau-mot-de-passe"}
    refused = submit(client, "/profil/securite/mot-de-passe", {**change, "code": "999999"}, page="/profil/securite")
    assert refused.status_code == 422
    assert "double authentification incorrect" in unescape(refused.get_data(as_text=True))
    email = submit(client, "/profil/adresse", {"email": "nouvelle@example.org", "code": ""}, page="/profil")
    assert email.status_code == 422
    deletion = submit(client, "/mes-donnees/suppression", {"password": "petale-demo", "understood": "y",
                                                          "code": "111111"}, page="/mes-donnees/suppression")
    assert deletion.status_code == 401 and "le compte n'a pas été supprimé" in unescape(deletion.get_data(as_text=True))
    assert client.get("/mon-espace").status_code == 200
    ok = submit(client, "/profil/securite/mot-de-passe", {**change, "code": codes[1]}, page="/profil/securite")
    assert ok.status_code == 302


def test_turning_it_off_needs_the_password_and_a_code(demo):
    client, _secret, codes = enable(demo)
    no_code = submit(client, "/profil/securite/double-authentification/desactiver",
                     {"password": "petale-demo", "code": "000000"}, page="/profil/securite")
    assert no_code.status_code == 422 and "reste active" in unescape(no_code.get_data(as_text=True))
    no_password = submit(client, "/profil/securite/double-authentification/desactiver",
                         {"password": "wrong", "code": codes[2]}, page="/profil/securite")
    assert no_password.status_code == 422
    off = submit(client, "/profil/securite/double-authentification/desactiver",
                 {"password": "petale-demo", "code": codes[3]}, page="/profil/securite")
    assert off.status_code == 302
    assert login(demo.test_client(), KNOWN, "petale-demo").headers["Location"].endswith("/mon-espace")
    run_jobs(demo)
    assert any(m["Subject"] == "Double authentification désactivée" for m in outbox(demo))
