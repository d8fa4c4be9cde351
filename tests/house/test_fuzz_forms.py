"""Generated junk posted to every form and HTMX endpoint, as every role allowed to use it: wrong types,
huge strings, odd unicode, missing and extra fields. Never a 500; a refusal is a French page (or a JSON
"erreur"); and a refused request writes nothing (row counts of every table unchanged, apart from the
security log that records refusals)."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.db import ZONES
from tests.house.route_access import ACCESS, GUEST
from tests.support.helpers import csrf_token
from tests.support.report_counts import COUNTS
from tests.support.world import ROLES, url_for_endpoint

# Names our forms use, so that junk reaches validation rather than stopping at "field missing".
FIELDS = ["email", "password", "password_confirm", "full_name", "phone", "display_name", "body", "title", "reason",
          "code", "kind", "text", "summary", "effective_on", "count", "length", "ring", "direction", "choice",
          "stripped", "tie_height_cm", "answer", "new_due", "authority", "reference", "fields", "categories",
          "emails", "nature", "measures", "occurred_on", "funder_type", "funder_name", "case_number",
          "professional_status", "employer", "payer_type", "payer_name", "payer_address", "payer_siren",
          "enrollment_id", "status", "note", "marketing", "langue", "next", "understood", "current_password",
          "position", "seq", "view", "funding", "session_id", "slug", "objectives", "duration_hours", "price_euros",
          "theme", "expected_minutes", "prompt", "choices", "card_number", "channel", "language", "postal_address",
          "starts_on", "ends_on", "course_id", "q1", "q2", "budget_euros", "month", "occasion", "harmony"]
# Endpoints left out: they end the session or the account under test, which would stop the run.
SKIPPED = {"accounts.logout", "privacy.delete_account", "security.logout_everywhere", "security.change_password",
           "privacy.restrict", "payments.webhook"}

# Control characters, line breaks (a header split in a redirect), an overlong value.
CONTROL_VALUES = ["/mon-espace\r\nSet-Cookie: x=1", "/\nLocation: //ailleurs.example", "\x00", "a\tb\x1b[31m",
                  "/profil\u2028", "\x7f\x85", "/" + "é" * 5000, "ligne\r\nligne", "\r\n\r\n<html>"]
# Bytes that are not UTF-8, percent-encoded as a browser would send them.
INVALID_UTF8 = ["%FF%FE", "%C3%28", "%ED%A0%80", "/%C0%AFetc", "%E2%82"]

junk_text = st.one_of(
    st.text(max_size=40), st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300),
    st.sampled_from(["", " ", "0", "-1", "1e309", "NaN", "2026-02-30", "99999999999999999999", "../../etc/passwd",
                     "<script>alert(1)</script>", "' OR 1=1 --", "\u202e\u0000abc", "🌸" * 50, "x" * 20_000,
                     "tr", "true", "on", "learner", "substantial", "opco", "submitted"]),
    st.sampled_from(CONTROL_VALUES),
)
junk_form = st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(min_size=1, max_size=12)),
                            st.one_of(junk_text, st.lists(junk_text, max_size=3)), max_size=8)

# Logs that rightly grow on a refusal: the security log, and the audit of identity shown on the error page.
QUIET = {"security_event", "login_throttle", "sent_notification", "job_record", "periodic_run", "used_token",
         "audit_entry"}
CASES = [(endpoint, role) for endpoint, (access, methods) in sorted(ACCESS.items())
         if "POST" in methods and endpoint not in SKIPPED for role in ROLES
         if (access is not GUEST and access[ROLES.index(role)] not in (302, 403))
         or (access is GUEST and role == "anonymous")]


TABLES: dict[str, list[str]] = {}


def row_counts() -> dict[str, int]:
    """Every table's row count, one query per zone."""
    counts = {}
    for zone, proxy in ZONES.items():
        tables = TABLES.setdefault(zone, [t for t in proxy.get_tables() if t not in QUIET])
        sql = " UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM \"{t}\"" for t in tables)
        counts.update({f"{zone}.{table}": n for table, n in proxy.execute_sql(sql).fetchall()})
    return counts


