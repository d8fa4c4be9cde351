"""Sign-up, email confirmation and the first visit to the learner space."""
from __future__ import annotations

from html import unescape

import pytest

from portal.accounts.models import Account
from tests.support.helpers import SIGNUP, link_in, login, outbox, run_jobs, submit, text_of


def signup(client, **changes):
    return submit(client, "/inscription", {**SIGNUP, **changes})


def test_new_learner_signs_up_confirms_and_sees_the_learner_space(app, client):
    response = signup(client)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/inscription/verifiez-vos-courriels")

    assert run_jobs(app) == 1
    [message] = outbox(app)
    assert message["To"] == "Camille Rosier <camille.rosier@example.org>"
    assert message["Subject"] == "Confirmez votre inscription sur Pétale"
    assert message.get_body(preferencelist=("html",)) is not None
    confirm_path = link_in(message, "/confirmer/")

    page = client.get(confirm_path)
    assert page.status_code == 200 and "Confirmer mon adresse" in page.get_data(as_text=True)
    with app.app_context():
        assert Account.get().confirmed_at is None, "a GET must not confirm (mail scanners follow links)"
    confirmed = submit(client, confirm_path, {})
    assert confirmed.status_code == 302

    logged_in = login(client, "Camille.Rosier@Example.org", SIGNUP["password"])
    assert logged_in.status_code == 302 and logged_in.headers["Location"].endswith("/mon-espace")
    space = client.get("/mon-espace").get_data(as_text=True)
    assert "Bonjour Camille" in space
    assert "Vous n'avez aucune inscription" in space
    assert 'lang="fr"' in space


def test_unconfirmed_account_can_only_reach_the_confirmation_page(app, client):
    signup(client)
    assert login(client, SIGNUP["email"], SIGNUP["password"]).status_code == 302
    response = client.get("/mon-espace")
    assert response.status_code == 302 and response.headers["Location"].endswith("/confirmation-requise")
    page = client.get("/confirmation-requise").get_data(as_text=True)
    assert "Confirmez votre adresse" in page

    resend = submit(client, "/confirmation-requise", {})
    assert resend.status_code == 302
    run_jobs(app)
    assert [m["Subject"] for m in outbox(app)] == ["Confirmez votre inscription sur Pétale"] * 2


def test_signup_stores_identity_in_the_vault_and_only_a_pseudonym_in_main(app, client):
    from portal.db import main_db
    from portal.vault import service as vault

    signup(client)
    with app.app_context():
        account = Account.get()
        assert account.display_name == "Camille" and account.role == "learner"
        contact = vault.mail_contact(account.id)
        assert contact.full_name == "Camille Rosier"
        for table in main_db.get_tables():
            rows = main_db.execute_sql(f'SELECT * FROM "{table}"').fetchall()
            dump = repr(rows)
            assert "Rosier" not in dump and "example.org" not in dump and "612345678" not in dump, table


