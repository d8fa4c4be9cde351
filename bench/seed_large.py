"""Build the large data set of the learning issue on SQLite: 10,000 learners, 100 sessions,
1,000,000 learning events (plus their progress, attempts and time on task); and a provider's back-office
history over them: each learner's identity in the vault (name, address, phone), a funding file per
enrolment, invoices (some paid, some overdue, some cancelled by a credit note) and 20,000 access-journal
entries. The back-office part is added to a set built before it was written.

    .venv/bin/python bench/seed_large.py [INSTANCE_DIR]     (default: bench/instance-large)

It prints how long each part took. The demo accounts and courses are loaded first. The instance is
brought up to date as `flask init-db` does (every pending migration) before anything is read or written,
whether it is new or was built before the latest migrations; the measuring scripts open it through
open_instance(), which does the same.
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
    app = open_instance(instance)
    with app.app_context():
        build(app)
        build_back_office()


def open_instance(instance: Path, settings: dict | None = None):
    """The app over a bench instance, its databases brought up to date as `flask init-db` does: a set built
    before the latest migrations works as a new one does."""
    os.environ["INSTANCE_PATH"] = str(instance)
    from portal.cli.database import bring_up_to_date  # after INSTANCE_PATH: the portal reads it at import
    from portal.factory import create_app

    app = create_app(settings)
    with app.app_context():
        bring_up_to_date()
    return app


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

    random.seed(42)
    with timed("demo data"):
        seed()
    if Account.select().count() > LEARNERS:
        print("learning data already built")
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
        insert(Account, [{"id": a, "role": "learner", "display_name": f"Apprenant {i}",
                          "name_key": f"apprenant {i}", "language": "fr",
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


FIRST_NAMES = ["Marie", "Élodie", "Chloé", "Léa", "Inès", "Zoé", "Hélène", "Jérôme", "François", "Noël", "Anaïs",
               "Céline", "Gaëlle", "Thérèse", "Agnès", "Lucas", "Hugo", "Maëlys", "Camille", "Renée"]
LAST_NAMES = ["Dupont", "Lefèvre", "Moreau", "Girard", "Bérard", "Mercier", "Dufour", "Lambert", "Fontaine",
              "Rousseau", "Vincent", "Müller", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Perrin"]
AUDIT_ENTRIES = int(os.environ.get("BENCH_AUDIT_ENTRIES", 20_000))


def build_back_office() -> None:
    """Identities, funding files, invoices, payments and access-journal entries for the bench learners."""
    from portal.accounts.models import Account
    from portal.db import ZONES, vault_db
    from portal.funding.models import STATUSES, FundingFile
    from portal.invoicing.models import Invoice, InvoiceSequence
    from portal.learning.models import Enrollment, TrainingSession
    from portal.textfold import fold
    from portal.vault.audit import GENESIS, digest
    from portal.vault.models import AuditEntry, Identity, Payment

    random.seed(7)
    learners = [a.id for a in Account.select(Account.id).where(Account.display_name.startswith("Apprenant "))]
    have = {row.account_id for row in Identity.select(Identity.account_id).where(Identity.account_id.in_(learners))}
    if len(have) >= len(learners):
        print("back office already built")
        return
    now = datetime.utcnow().replace(microsecond=0)
    with timed(f"{len(learners)} identities"):
        rows = []
        for i, account in enumerate(learners):
            name = f"{random.choice(FIRST_NAMES)} {random.choice(LAST_NAMES)}"
            email = f"apprenant{i}@bench.petale.test"
            rows.append({"account_id": account, "full_name": name, "search_key": " ".join(fold(name).split()),
                         "email": email, "email_key": email, "phone": f"+3361{i:07d}", "updated_at": now})
        for start in range(0, len(rows), BATCH):
            with vault_db.atomic():
                Identity.insert_many(rows[start:start + BATCH]).execute()
    enrollments = list(Enrollment.select(Enrollment, TrainingSession).join(TrainingSession)
                       .where(Enrollment.account_id.in_(learners)))
    with timed(f"{len(enrollments)} funding files"):
        insert(FundingFile, [{"enrollment": e.id, "funder_type": "opco", "funder_name": "OPCO EP",
                              "case_number": f"EP-{e.id:06d}", "status": random.choice(STATUSES),
                              "created_at": now, "updated_at": now - timedelta(days=random.randint(0, 90))}
                             for e in enrollments])
    year = now.year
    last = InvoiceSequence.get_or_none(InvoiceSequence.year == year)
    seq = last.last if last else 0
    invoices, payments = [], []
    with timed("invoices and payments"):
        for e in enrollments:
            if random.random() < 0.3:
                continue
            seq += 1
            issued = (now - timedelta(days=random.randint(0, 180))).date()
            number = f"FAC-{year}-{seq:06d}"
            invoices.append({"number": number, "year": year, "seq": seq, "kind": "invoice", "enrollment": e.id,
                             "account_id": e.account_id, "payer_type": random.choice(["learner", "funder", "employer"]),
                             "issued_on": issued, "service_from": e.session.starts_on, "service_to": e.session.ends_on,
                             "due_on": issued + timedelta(days=30), "total_cents": 89000, "part": "total",
                             "lines": json.dumps([{"description": "Formation", "quantity": 1, "unit_cents": 89000}]),
                             "created_at": now, "paid_cents": 0})
            if random.random() < 0.5:
                invoices[-1]["paid_cents"] = 89000  # as portal.invoicing.received keeps it
                payments.append({"provider_ref": f"bench-{number}", "account_id": e.account_id,
                                 "invoice_number": number, "amount_cents": 89000, "paid_at": now, "card_last4": "",
                                 "method": "transfer", "reference": f"VIR {number}"})
        insert(Invoice, invoices)
        InvoiceSequence.insert(year=year, last=seq).on_conflict_replace().execute()
        for start in range(0, len(payments), BATCH):
            with vault_db.atomic():
                Payment.insert_many(payments[start:start + BATCH]).execute()
    with timed(f"{AUDIT_ENTRIES} access-journal entries"):
        staff = Account.get(Account.role == "staff")
        last_entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
        prev = last_entry.entry_hash if last_entry else GENESIS
        rows = []
        for n in range(AUDIT_ENTRIES):
            at = now - timedelta(minutes=AUDIT_ENTRIES - n)
            subject = random.choice(learners)
            fields = "full_name,email"
            entry = digest(prev, at, staff.id, "staff", subject, "lecture", fields, "Appel entrant", None)
            rows.append({"at": at, "actor_id": staff.id, "actor_role": "staff", "subject_id": subject,
                         "action": "lecture", "fields": fields, "reason": "Appel entrant", "workflow": None,
                         "prev_hash": prev, "entry_hash": entry})
            prev = entry
        for start in range(0, len(rows), BATCH):
            with vault_db.atomic():
                AuditEntry.insert_many(rows[start:start + BATCH]).execute()
    with timed("ANALYZE"):
        for proxy in ZONES.values():
            proxy.execute_sql("ANALYZE")


if __name__ == "__main__":
    main()
