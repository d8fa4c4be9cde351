"""Accessibility (axe-core injected in chromium: no serious or critical violation) and HTML validity (the
Nu HTML validator, vnu-jar: no error) on the main pages of every role."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from portal.improvement import published_results
from portal.timeutil import paris_today
from tests.browser.equipment import AXE, VNU, missing
from tests.browser.support import sign_in
from tests.support.cohorts import course_lessons, followed, learners_in, session_named
from tests.support.learning_fixtures import signed_in
from tests.support.world import EMAILS, sample_urls

PAGES = {
    "anonymous": ["/", "/cours/art-floral-les-fondamentaux", "/connexion", "/inscription", "/confidentialite",
                  "/reclamation"],
    "learner": ["/mon-espace", "{player.lesson}", "{quiz}", "{bouquets.workshop}", "{forum.thread}", "/mes-donnees",
                "/profil", "/profil/securite", "/mes-attestations", "/mes-factures", "{surveys.answer}",
                "/mon-espace/reclamations", "{contracts.offer}"],
    "trainer": ["/formateur", "/analyses", "{improvement.session_page}", "{improvement.session_lesson}",
                "{improvement.session_satisfaction}"],
    "staff": ["/gestion/formations", "{manage.course}", "{manage.lesson}", "{manage.session}",
              "/gestion/financements", "{funding.file}", "/gestion/factures", "/gestion/statistiques",
              "/gestion/encaissements", "/gestion/encaissements/nouveau", "/gestion/apprenants", "{learners.file}",
              "{enrolments.session_page}", "{enrolments.transfer}", "{invoicing.enrollment_billing}",
              "{contract_desk.staff_contract}", "/gestion/questionnaires", "/gestion/reclamations",
              "{complaints.handle}", "/gestion/ameliorations"],
    "dpo": ["/dpo/demandes", "/dpo/journal", "/dpo/securite", "/dpo/politique", "/dpo/archives",
            "/dpo/archives?type=invoice", "/dpo/rapport", "/dpo/requisitions"],
}


@pytest.fixture
def pages(live):
    """(role, path) for every main page, paths resolved on the live demo."""
    with live.app_context():
        urls = sample_urls()
        # Six more people in Session A: the analytics show figures, not only « trop peu de personnes ».
        session = session_named("Session A")
        for account in learners_in(session, 6):
            followed(account, course_lessons(session), finished=3)
        published_results.publish_all(paris_today())
    urls["quiz"] = urls["player.answer_quiz"].rsplit("/", 1)[0]
    return [(role, urls[p.strip("{}")] if p.startswith("{") else p) for role, paths in PAGES.items() for p in paths]


def browser_session(browser, live, role):
    context = browser.new_context(bypass_csp=True)  # axe is injected as a script the CSP would refuse
    page = context.new_page()
    if role != "anonymous":
        sign_in(page, live.base, EMAILS[role])
    return context, page


def test_no_serious_or_critical_accessibility_violation(live, browser, pages):
    if not AXE.exists():
        missing(f"axe-core is not installed ({AXE}; npm install --prefix tests/browser)")
    problems, contexts = [], {}
    for role, path in pages:
        if role not in contexts:
            contexts[role] = browser_session(browser, live, role)
        page = contexts[role][1]
        page.goto(f"{live.base}{path}")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        for violation in result["violations"]:
            if violation["impact"] in ("serious", "critical"):
                problems.append(f"{role} {path}: {violation['id']} ({violation['impact']}) "
                                f"{[n['target'] for n in violation['nodes']][:3]}")
    for context, _ in contexts.values():
        context.close()
    assert problems == []


def test_every_main_page_is_valid_html(live, pages, tmp_path):
    if not VNU.exists():
        missing(f"vnu-jar is not installed ({VNU}; npm install --prefix tests/browser)")
    if not shutil.which("java"):
        missing("Java is needed by the Nu HTML validator")
    clients, files = {}, []
    for index, (role, path) in enumerate(pages):
        if role not in clients:
            clients[role] = live.test_client() if role == "anonymous" else signed_in(live, EMAILS[role])
        response = clients[role].get(path)
        assert response.status_code == 200, path
        target = tmp_path / f"{index:02d}-{role}.html"
        target.write_bytes(response.data)
        files.append((target, f"{role} {path}"))
    run = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *[str(f) for f, _ in files]],
                         capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    names = {f"file:{f}": label for f, label in files}
    errors = [f"{names.get(m.get('url'), m.get('url'))}: {m['message']} ({m.get('extract', '')[:80]!r})"
              for m in messages if m.get("type") == "error"]
    assert errors == []
