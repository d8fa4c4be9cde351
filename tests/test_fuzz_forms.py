"""Generated junk posted to every form and HTMX endpoint, as every role allowed to use it: wrong types,
huge strings, odd unicode, missing and extra fields. Never a 500; a refusal is a French page (or a JSON
"erreur"); and a refused request writes nothing (row counts of every table unchanged, apart from the
security log that records refusals)."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.db import ZONES
from tests.helpers import csrf_token
from tests.report_counts import COUNTS
from tests.test_route_matrix import ACCESS, GUEST
from tests.world import ROLES, url_for_endpoint

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

junk_text = st.one_of(
    st.text(max_size=40), st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300),
    st.sampled_from(["", " ", "0", "-1", "1e309", "NaN", "2026-02-30", "99999999999999999999", "../../etc/passwd",
                     "<script>alert(1)</script>", "' OR 1=1 --", "\u202e\u0000abc", "🌸" * 50, "x" * 20_000,
                     "tr", "true", "on", "learner", "substantial", "opco", "depose"]),
)
junk_form = st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(min_size=1, max_size=12)),
                            st.one_of(junk_text, st.lists(junk_text, max_size=3)), max_size=8)

# Logs that rightly grow on a refusal: the security log, and the audit of identity shown on the error page.
QUIET = {"security_event", "login_throttle", "sent_notification", "job_record", "periodic_run", "used_token",
         "audit_entry"}
CASES = [(endpoint, role) for endpoint, (access, methods) in sorted(ACCESS.items())
         if "POST" in methods and endpoint not in SKIPPED for role in ROLES
         if access is not GUEST and access[ROLES.index(role)] not in (302, 403) or (access is GUEST and role == "anonymous")]


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
