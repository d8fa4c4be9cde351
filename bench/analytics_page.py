"""Median render time of the lesson analytics pages on the large data set (SQLite).

    .venv/bin/python bench/seed_large.py          # once
    .venv/bin/python bench/analytics_page.py [INSTANCE_DIR] [ROUNDS]

Prints, per page: median and 95th percentile in milliseconds, and SQL statements per request, signed
in as staff (who reads every session). Target (issue 38): 100 ms or less. The session is the bench
session with the most learners of the fundamentals course; the course page aggregates its 100-odd
sessions, which is the worst case a trainer or staff member opens.
"""
from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path


def main() -> None:
    instance = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent / "instance-large").resolve()
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    os.environ["INSTANCE_PATH"] = str(instance)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from peewee import fn

    from portal.accounts.models import Account
    from portal.factory import create_app
    from portal.learning.models import Course, Enrollment, LearningEvent, Lesson, Module, TrainingSession
    from portal.schema import migrate_all
    from portal.vault import service as vault
    from tests.support.querycount import count_queries

    app = create_app({"LOG_LEVEL": "WARNING"})
    with app.app_context():
        migrate_all()  # the bench set may predate this page's tables
        course = Course.get(Course.slug == "art-floral-les-fondamentaux")
        session_id, learners = (Enrollment.select(Enrollment.session, fn.COUNT(Enrollment.id).alias("n"))
                                .join(TrainingSession).where(TrainingSession.course == course.id)
                                .group_by(Enrollment.session).order_by(fn.COUNT(Enrollment.id).desc())
                                .tuples().first())
        quiz = Lesson.select().join(Module).where((Module.course == course.id) & (Lesson.kind == "quiz")).first()
        in_course = Enrollment.select().join(TrainingSession).where(TrainingSession.course == course.id).count()
        total_events = LearningEvent.select().count()
        staff = Account.get_by_id(vault.account_id_for_email("gestion@petale.test")).get_id()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = staff
        session["_fresh"] = True
    pages = {
        f"session ({learners} learners)": f"/analyses/sessions/{session_id}",
        "session, quiz lesson": f"/analyses/sessions/{session_id}/lecons/{quiz.id}",
        f"course ({in_course} learners)": f"/analyses/formations/{course.id}",
        "course, quiz lesson": f"/analyses/formations/{course.id}/lecons/{quiz.id}",
    }
    print(f"data set: {total_events} learning events; {rounds} rounds per page")
    for label, url in pages.items():
        for _ in range(3):
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
        p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
        print(f"{label:<28} median {statistics.median(timings):7.2f} ms   p95 {p95:7.2f} ms   "
              f"{len(statements)} SQL statements")


if __name__ == "__main__":
    main()
