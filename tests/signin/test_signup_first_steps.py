"""Sign-up as a newcomer meets it: the password rule read before the first error, one button to press
on each page, and the address she has just confirmed already typed in the sign-in form."""
from __future__ import annotations

import re
from html import unescape

from tests.support.helpers import SIGNUP, link_in, outbox, run_jobs, submit


def test_the_password_rule_is_shown_before_any_error(client):
    html = unescape(client.get("/inscription").get_data(as_text=True))
    assert "Entre 10 et 128 caractères" in html
    assert 'class="error"' not in html
    assert re.search(r'id="password"[^>]*aria-describedby="password-aide"', html) or \
        re.search(r'aria-describedby="password-aide"[^>]*id="password"', html)


def test_the_sign_up_and_sign_in_pages_offer_no_second_way_to_themselves(client):
    signup = client.get("/inscription").get_data(as_text=True)
    assert signup.count("Créer un compte</a>") == 0 and "Créer mon compte</button>" in signup
    login = client.get("/connexion").get_data(as_text=True)
    assert "Se connecter</a>" not in login and login.count("Se connecter</button>") == 1
    assert "Se connecter</a>" in client.get("/").get_data(as_text=True)


def test_the_first_sign_in_after_confirming_has_her_address_filled_in(app, client):
    submit(client, "/inscription", SIGNUP)
    run_jobs(app)
    confirm_path = link_in(outbox(app)[-1], "/confirmer/")
    assert submit(client, confirm_path, {}).headers["Location"].endswith("/connexion")
    login = client.get("/connexion").get_data(as_text=True)
    assert re.search(r'<input[^>]*value="camille\.rosier@example\.org"', login)
    # Once: the next visit to the form starts empty again.
    assert "camille.rosier@example.org" not in client.get("/connexion").get_data(as_text=True)


def test_the_form_speaks_to_everyone_without_a_masculine_default(client):
    html = unescape(client.get("/inscription").get_data(as_text=True))
    assert "Visible des autres stagiaires de vos sessions" in html and "apprenants" not in html
