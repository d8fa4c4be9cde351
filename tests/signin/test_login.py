"""Sign-in, sign-out, roles and the next parameter."""
from __future__ import annotations

import pytest

from portal.demo.seed import DEMO_PASSWORD, seed
from tests.support.helpers import login, submit


@pytest.fixture
def demo(app):
    with app.app_context():
        seed()
    return app


def test_wrong_password_and_unknown_email_get_the_same_answer(demo, client):
    wrong = login(client, "apprenant@petale.test", "pas-le-bon-mot")
    unknown = login(client, "inconnu@petale.test", "pas-le-bon-mot")
    for response in (wrong, unknown):
        assert response.status_code == 401
        assert "Adresse ou mot de passe incorrect." in response.get_data(as_text=True)
        assert 'value="' in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "email, home",
    [
        ("apprenant@petale.test", "/mon-espace"),
        ("gestion@petale.test", "/gestion"),
        ("formatrice@petale.test", "/formateur"),
        ("dpo@petale.test", "/dpo"),
    ],
)
def test_each_role_lands_on_its_home(demo, client, email, home):
    response = login(client, email, DEMO_PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == home


@pytest.mark.parametrize(
    "email, path, status",
    [
        (None, "/mon-espace", 302),
        (None, "/gestion/taches", 302),
        ("apprenant@petale.test", "/mon-espace", 200),
        ("apprenant@petale.test", "/gestion/taches", 403),
        ("gestion@petale.test", "/gestion/taches", 200),
        ("gestion@petale.test", "/mon-espace", 403),
        ("formatrice@petale.test", "/mon-espace", 403),
        ("formatrice@petale.test", "/gestion/taches", 403),
        ("dpo@petale.test", "/gestion/taches", 403),
        ("dpo@petale.test", "/mon-espace", 403),
    ],
)
def test_roles_are_checked_on_every_private_view(demo, client, email, path, status):
    if email:
        login(client, email, DEMO_PASSWORD)
    response = client.get(path)
    assert response.status_code == status
    if status == 302:
        assert response.headers["Location"].startswith("/connexion?next=")
    if status == 403:
        assert "Accès refusé" in response.get_data(as_text=True)


def test_next_parameter_returns_to_the_page_asked_for(demo, client):
    first = client.get("/mon-espace")
    target = first.headers["Location"]
    response = submit(client, target, {"email": "apprenant@petale.test", "password": DEMO_PASSWORD}, page="/connexion")
    assert response.headers["Location"] == "/mon-espace"


@pytest.mark.parametrize("evil",
                         ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"])
def test_next_parameter_cannot_leave_the_site(demo, client, evil):
    response = submit(
        client, f"/connexion?next={evil}", {"email": "apprenant@petale.test", "password": DEMO_PASSWORD},
        page="/connexion",
    )
    assert response.headers["Location"] == "/mon-espace"


def test_logout_is_a_post(demo, client):
    login(client, "apprenant@petale.test", DEMO_PASSWORD)
    # Opening the address (a reload, a prefetch) never signs out: it goes back to a page, still signed in.
    assert client.get("/deconnexion").status_code == 303
    assert client.get("/mon-espace").status_code == 200
    page = client.get("/mon-espace").get_data(as_text=True)
    response = submit(client, "/deconnexion", {}, page="/mon-espace")
    assert response.status_code == 302
    assert client.get("/mon-espace").status_code == 302
    assert "Se déconnecter" in page


def test_password_hash_is_upgraded_when_argon2_parameters_change(demo, client):
    from argon2 import PasswordHasher

    from portal.vault import passwords, service
    from portal.vault.models import Credential

    with demo.app_context():
        account_id = service.account_id_for_email("apprenant@petale.test")
        weak = PasswordHasher(time_cost=1, memory_cost=4096, parallelism=1).hash(DEMO_PASSWORD)
        Credential.update(password_hash=weak).where(Credential.account_id == account_id).execute()
        assert passwords.needs_rehash(weak)
    assert login(client, "apprenant@petale.test", DEMO_PASSWORD).status_code == 302
    with demo.app_context():
        stored = Credential.get(Credential.account_id == account_id).password_hash
        assert stored != weak and stored.startswith("$argon2id$") and not passwords.needs_rehash(stored)


def test_navigation_follows_the_role(demo, client):
    login(client, "gestion@petale.test", DEMO_PASSWORD)
    html = client.get("/gestion/formations").get_data(as_text=True)
    assert 'href="/gestion/formations"' in html and 'href="/gestion/taches"' in html
    assert 'href="/mon-espace"' not in html
    client2 = demo.test_client()
    login(client2, "apprenant@petale.test", DEMO_PASSWORD)
    html = client2.get("/mon-espace").get_data(as_text=True)
    assert 'href="/mon-espace"' in html and 'href="/gestion/' not in html
    anonymous = demo.test_client().get("/").get_data(as_text=True)
    assert 'href="/connexion"' in anonymous and 'href="/inscription"' in anonymous
