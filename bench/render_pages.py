"""Median render time of the learner space and the player on the large data set (SQLite).

    .venv/bin/python bench/seed_large.py        # once
    .venv/bin/python bench/render_pages.py [INSTANCE_DIR] [ROUNDS]

Prints, per page: median and 95th percentile in milliseconds, and SQL statements per request.
Target (issue 3): 20 ms or less at the median. Requests go through the whole Flask stack
(routing, sign-in, templates) with the test client, one at a time.
"""
from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path


def main() -> None:
    instance = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent / "instance-large").resolve()
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    os.environ["INSTANCE_PATH"] = str(instance)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from seed_large import open_instance  # brings the set up to date, as flask init-db does

    from portal.accounts.models import Account
    from portal.learning.models import Enrollment, LearningEvent, Lesson, Module, TrainingSession
    from tests.support.querycount import count_queries

    app = open_instance(instance, {"LOG_LEVEL": "WARNING"})
    with app.app_context():
        from portal.learning.models import Course

        # A learner of the course that has every kind of lesson, with a started session.
        course_id = Course.get(Course.slug == "art-floral-les-fondamentaux").id
        enrollment = (Enrollment.select(Enrollment).join(TrainingSession)
                      .join(Account, on=(Account.id == Enrollment.account_id))
                      .where((TrainingSession.course == course_id) & Account.display_name.startswith("Apprenant ")
                             & (TrainingSession.starts_on < TrainingSession.ends_on))
                      .order_by(TrainingSession.starts_on).first())
        learner = Account.get_by_id(enrollment.account_id)
        lessons = {kind: Lesson.select().join(Module)
                         .where((Module.course == course_id) & (Lesson.kind == kind)).first()
                   for kind in ("video", "quiz", "text")}
        total_events = LearningEvent.select().count()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = learner.get_id()
        session["_fresh"] = True
    pages = {"learner space": "/mon-espace"}
    pages.update({f"player ({kind})": f"/lecon/{lesson.id}" for kind, lesson in lessons.items()})
    print(f"data set: {total_events} learning events; {rounds} rounds per page")
    for label, url in pages.items():
        for _ in range(10):
            assert client.get(url).status_code == 200, url
        with app.app_context(), count_queries() as statements:
            client.get(url)
        timings = []
        for _ in range(rounds):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(f"{label:<16} median {statistics.median(timings):6.2f} ms   p95 {p95:6.2f} ms   "
              f"{len(statements)} SQL statements")


if __name__ == "__main__":
    main()