def test_existing_email_gets_the_same_answer_and_its_owner_is_mailed(app, client):
    signup(client)
    run_jobs(app)
    second = signup(client, email="CAMILLE.ROSIER@example.org", full_name="Quelqu'un d'autre")
    assert second.status_code == 302
    assert second.headers["Location"].endswith("/inscription/verifiez-vos-courriels")
    run_jobs(app)
    messages = outbox(app)
    assert len(messages) == 2
    assert messages[1]["Subject"] == "Une inscription a été tentée avec votre adresse"
    assert "Bonjour Camille Rosier" in text_of(messages[1])
    with app.app_context():
        assert Account.select().count() == 1


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("06 12 34 56 78", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("01.42.00.00.01", "+33142000001"),
        ("+32 470 12 34 56", "+32470123456"),
        ("+1 202 555 0143", "+12025550143"),
    ],
)
def test_phone_numbers_french_and_international_are_normalised(app, client, typed, stored):
    from portal.vault.models import Identity

    assert signup(client, phone=typed).status_code == 302
    with app.app_context():
        assert Identity.get().phone == stored


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"email": "pas-une-adresse"}, "email", "n'est pas valide\u00a0: il manque le signe @."),
        ({"email": "a@b"}, "email", "après le signe @, il faut un domaine avec un point"),
        ({"email": "lea@exa mple.fr"}, "email", "vérifiez qu'elle s'écrit comme prenom.nom@exemple.fr"),
        ({"phone": "12345"}, "phone", "Ce numéro de téléphone n'est pas valide."),
        ({"phone": "+33 6 12"}, "phone", "Ce numéro de téléphone n'est pas valide."),
        ({"phone": "téléphone"}, "phone", "Ce numéro de téléphone n'est pas valide."),
        ({"full_name": "x" * 121}, "full_name", "120 caractères au plus."),
        ({"full_name": ""}, "full_name", "Ce champ est obligatoire."),
        ({"display_name": "A"}, "display_name", "Entre 2 et 40 caractères."),
        ({"password": "court", "password_confirm": "court"}, "password", "Il manque 5 caractères."),
        ({"password_confirm": "autre-chose-encore"}, "password_confirm", "Les deux mots de passe diffèrent."),
        ({"email": "x" * 250 + "@example.org"}, "email", "254 caractères au plus."),
    ],
)
def test_bad_input_is_refused_in_french_with_the_other_fields_kept(app, client, changes, field, message):
    response = signup(client, **changes)
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert message in html
    assert f'id="{field}-erreur"' in html
    kept = 'value="Camille"' if field != "display_name" else 'value="Camille Rosier"'
    assert kept in html, "the user's other input is kept"
    with app.app_context():
        assert Account.select().count() == 0
    assert run_jobs(app) == 0


def test_missing_fields_and_unicode_names(app, client):
    html = client.get("/inscription").get_data(as_text=True)
    from tests.support.helpers import csrf_token

    empty = client.post("/inscription", data={"csrf_token": csrf_token(html)})
    assert empty.status_code == 422 and "Ce champ est obligatoire." in empty.get_data(as_text=True)

    ok = signup(client, full_name="Zoé Ñúñez-Lefèvre 王", display_name="Zoé 🌸")
    assert ok.status_code == 302
    from portal.vault.models import Identity

    with app.app_context():
        assert Identity.get().full_name == "Zoé Ñúñez-Lefèvre 王"
        assert Account.get().display_name == "Zoé 🌸"


def test_signup_form_fields_have_the_right_types_and_autocomplete(client):
    html = client.get("/inscription").get_data(as_text=True)
    for fragment in [
        'autocomplete="name"', 'type="email"', 'autocomplete="email"', 'type="tel"', 'autocomplete="tel"',
        'autocomplete="new-password"', 'type="password"', 'maxlength="120"',
    ]:
        assert fragment in html, fragment
    assert "adresse postale" not in html.lower()


def test_a_reserved_domain_is_refused_saying_it_cannot_receive_mail(app, client):
    response = signup(client, email="lea@example.test")
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "le domaine «\u00a0example.test\u00a0» est réservé" in html
    assert "ne peut pas recevoir de courriel" in html


def test_demo_mode_accepts_the_test_domains_its_own_accounts_use(make_app):
    app = make_app(DEMO_MODE=True)
    response = signup(app.test_client(), email="lea@petale.test")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/inscription/verifiez-vos-courriels")


def test_a_password_error_says_what_is_wrong_not_the_rule_shown_above_it(app, client):
    html = unescape(signup(client, password="neuf-car.", password_confirm="neuf-car.").get_data(as_text=True))
    error = html.split('id="password-erreur"')[1].split("</")[0]
    assert "Il manque 1 caractère." in error and "Entre" not in error
    assert html.count("Entre 10 et 128 caractères") == 1, "the rule once, in the hint"
    long = unescape(signup(client, password="x" * 130, password_confirm="x" * 130).get_data(as_text=True))
    assert "2 caractères de trop." in long
