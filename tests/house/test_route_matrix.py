"""Every route of the url_map, as anonymous, learner, trainer, staff and dpo: the expected answer.

A route added without an entry in ACCESS makes test_every_route_has_an_entry fail. GET routes must give
exactly the expected status; POST routes (sent with a valid CSRF token and an empty form) must refuse
the roles that may not use them (302 to the login page for anonymous, 403 otherwise) and must never
answer 500 to the roles that may.
"""
from __future__ import annotations

import pytest

from tests.house.route_access import ACCESS, GUEST
from tests.support.helpers import csrf_token
from tests.support.learning_fixtures import signed_in
from tests.support.report_counts import COUNTS
from tests.support.world import EMAILS, ROLES, url_for_endpoint


def _client(app, role: str):
    return app.test_client() if role == "anonymous" else signed_in(app, EMAILS[role])


def test_every_route_has_an_entry(world):
    app, _ = world
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(ACCESS) == set(), "add these routes to ACCESS in tests/house/test_route_matrix.py"
    assert set(ACCESS) - endpoints == set(), "these routes no longer exist"
    COUNTS["matrix endpoints"] = len(endpoints)


GET_CASES = [(e, r) for e, (_, methods) in sorted(ACCESS.items()) if "GET" in methods for r in ROLES]
POST_CASES = [(e, r) for e, (_, methods) in sorted(ACCESS.items()) if "POST" in methods for r in ROLES]


@pytest.mark.parametrize("endpoint, role", GET_CASES)
def test_get(world, endpoint, role):
    app, urls = world
    expected = ACCESS[endpoint][0][ROLES.index(role)]
    COUNTS["matrix cases"] += 1
    response = _client(app, role).get(url_for_endpoint(app, urls, endpoint, "GET"))
    response.close()  # static files are streamed from an open file
    assert response.status_code == expected, f"GET {endpoint} as {role}"
    if expected == 302 and role == "anonymous" and ACCESS[endpoint][0] not in (GUEST,):
        assert "/connexion" in response.headers["Location"]


@pytest.mark.parametrize("endpoint, role", POST_CASES)
def test_post(world, endpoint, role):
    app, urls = world
    access = ACCESS[endpoint][0]
    expected = access[ROLES.index(role)]
    COUNTS["matrix cases"] += 1
    client = _client(app, role)
    token = csrf_token(client.get("/connexion" if role == "anonymous" else "/profil").get_data(as_text=True))
    response = client.post(url_for_endpoint(app, urls, endpoint, "POST"), data={"csrf_token": token})
    assert response.status_code < 500, f"POST {endpoint} as {role}: {response.status_code}"
    if access is GUEST or expected not in (302, 403):
        return  # allowed: any clear answer to an empty form will do
    assert response.status_code == expected, f"POST {endpoint} as {role}"
    if expected == 302 and role == "anonymous":
        assert "/connexion" in response.headers["Location"], f"POST {endpoint} as {role}"


POST_ONLY = sorted(e for e, (_, methods) in ACCESS.items() if methods == "POST")


@pytest.mark.parametrize("endpoint", POST_ONLY)
def test_reloading_a_forms_address_leads_back_to_its_page_never_to_method_not_allowed(world, endpoint):
    """htmx puts a form's address in the history: a reload (a GET) goes back to the page the form is on."""
    app, urls = world
    url = url_for_endpoint(app, urls, endpoint, "POST")
    response = app.test_client().get(url)
    assert response.status_code != 405 and "Méthode non autorisée" not in response.get_data(as_text=True), url
    if response.status_code == 303:  # a form's own address (others are also a page's, shown as such)
        target = response.headers["Location"]
        assert url.split("?")[0].startswith(target.rstrip("/")) or target == "/", (url, target)
