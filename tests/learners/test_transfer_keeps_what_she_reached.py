"""A transfer is not the end of her training: the session she left asks no end-of-training questionnaire,
and the modules she had reached stay open whatever the new session's calendar (its preview says so)."""
from __future__ import annotations

from datetime import date

from portal.learning.models import Enrollment, Lesson, LessonProgress, Module, ModuleRelease, TrainingSession
from tests.support.enrolling import account_named, session_named, words_of
from tests.support.helpers import submit
from tests.support.learning_fixtures import signed_in


def test_a_transfer_keeps_reached_modules_open_and_offers_no_questionnaire_of_the_session_left(demo):
    antoine, session_a, session_b = account_named(demo, "Antoine"), session_named(demo, "Session A"), \
        session_named(demo, "Session B")
    with demo.app_context():
        old = Enrollment.get((Enrollment.account_id == antoine.id) & (Enrollment.session == session_a.id))
        # The latest module he reached in Session A, which Session B opens later.
        reached = (Module.select().join(Lesson).join(LessonProgress)
                   .where(LessonProgress.account_id == antoine.id).order_by(Module.position.desc()).first())
        later = max(date.today(), session_b.starts_on).replace(year=date.today().year + 1)
        ModuleRelease.insert(session=session_b.id, module=reached.id, release_on=later).on_conflict(
            conflict_target=[ModuleRelease.session, ModuleRelease.module],
            update={ModuleRelease.release_on: later}).execute()
        lesson = Lesson.select().where(Lesson.module == reached.id).order_by(Lesson.position).first()
    learner = signed_in(demo, "apprenant@petale.test")
    assert "Donner mon avis" in words_of(learner.get("/mon-espace")), "the demo's questionnaire of Session A"
    staff = signed_in(demo, "gestion@petale.test")
    url = f"/gestion/inscriptions/{old.id}/transfert"
    preview = words_of(submit(staff, url, {"session_id": str(session_b.id)}, page=url))
    assert "déjà commencés restent ouverts" in preview and "n'est pas la fin de la formation" in preview
    assert submit(staff, url, {"session_id": str(session_b.id), "confirmed": "1"}, page=url).status_code == 303
    space = words_of(learner.get("/mon-espace"))
    assert "Donner mon avis" not in space, "a transfer is not the end of her training"
    assert learner.get(f"/lecon/{lesson.id}").status_code == 200, "a module she reached stays open"
    with demo.app_context():
        assert TrainingSession.get_by_id(session_b.id).title == "Session B"
