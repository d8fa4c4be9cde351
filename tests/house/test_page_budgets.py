"""Page budgets on real responses of the demo instance: every main page of every role at most 14 KB
gzip-compressed, the CSS at most 10 KB, no JavaScript but htmx (with the player's and the offline queue's
small scripts and the loader), compression when accepted, fingerprinted static files cached for a year,
Vary: HX-Request where a URL serves both a page and a fragment."""
from __future__ import annotations

import re

import pytest

from tests.support.learning_fixtures import signed_in
from tests.support.report_counts import COUNTS
from tests.support.world import EMAILS

PAGE_BUDGET = 14 * 1024
CSS_BUDGET = 10 * 1024
SCRIPT_TAGS = re.compile(r"<script\b([^>]*)>")
ALLOWED_SCRIPTS = re.compile(r"^/static/[0-9a-f]{12}/(vendor/htmx-[\d.]+\.min\.js|offline\.js|player\.js|loader\.js)$")

PAGES = {
    "anonymous": ["/", "/cours/art-floral-les-fondamentaux", "/connexion", "/inscription", "/confidentialite",
                  "/mot-de-passe-oublie", "{certificates.verify_page}"],
    "learner": ["/mon-espace", "{player.lesson}", "{player.answer_quiz:lesson}", "{bouquets.workshop}",
                "{bouquets.attempt}", "{forum.module}", "{forum.thread}", "/mes-donnees", "/profil",
                "/profil/securite", "/mes-attestations", "/mes-factures"],
    "trainer": ["/formateur", "{bouquets.review_submission}", "{forum.thread}"],
    "staff": ["/gestion/formations", "{manage.course}", "{manage.lesson}", "/gestion/sessions", "{manage.session}",
              "/gestion/financements", "{funding.file}", "{attendance.statement_page}", "/gestion/factures",
              "/gestion/attestations", "/gestion/statistiques", "/gestion/apprenants", "/gestion/taches",
              "{enrolments.session_page}", "{learners.file}", "{enrolments.withdraw}", "{enrolments.transfer}",
              "/gestion/encaissements", "/gestion/encaissements/nouveau", "{invoicing.enrollment_billing}"],
    "dpo": ["/dpo/demandes", "/dpo/journal", "/dpo/securite", "/dpo/incidents", "/dpo/rapport", "/dpo/requisitions",
            "/dpo/politique"],
}
CASES = [(role, page) for role, pages in PAGES.items() for page in pages]


def resolve(urls: dict, page: str) -> str:
    if not page.startswith("{"):
        return page
    name = page.strip("{}")
    if name == "player.answer_quiz:lesson":
        return urls["player.answer_quiz"].rsplit("/", 1)[0]
    return urls[name]


@pytest.mark.parametrize("role, page", CASES)
def test_every_main_page_fits_in_14_kb_compressed_and_loads_only_htmx(world, clients, role, page):
    _app, urls = world
    url = resolve(urls, page)
    response = clients[role].get(url, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200, f"{url} as {role}"
    assert response.headers["Content-Encoding"] == "gzip"
    size = len(response.data)
    COUNTS.setdefault("pages", []).append((size, f"{role} {url.split('?')[0]}"))
    assert size <= PAGE_BUDGET, f"{url} as {role}: {size} bytes compressed"
    import gzip

    html = gzip.decompress(response.data).decode()
    scripts = loaded_scripts(html)
    assert scripts and all(ALLOWED_SCRIPTS.match(src) for src in scripts), scripts


def loaded_scripts(html: str) -> list[str]:
    """Scripts a page fetches: by src, and through the loader's data-scripts list."""
    urls = []
    for attributes in SCRIPT_TAGS.findall(html):
        for _name, value in re.findall(r'(src|data-scripts)="([^"]*)"', attributes):
            urls += value.split()
    return urls


def test_css_fits_in_10_kb_and_static_files_are_fingerprinted_and_immutable(world):
    app, _ = world
    from portal.delivery.static_files import digest

    client = app.test_client()
    with app.app_context():
        css = f"/static/{digest('petale.css')}/petale.css"  # also inlined in every page, see test_platform
    response = client.get(css, headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip" and len(response.data) <= CSS_BUDGET
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers.get("ETag") and response.headers.get("Last-Modified")
    assert client.get(css, headers={"If-None-Match": response.headers["ETag"], "Accept-Encoding": "gzip"}
                      ).status_code == 304
    brotli = client.get(css, headers={"Accept-Encoding": "br, gzip"})
    assert brotli.headers["Content-Encoding"] == "br" and len(brotli.data) < len(response.data)
    stale = client.get(css.replace(css.split("/")[2], "000000000000"))
    assert stale.status_code == 200 and stale.headers["Cache-Control"] == "no-cache"
    assert client.get("/", headers={"Accept-Encoding": "identity"}).headers.get("Content-Encoding") is None


def test_urls_serving_pages_and_fragments_vary_on_hx_request(world):
    app, urls = world
    learner = signed_in(app, EMAILS["learner"])
    for url in ("/profil", urls["bouquets.workshop"]):
        assert "HX-Request" in learner.get(url).headers.get("Vary", ""), url
