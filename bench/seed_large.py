"""Build the large data set of the learning issue on SQLite: 10,000 learners, 100 sessions,
1,000,000 learning events (plus their progress, attempts and time on task).

    .venv/bin/python bench/seed_large.py [INSTANCE_DIR]     (default: bench/instance-large)

It prints how long each part took. The demo accounts and courses are loaded first.
"""
from __future__ import annotations

import json
import os
import random
import sys
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

LEARNERS = int(os.environ.get("BENCH_LEARNERS", 10_000))
SESSIONS = int(os.environ.get("BENCH_SESSIONS", 100))
EVENTS = int(os.environ.get("BENCH_EVENTS", 1_000_000))
BATCH = 5_000


def main() -> None:
    instance = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent / "instance-large").resolve()
    os.environ["INSTANCE_PATH"] = str(instance)
    from portal import create_app

    app = create_app()
    with app.app_context():
        build(app)


def timed(label: str):
    class Timer:
        def __enter__(self):
            self.start = time.perf_counter()

        def __exit__(self, *exc):
            print(f"{label}: {time.perf_counter() - self.start:.1f} s", flush=True)

    return Timer()


def insert(model, rows: list[dict]) -> None:
    from portal.db import main_db

    for start in range(0, len(rows), BATCH):
        with main_db.atomic():
            model.insert_many(rows[start:start + BATCH]).execute()


def build(app) -> None:
    from portal.accounts.models import Account
    from portal.db import ZONES
    from portal.demo.seed import seed
    from portal.learning import xapi
    from portal.learning.models import (
        Course,
        Enrollment,
        LearningEvent,
        Lesson,
        LessonProgress,
        Module,
        ModuleRelease,
        QuizAttempt,
        TimeOnTask,
        TrainingSession,
    )
    from portal.schema import migrate_all

    random.seed(42)
    migrate_all()
    with timed("demo data"):
        seed()
    if Account.select().count() > LEARNERS:
        print("already built")
        return
    now = datetime.utcnow().replace(microsecond=0)
    courses = list(Course.select())
    lessons_by_course = {
        c.id: list(Lesson.select().join(Module).where(Module.course == c)) for c in courses
    }
    with timed(f"{SESSIONS} sessions"):
        sessions = []
        for index in range(SESSIONS):
            course = courses[index % len(courses)]
            start = (now - timedelta(days=random.randint(0, 200))).date()
            sessions.append(TrainingSession.create(
                course=course, title=f"Session bench {index}", starts_on=start, ends_on=start + timedelta(days=120)))
        releases = [
            {"session": s.id, "module": m.id, "release_on": s.starts_on + timedelta(days=7 * i)}
            for s in sessions for i, m in enumerate(Module.select().where(Module.course == s.course_id))
        ]
        insert(ModuleRelease, releases)
    with timed(f"{LEARNERS} learners and enrolments"):
        learners = [uuid.uuid4() for _ in range(LEARNERS)]
        insert(Account, [{"id": a, "role": "learner", "display_name": f"Apprenant {i}", "language": "fr",
                          "status": "active", "created_at": now, "confirmed_at": now, "session_version": 1}
                         for i, a in enumerate(learners)])
        session_of = {a: random.choice(sessions) for a in learners}
        insert(Enrollment, [{"account_id": a, "session": s.id, "funding": "opco", "status": "active",
                             "enrolled_at": now} for a, s in session_of.items()])
    per_learner = EVENTS // LEARNERS
    verbs = [xapi.EXPERIENCED, xapi.COMPLETED, xapi.EXPERIENCED, xapi.ATTEMPTED]
    with timed(f"{per_learner * LEARNERS} learning events, progress, attempts, time on task"):
        events, progress, attempts, time_on_task = [], [], [], []
        for account in learners:
            session = session_of[account]
            lessons = lessons_by_course[session.course_id]
            for lesson in lessons:
                progress.append({"account_id": account, "lesson": lesson.id, "position_seconds": 0,
                                 "completed_at": now if random.random() < 0.6 else None, "updated_at": now})
            for n in range(per_learner):
                lesson = random.choice(lessons)
                when = now - timedelta(minutes=random.randint(1, 200_000))
                verb = verbs[n % len(verbs)]
                result = None
                if verb == xapi.ATTEMPTED:
                    score = random.randint(0, 100)
                    result = json.dumps({"score": {"scaled": score / 100}, "success": score >= 70})
                events.append({"account_id": account, "verb": verb, "object_iri": f"https://petale.test/lecon/{lesson.id}",
                               "lesson": lesson.id, "course": session.course_id, "result": result,
                               "duration_seconds": None, "timestamp": when})
            quiz = next((candidate for candidate in lessons if candidate.kind == "quiz"), None)
            if quiz:
                for k in range(3):
                    score = random.randint(0, 100)
                    attempts.append({"account_id": account, "lesson": quiz.id, "score": score, "passed": score >= 70,
                                     "answers": "{}", "submitted_at": now - timedelta(days=k)})
            for day in range(5):
                time_on_task.append({"account_id": account, "lesson": lessons[day % len(lessons)].id,
                                     "day": (now - timedelta(days=day)).date(), "seconds": random.randint(60, 3600)})
            if len(events) >= 100_000:
                insert(LearningEvent, events)
                events = []
        insert(LearningEvent, events)
        insert(LessonProgress, progress)
        insert(QuizAttempt, attempts)
        insert(TimeOnTask, time_on_task)
    print(f"learning events: {LearningEvent.select().count()}")
    # A bulk load leaves the planner without statistics until autovacuum passes: gather them now, as an
    # operator would after an import (PostgreSQL chose sequential scans without them: 600 ms pages).
    with timed("ANALYZE"):
        for proxy in ZONES.values():
            proxy.execute_sql("ANALYZE")


if __name__ == "__main__":
    main()