@pytest.mark.parametrize("endpoint, role", CASES)
def test_junk_never_breaks_anything(world, clients, endpoint, role):
    app, urls = world
    client = clients[role]
    url = url_for_endpoint(app, urls, endpoint, "POST")
    COUNTS["fuzz cases"] += 1
    token = csrf_token(client.get("/connexion" if role == "anonymous" else "/profil").get_data(as_text=True))

    @settings(max_examples=10, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(form=junk_form, htmx=st.booleans())
    def post_junk(form, htmx):
        COUNTS["fuzz examples"] += 1
        data = {**{k: v for k, v in form.items() if k != "csrf_token"}, "csrf_token": token}
        with app.app_context():
            before = row_counts()
        response = client.post(url, data=data, headers={"HX-Request": "true"} if htmx else {})
        body = response.get_data(as_text=True)
        assert response.status_code < 500, f"{endpoint} as {role}: {response.status_code} for {form!r}"
        assert "Traceback" not in body
        if response.status_code >= 400:
            assert 'lang="fr"' in body or "erreur" in body or response.mimetype != "text/html" or \
                body.lstrip().startswith("<"), f"{endpoint}: refusal without a French page"
            with app.app_context():
                assert row_counts() == before, f"{endpoint} as {role} refused {form!r} but wrote something"

    post_junk()


@pytest.mark.parametrize("endpoint, role", CASES)
def test_bytes_that_are_not_utf8_and_line_breaks_in_every_field(world, clients, endpoint, role):
    """Every field, `next` included, holding bytes that are not UTF-8 or a header-splitting line break."""
    app, urls = world
    client = clients[role]
    url = url_for_endpoint(app, urls, endpoint, "POST")
    token = csrf_token(client.get("/connexion" if role == "anonymous" else "/profil").get_data(as_text=True))
    for n, bad in enumerate([*INVALID_UTF8, "%0D%0ASet-Cookie:%20x=1", "/%0A/ailleurs.example"]):
        body = "&".join([f"csrf_token={token}"] + [f"{field}={bad}" for field in FIELDS])
        with app.app_context():
            before = row_counts()
        response = client.post(url, data=body.encode("ascii"), content_type="application/x-www-form-urlencoded",
                               headers={"HX-Request": "true"} if n % 2 else {})
        text = response.get_data(as_text=True)
        assert response.status_code < 500, f"{endpoint} as {role}: {response.status_code} for {bad}"
        assert "Traceback" not in text
        location = response.headers.get("Location", "")
        assert "\n" not in location and "\r" not in location and "ailleurs" not in location
        if response.status_code >= 400:
            with app.app_context():
                assert row_counts() == before, f"{endpoint} as {role} refused {bad} but wrote something"


def bodies_no_browser_sends(token: str) -> list[tuple[str, bytes, str]]:
    """(what, body, content type): JSON objects and lists, a broken multipart body, fields given twice, and
    PHP-style `name[]` fields."""
    boundary = "----petale"
    broken = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n"
              f"--{boundary}\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nhalf a part").encode()
    twice = "&".join([f"csrf_token={token}"] + [f"{f}=a&{f}=b" for f in FIELDS])
    brackets = "&".join([f"csrf_token={token}"] + [f"{f}[]=a&{f}[]=b" for f in FIELDS])
    return [
        ("JSON object", b'{"title": ["x"], "body": {"a": 1}, "email": 5, "count": "trois"}', "application/json"),
        ("JSON list", b'[1, 2, {"body": "x"}]', "application/json"),
        ("JSON string", b'"juste une phrase"', "application/json"),
        ("broken JSON", b'{"title": ', "application/json"),
        ("broken multipart", broken, f"multipart/form-data; boundary={boundary}"),
        ("multipart without boundary", b"whatever", "multipart/form-data"),
        ("fields twice", twice.encode(), "application/x-www-form-urlencoded"),
        ("name[] fields", brackets.encode(), "application/x-www-form-urlencoded"),
    ]


@pytest.mark.parametrize("endpoint, role", CASES)
def test_bodies_no_browser_sends_are_refused_in_words_never_a_500(world, clients, endpoint, role):
    app, urls = world
    client = clients[role]
    url = url_for_endpoint(app, urls, endpoint, "POST")
    token = csrf_token(client.get("/connexion" if role == "anonymous" else "/profil").get_data(as_text=True))
    for what, body, content_type in bodies_no_browser_sends(token):
        with app.app_context():
            before = row_counts()
        response = client.post(url, data=body, content_type=content_type, headers={"X-CSRFToken": token})
        text = response.get_data(as_text=True)
        assert response.status_code < 500, f"{endpoint} as {role}: {response.status_code} for a {what}"
        assert "Traceback" not in text
        if response.status_code >= 400:
            with app.app_context():
                assert row_counts() == before, f"{endpoint} as {role} refused a {what} but wrote something"

# Tests on the function-scoped app come last: they bind the zones to their own databases, which the
# module's world would then see.


@pytest.mark.parametrize("next_value", ["/mon-espace\r\nSet-Cookie: x=1", "/\n//ailleurs.example", "//ailleurs.example",
                                        "/\\ailleurs.example", "https://ailleurs.example/", "/" + "x" * 3000,
                                        "/profil\x00", "javascript:alert(1)"])
def test_a_return_address_is_kept_only_when_it_is_a_plain_path_here(client, next_value):
    token = csrf_token(client.get("/connexion").get_data(as_text=True))
    response = client.post("/langue", data={"langue": "en", "next": next_value, "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/connexion", query_string={"next": next_value})
    assert page.status_code == 200


def test_a_plain_return_address_is_followed(client):
    token = csrf_token(client.get("/connexion").get_data(as_text=True))
    response = client.post("/langue", data={"langue": "en", "next": "/cours/été?x=1", "csrf_token": token})
    assert response.headers["Location"] == "/cours/%C3%A9t%C3%A9?x=1"

