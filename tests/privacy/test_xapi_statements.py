"""The xAPI statements of the export name every activity with the portal's own IRIs (under BASE_URL, even
for events recorded under another address) and display each verb in the language its words are in."""
from __future__ import annotations

import json
from datetime import datetime

from portal.accounts.models import Account
from portal.bouquets import drafts
from portal.bouquets.engine.builder import Group
from portal.bouquets.models import Brief
from portal.learning import xapi
from portal.learning.models import Course, LearningEvent, Lesson, Module
from tests.support.exports import exported
from tests.support.learning_fixtures import signed_in

HOME = "http://petale.test"
# The ADL registry's English words, and ours: never one under the other's language tag.
DISPLAYS = {
    xapi.EXPERIENCED: {"en-US": "experienced", "fr-FR": "a consulté"},
    xapi.COMPLETED: {"en-US": "completed", "fr-FR": "a terminé"},
    xapi.ATTEMPTED: {"en-US": "attempted", "fr-FR": "a tenté"},
    xapi.SUBMITTED: {"en-US": "submitted", "fr-FR": "a remis"},
}


def test_statements_use_the_portals_iris_and_each_verb_in_its_own_language(demo):
    with demo.app_context():
        antoine = Account.get(Account.display_name == "Antoine").id
        brief = Brief.select().first()
        drafts.add_group(antoine, brief, Group("rose-de-jardin", "#F9C6C9", 3, 40, 0))
        drafts.submit(antoine, brief)  # records a "submitted" event with a result extension
        quiz = Lesson.get(Lesson.kind == "quiz")
        course = Course.get_by_id(quiz.module.course_id)
        # Recorded while the portal answered at another address, and by the first version of the workshop.
        legacy = {"extensions": {"https://petale.test/xapi/bouquet-submission": 1}}
        LearningEvent.create(account_id=antoine, verb=xapi.COMPLETED, lesson=quiz.id, course=course.id,
                             object_iri=f"http://127.0.0.1:5000/lecon/{quiz.id}", timestamp=datetime(2026, 3, 2),
                             result=json.dumps(legacy))
        # A lesson deleted since: only the recorded IRI is left.
        LearningEvent.create(account_id=antoine, verb=xapi.EXPERIENCED, lesson=None, course=course.id,
                             object_iri="http://127.0.0.1:5000/lecon/999999", timestamp=datetime(2026, 3, 1))
        titles = {f"{HOME}/lecon/{lesson.id}": (lesson.title, lesson.kind) for lesson in Lesson.select()}
        slugs = {m.id: m.course.slug for m in Module.select(Module, Course).join(Course)}
        parents = {f"{HOME}/lecon/{lesson.id}": f"{HOME}/cours/{slugs[lesson.module_id]}" for lesson in Lesson.select()}
    statements = json.loads(exported(demo, signed_in(demo, "apprenant@petale.test")).read("xapi-statements.json"))
    assert {s["verb"]["id"] for s in statements} >= {xapi.EXPERIENCED, xapi.ATTEMPTED, xapi.SUBMITTED}
    for statement in statements:
        assert statement["verb"]["display"] == DISPLAYS[statement["verb"]["id"]]
        activity = statement["object"]
        assert activity["id"].startswith(f"{HOME}/lecon/"), activity["id"]
        if activity["id"] in titles:
            title, kind = titles[activity["id"]]
            assert activity["definition"]["name"] == {"fr-FR": title}
            assert activity["definition"]["type"] == (xapi.ASSESSMENT if kind == "quiz" else xapi.LESSON)
            [parent] = statement["context"]["contextActivities"]["parent"]
            assert parent["id"] == parents[activity["id"]] and "fr-FR" in parent["definition"]["name"]
        for key in statement.get("result", {}).get("extensions", {}):
            assert key == f"{HOME}/xapi/extensions/bouquet-submission"
    by_id = {s["id"]: s for s in statements}
    assert len(by_id) == len(statements)
    moved_out = next(s for s in statements if s["timestamp"] == "2026-03-02T00:00:00Z")
    assert moved_out["object"]["id"] == f"{HOME}/lecon/{quiz.id}"
    assert moved_out["result"]["extensions"] == {f"{HOME}/xapi/extensions/bouquet-submission": 1}
    gone_out = next(s for s in statements if s["timestamp"] == "2026-03-01T00:00:00Z")
    assert gone_out["object"] == {"objectType": "Activity", "id": f"{HOME}/lecon/999999"}
    submitted = [s for s in statements if s["verb"]["id"] == xapi.SUBMITTED]
    assert submitted and all(set(s["result"]["extensions"]) == {f"{HOME}/xapi/extensions/bouquet-submission"}
                             for s in submitted if "extensions" in s.get("result", {}))


def test_a_verb_outside_the_vocabulary_is_not_passed_off_as_french():
    assert xapi.verb_display("http://adlnet.gov/expapi/verbs/answered") == {"und": "answered"}
    for display in xapi.VERB_DISPLAY.values():
        assert set(display) == {"en-US", "fr-FR"} and display["en-US"] != display["fr-FR"]
