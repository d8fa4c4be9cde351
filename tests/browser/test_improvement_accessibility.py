"""Accessibility of the pages of improving the offer (axe-core in chromium: no serious or critical
violation): the analytics, a lesson's figures, satisfaction results, the survey a learner answers, her
complaints, the staff's registers and questionnaires, and the course page with its published results."""
from __future__ import annotations

import pytest

from tests.browser.equipment import AXE, missing
from tests.support.cohorts import course_lessons, followed, learners_in, session_named
from tests.support.world import EMAILS, sample_urls


@pytest.fixture
def pages(live):
    from portal.improvement import published_results
    from portal.learning.models import Lesson
    from portal.timeutil import paris_today

    with live.app_context():
        urls = sample_urls()
        session = session_named("Session A")
        for account in learners_in(session, 6):
            followed(account, course_lessons(session), finished=3)
        published_results.publish_all(paris_today())
        quiz = Lesson.get(Lesson.kind == "quiz")
    return {
        "anonymous": ["/cours/art-floral-les-fondamentaux"],
        "learner": ["/mon-espace", urls["surveys.answer"], "/mon-espace/reclamations"],
        "trainer": ["/analyses", urls["improvement.session_page"], f"/analyses/sessions/{session.id}/lecons/{quiz.id}",
                    urls["improvement.session_satisfaction"]],
        "staff": ["/gestion/questionnaires", "/gestion/reclamations", urls["complaints.handle"],
                  "/gestion/ameliorations"],
    }


def test_no_serious_or_critical_accessibility_violation(live, browser, pages):
    if not AXE.exists():
        missing(f"axe-core is not installed ({AXE}; npm install --prefix tests/browser)")
    problems = []
    for role, paths in pages.items():
        context = browser.new_context(bypass_csp=True)  # axe is injected as a script the CSP would refuse
        page = context.new_page()
        if role != "anonymous":
            page.goto(f"{live.base}/connexion")
            page.fill("#email", EMAILS[role])
            page.fill("#password", "petale-demo")
            page.get_by_role("button", name="Se connecter").click()
            page.wait_for_load_state("networkidle")
        for path in paths:
            assert page.goto(f"{live.base}{path}").status == 200, path
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            problems += [f"{role} {path}: {v['id']} ({v['impact']}) {[n['target'] for n in v['nodes']][:3]}"
                         for v in result["violations"] if v["impact"] in ("serious", "critical")]
        context.close()
    assert problems == []
