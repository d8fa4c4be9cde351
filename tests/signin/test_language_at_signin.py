"""The language a person reads in before signing in is not silently swapped at sign-in: her latest explicit
choice (the footer's switch on the public pages) becomes her account's, and the first page says which language
is used and where to change it."""
from __future__ import annotations

import re
from html import unescape

import pyotp

from portal.accounts.models import Account
from portal.demo.seed import DEMO_PASSWORD
from portal.i18n import COOKIE
from tests.support.helpers import SIGNUP, login, outbox, run_jobs, submit
from tests.support.learning_fixtures import signed_in

LEARNER = "apprenant@petale.test"


def language_of(app, display_name: str = "Antoine") -> str:
    with app.app_context():
        return Account.get(Account.display_name == display_name).language


def first_page(client, response) -> str:
    assert response.status_code == 302, response.status_code
    return unescape(client.get(response.headers["Location"]).get_data(as_text=True))


def test_english_chosen_before_signing_in_is_kept_on_the_account_and_said(demo):
    client = demo.test_client()
    submit(client, "/langue", {"langue": "en", "next": "/connexion"}, page="/connexion")
    assert language_of(demo) == "fr"
    page = first_page(client, login(client, LEARNER, DEMO_PASSWORD))
    assert 'lang="en"' in page and "My courses" in page, "still English after signing in"
    assert ("Language kept: your account is now in English, as you chose before signing in. You can change it "
            "at the bottom of every page.") in page
    assert language_of(demo) == "en", "her latest choice is her account's: mails and other devices follow"
    assert "Language kept" not in client.get("/mon-espace").get_data(as_text=True), "said once"


def test_a_language_remembered_from_an_earlier_visit_yields_to_the_account_and_the_page_says_so(demo):
    """The browser's cookie may be months old (another person on a shared computer): without a choice in this
    visit the account's language is used, and the first page says it, in that language."""
    client = demo.test_client()
    client.set_cookie(COOKIE, "en")
    assert 'lang="en"' in client.get("/connexion").get_data(as_text=True)
    page = first_page(client, login(client, LEARNER, DEMO_PASSWORD))
    assert 'lang="fr"' in page
    assert ("Pétale s'affiche en français, la langue de votre compte. Vous pouvez en changer en bas de chaque "
            "page.") in page
    assert language_of(demo) == "fr"


def test_nothing_is_said_when_the_language_does_not_change(demo):
    client = demo.test_client()
    page = first_page(client, login(client, LEARNER, DEMO_PASSWORD))
    assert "la langue de votre compte" not in page and "Langue gardée" not in page


def test_a_choice_made_signed_in_then_signed_out_is_not_taken_for_a_new_one(demo):
    """Choosing while signed in changes the account at once; after signing out, signing in again is no new
    choice (the mark of a choice before sign-in went with the session)."""
    client = demo.test_client()
    login(client, LEARNER, DEMO_PASSWORD)
    submit(client, "/langue", {"langue": "en", "next": "/mon-espace"}, page="/mon-espace")
    submit(client, "/deconnexion", {}, page="/mon-espace")
    with demo.app_context():
        Account.update(language="fr").where(Account.display_name == "Antoine").execute()  # from another device
    page = first_page(client, login(client, LEARNER, DEMO_PASSWORD))
    assert language_of(demo) == "fr" and "la langue de votre compte" in page


def test_signing_up_in_english_makes_an_english_account(app):
    client = app.test_client()
    submit(client, "/langue", {"langue": "en", "next": "/inscription"}, page="/inscription")
    assert submit(client, "/inscription", SIGNUP).status_code == 302
    assert language_of(app, SIGNUP["display_name"]) == "en"
    run_jobs(app)
    [message] = outbox(app)
    assert message["Subject"] != "Confirmez votre inscription sur Pétale", "her confirmation mail is in English"


def test_the_choice_is_kept_through_the_second_step_of_a_two_factor_sign_in(demo):
    settings = signed_in(demo, LEARNER)
    html = settings.get("/profil/securite/double-authentification").get_data(as_text=True)
    secret = re.search(r"<code>([A-Z2-7]{32})</code>", html).group(1)
    done = submit(settings, "/profil/securite/double-authentification", {"code": pyotp.TOTP(secret).now()})
    recovery = re.findall(r"<code>([0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4})</code>", done.get_data(as_text=True))[0]
    client = demo.test_client()
    submit(client, "/langue", {"langue": "en", "next": "/connexion"}, page="/connexion")
    assert login(client, LEARNER, DEMO_PASSWORD).headers["Location"].endswith("/connexion/code")
    page = first_page(client, submit(client, "/connexion/code", {"code": recovery}))
    assert "Language kept: your account is now in English" in page and language_of(demo) == "en"
