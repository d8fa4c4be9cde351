"""Time of the forum's full-text queries on a large forum: a learner's "similar questions" as she types,
the course search, and staff searching the whole course.

    .venv/bin/python bench/forum_search.py [MESSAGES]                 # SQLite, in a temporary folder
    DATABASE_URL=postgresql://127.0.0.1/petale_forum_main \\
    VAULT_DATABASE_URL=postgresql://127.0.0.1/petale_forum_vault \\
    ARCHIVE_DATABASE_URL=postgresql://127.0.0.1/petale_forum_archive \\
        .venv/bin/python bench/forum_search.py [MESSAGES]             # PostgreSQL (createdb them; emptied first)

The forum gets MESSAGES messages (default 30,000) in threads of five, over the demo course's sessions,
written one word in five from a small florist's vocabulary, so that common words match thousands of
messages (the case that made PostgreSQL rank slowly with expression indexes), the rest from made-up
words; one answer in fifty is a reference answer.
Prints the median and worst time of each query over 20 runs.
"""
from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

VOCABULARY = [
    "rose", "roses", "tige", "tiges", "bouquet", "bouquets", "feuillage", "collerette", "spirale", "liage", "ficelle",
    "raphia", "vase", "eau", "couteau", "sécateur", "biseau", "épines", "épine", "pivoine", "pivoines", "tulipe",
    "tulipes", "renoncule", "gypsophile", "eucalyptus", "couleur", "couleurs", "camaïeu", "complémentaire", "blanc",
    "vert", "rouge", "jaune", "violet", "orange", "mariage", "deuil", "anniversaire", "fraîcheur", "conservation",
    "chambre", "froide", "nuit", "veille", "transport", "hauteur", "longueur", "proportion", "équilibre",
]
RUNS = 20


def sentence(rng: random.Random, words: int) -> str:
    """One word in five from the florist's vocabulary (so a common word is in thousands of messages),
    the others from 5,000 made-up words (so a rare word is rare)."""
    return " ".join(rng.choice(VOCABULARY) if rng.random() < 0.2 else f"mot{rng.randrange(5000)}x"
                    for _ in range(words)).capitalize() + " ?"


def fill(count: int) -> dict:
    from portal.accounts.models import Account
    from portal.db import main_db
    from portal.demo.seed import seed
    from portal.forum.models import Post, Thread
    from portal.learning.models import Module, SessionTrainer

    seed(backoffice=False)
    rng = random.Random(7)
    modules = list(Module.select())
    sessions = [(st.session_id, st.account_id) for st in SessionTrainer.select()]
    learner = Account.get(Account.display_name == "Antoine")
    start = datetime(2026, 1, 1)
    for first in range(0, count, 5000):
        with main_db.atomic():
            for n in range(first, min(first + 5000, count), 5):
                session, trainer = sessions[n % len(sessions)]
                at = start + timedelta(minutes=n)
                thread = Thread.insert(module=rng.choice(modules).id, session=session, author_id=learner.id,
                                       title=sentence(rng, 6), created_at=at, last_activity_at=at,
                                       answered_at=at).execute()
                Post.insert_many([
                    {"thread": thread, "author_id": learner.id if k % 2 == 0 else trainer, "by_trainer": k % 2 == 1,
                     "body": sentence(rng, 40), "created_at": at + timedelta(seconds=k),
                     "reference_at": at if k == 1 and n % 50 == 0 else None}
                    for k in range(5)]).execute()
    return {"learner": learner, "staff": Account.get(Account.role == "staff"),
            "course": modules[0].course_id}


def timed(label: str, call) -> None:
    call()  # warm: plans and pages in cache, as for a page served many times
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        call()
        times.append((time.perf_counter() - began) * 1000)
    print(f"  {label:<46} median {statistics.median(times):7.1f} ms   worst {max(times):7.1f} ms")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 30_000
    os.environ.setdefault("INSTANCE_PATH", tempfile.mkdtemp(prefix="petale-forum-"))
    from portal.db import ZONES, is_postgres
    from portal.factory import create_app
    from portal.forum import similar
    from portal.forum.threads import scope_for
    from portal.schema import migrate_all

    app = create_app({"LOG_LEVEL": "WARNING", "SECRET_KEY": uuid.uuid4().hex})
    with app.app_context():
        if is_postgres():
            for proxy in ZONES.values():
                for table in proxy.get_tables():
                    proxy.execute_sql(f'DROP TABLE "{table}" CASCADE')
        migrate_all()
        began = time.perf_counter()
        world = fill(count)
        for proxy in ZONES.values():
            proxy.execute_sql("ANALYZE")
        print(f"{'PostgreSQL' if is_postgres() else 'SQLite'}: {count} messages written in "
              f"{time.perf_counter() - began:.0f} s")
        learner, staff, course = scope_for(world["learner"]), scope_for(world["staff"]), world["course"]
        typed = "Comment garder les roses fraîches la veille du mariage ?"
        timed("similar(), learner, a common question", lambda: similar.similar(learner, course, typed))
        timed("similar(), learner, a rare word", lambda: similar.similar(learner, course, "mot4242x"))
        timed("search(), learner, two words", lambda: similar.search(learner, course, "tulipes vase"))
        timed("search(), staff, the whole course", lambda: similar.search(staff, course, "roses tige"))
        timed("module_references()", lambda: similar.module_references(1))


if __name__ == "__main__":
    main()
