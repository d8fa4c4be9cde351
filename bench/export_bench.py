"""Time and peak memory of one export for a learner with 10,000 events and 500 posts.

    .venv/bin/python bench/export_bench.py [INSTANCE_DIR]      (default: a fresh temporary folder)

Target (issue 6): 2 s and 150 MB or less. The data is prepared in this process, then the export runs in a
fresh one, as a worker would run it: its maximum resident size is the peak memory reported (seeding the
demo, with its PDFs, would otherwise set the high-water mark).
"""
from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    instance = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="petale-export-"))
    os.environ["INSTANCE_PATH"] = str(instance)
    from portal.db import main_db
    from portal.demo.seed import seed
    from portal.factory import create_app
    from portal.forum.models import Post, Thread
    from portal.learning import xapi
    from portal.learning.models import LearningEvent, Lesson
    from portal.privacy.export import request_export
    from portal.schema import migrate_all
    from portal.timeutil import utcnow
    from portal.vault.service import account_id_for_email

    app = create_app({"LOG_LEVEL": "WARNING"})
    with app.app_context():
        migrate_all()
        seed()
        me = account_id_for_email("apprenant@petale.test")
        lessons = [lesson.id for lesson in Lesson.select(Lesson.id)]
        thread = Thread.select().where(Thread.author_id == me).first()
        now = utcnow()
        with main_db.atomic():
            LearningEvent.insert_many([
                {"account_id": me, "verb": xapi.EXPERIENCED, "object_iri": f"https://petale.test/lecon/{n % 7 + 1}",
                 "lesson": random.choice(lessons), "timestamp": now - timedelta(minutes=n)} for n in range(10_000)
            ]).execute()
            Post.insert_many([{"thread": thread.id, "author_id": me, "body": f"Message {n} " * 20,
                               "created_at": now} for n in range(500)]).execute()
        export = request_export(me)
    result = subprocess.run([sys.executable, __file__, "--build", str(instance), str(export.id)],
                            capture_output=True, text=True, check=True)
    print(result.stdout.strip())


def build_only(instance: Path, export_id: int) -> None:
    os.environ["INSTANCE_PATH"] = str(instance)
    from portal.factory import create_app
    from portal.privacy.export import build_export
    from portal.privacy.models import Export

    app = create_app({"LOG_LEVEL": "WARNING"})
    with app.app_context():
        start = time.perf_counter()
        build_export(export_id)
        elapsed = time.perf_counter() - start
        size = Export.get_by_id(export_id).size_bytes
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"export of 10,000 events and 500 posts: {elapsed:.2f} s, zip {size / 1024:.0f} KB, "
          f"peak resident memory of the exporting process {peak_mb:.0f} MB")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--build"]:
        build_only(Path(sys.argv[2]), int(sys.argv[3]))
    else:
        main()
