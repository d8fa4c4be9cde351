"""The staff, trainer and dpo pages on a phone (390 px): no page and no table wider than the screen, each table
row a card whose actions are buttons a thumb can press, the table still a table with its headers for a screen
reader; on a 1280 px screen the same tables are tables. Screenshots go to $PETALE_SCREENSHOTS when it is set."""
from __future__ import annotations

import os
from pathlib import Path

from portal.vault import audit
from portal.vault.service import account_id_for_email
from tests.browser.equipment import AXE, missing
from tests.browser.support import sign_in
from tests.support.cohorts import course_lessons, followed, learners_in, session_named
from tests.support.world import EMAILS, sample_urls

PAGES = {
    "staff": ["/gestion/apprenants", "{learners.file}", "{enrolments.session_page}", "/gestion/sessions",
              "{manage.session}", "/gestion/formations", "/gestion/lecons/fichiers-manquants", "/gestion/financements",
              "{funding.file}", "{attendance.statement_page}", "/gestion/factures", "{invoicing.enrollment_billing}",
              "{contract_desk.staff_contract}", "/gestion/encaissements", "/gestion/encaissements/nouveau",
              "/gestion/attestations", "/gestion/reclamations", "/gestion/ameliorations", "/gestion/statistiques",
              "/gestion/taches", "{improvement.session_page}", "{improvement.session_lesson}",
              "{improvement.session_satisfaction}"],
    "dpo": ["/dpo/journal", "/dpo/securite", "{incidents.incident}", "/dpo/politique", "/dpo/demandes",
            "/dpo/archives", "/gestion/apprenants"],
    "trainer": ["/analyses", "{improvement.session_page}", "{improvement.session_lesson}",
                "{improvement.session_satisfaction}"],
}

# Per table: is it wider than the screen, does it scroll inside itself, does something stick out of it, how it is
# shown; per card: its display and the height of its actions.
MEASURE = """() => [...document.querySelectorAll('main table')].map(t => ({
  wide: [t, t.parentElement].some(e => e.getBoundingClientRect().right > innerWidth + 0.5),
  scrolls: t.scrollWidth > t.clientWidth + 1,
  spills: [...t.querySelectorAll('tbody *')]
    .some(e => e.getBoundingClientRect().right > t.getBoundingClientRect().right + 1),
  display: getComputedStyle(t).display,
  cards: t.classList.contains('card-rows'),
  rows: [...t.querySelectorAll(':scope > tbody > tr')].map(r => getComputedStyle(r).display),
  actions: [...t.querySelectorAll('.row-acts a, .row-acts button, .row-acts summary')]
    .filter(a => a.getClientRects().length).map(a => Math.round(a.getBoundingClientRect().height)),
}))"""


def signed_in_page(browser, live, role, width, bypass_csp=False):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR", bypass_csp=bypass_csp)
    page = context.new_page()
    sign_in(page, live.base, EMAILS[role])
    return context, page


def test_desk_tables_are_cards_on_a_phone_and_tables_on_a_wide_screen(live, browser, tmp_path):
    with live.app_context():
        urls = sample_urls()
        # Six more people in Session A: the lesson analytics show their tables, not « trop peu de personnes ».
        session = session_named("Session A")
        for account in learners_in(session, 6):
            followed(account, course_lessons(session), finished=3)
        dpo = audit.Actor(account_id_for_email("dpo@petale.test"), "dpo")
        # A reason without a space to break at: the card wraps it rather than widening the page.
        audit.record(dpo, account_id_for_email("apprenant@petale.test"), "lecture", ["email"],
                     reason="vérification-" * 12)
    shots = Path(os.environ.get("PETALE_SCREENSHOTS", tmp_path)) / "narrow-tables"
    shots.mkdir(parents=True, exist_ok=True)
    problems, cards_seen, actions_seen = [], 0, 0
    for role, paths in PAGES.items():
        for width in (390, 1280):
            context, page = signed_in_page(browser, live, role, width)
            for path in paths:
                url = urls[path.strip("{}")] if path.startswith("{") else path
                response = page.goto(live.base + url)
                assert response.status == 200, f"{role} {url}"
                page.screenshot(path=str(shots / f"{role}-{url.strip('/').replace('/', '_')[:60]}-{width}.png"),
                                full_page=True)
                where = f"{role} {url} at {width} px"
                if page.evaluate("document.scrollingElement.scrollWidth") > width:
                    problems.append(f"{where}: the page is wider than the screen")
                for table in page.evaluate(MEASURE):
                    if table["wide"] or table["scrolls"]:
                        problems.append(f"{where}: a table is wider than the screen")
                    if table["spills"]:
                        problems.append(f"{where}: something sticks out of a table")
                    if width == 1280 and table["display"] != "table":
                        problems.append(f"{where}: a table is shown as {table['display']}, not as a table")
                    if width == 390 and table["cards"]:
                        cards_seen += len(table["rows"])
                        actions_seen += len(table["actions"])
                        if set(table["rows"]) - {"flex"}:
                            problems.append(f"{where}: rows are not cards ({set(table['rows'])})")
                        if [h for h in table["actions"] if h < 44]:
                            problems.append(f"{where}: an action is less than 44 px tall ({table['actions']})")
            context.close()
    assert problems == []
    assert cards_seen >= 40 and actions_seen >= 10, "the demo's lists show cards with actions"


def test_a_card_table_is_still_a_table_with_its_headers_for_screen_readers(live, browser):
    context, page = signed_in_page(browser, live, "staff", 390)
    page.goto(f"{live.base}/gestion/factures")
    assert page.evaluate("getComputedStyle(document.querySelector('main table tbody tr')).display") == "flex"
    tree = context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    roles = [node["role"]["value"] for node in tree if not node.get("ignored")]
    headers = [node.get("name", {}).get("value") for node in tree
               if not node.get("ignored") and node["role"]["value"] == "columnheader"]
    assert "table" in roles and roles.count("rowheader") >= 3 and roles.count("cell") >= 15
    assert headers[:3] == ["Numéro", "Date", "Apprenant"], "the headers are read though they are not seen"
    context.close()


def test_the_cards_pass_axe_on_a_phone(live, browser):
    """axe-core on the cards themselves (tests/browser/test_quality.py runs it on a wide screen)."""
    if not AXE.exists():
        missing(f"axe-core is not installed ({AXE}; npm install --prefix tests/browser)")
    problems = []
    for role, paths in (("staff", ["/gestion/factures", "/gestion/encaissements", "/gestion/financements"]),
                        ("dpo", ["/dpo/demandes", "/dpo/journal", "/gestion/apprenants"])):
        context, page = signed_in_page(browser, live, role, 390, bypass_csp=True)  # axe is an injected script
        for path in paths:
            page.goto(live.base + path)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            problems += [f"{role} {path}: {v['id']} {[n['target'] for n in v['nodes']][:3]}"
                         for v in result["violations"] if v["impact"] in ("serious", "critical")]
        context.close()
    assert problems == []
