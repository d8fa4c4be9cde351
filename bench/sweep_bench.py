"""Time to sweep 100,000 accounts on SQLite (target: 10 s or less).

    .venv/bin/python bench/sweep_bench.py [ACCOUNTS]

Half the accounts have been idle for more than a year: the sweep marks them and queues their
warning mails (one job row each) in batches; the other half are left alone.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
import uuid
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    os.environ["INSTANCE_PATH"] = tempfile.mkdtemp(prefix="petale-sweep-")
    from portal.accounts.models import Account
    from portal.db import main_db
    from portal.factory import create_app
    from portal.retention.sweep import sweep
    from portal.schema import migrate_all

    app = create_app({"LOG_LEVEL": "WARNING"})
    with app.app_context():
        migrate_all()
        as_of = date(2027, 12, 1)
        rows = [{"id": uuid.uuid4(), "role": "learner", "display_name": f"A{n}", "language": "fr", "status": "active",
                 "created_at": datetime(2025, 1, 1), "session_version": 1,
                 "last_login_at": datetime(2026, 6, 1) if n % 2 else datetime(2027, 11, 1)} for n in range(count)]
        for start in range(0, count, 5000):
            with main_db.atomic():
                Account.insert_many(rows[start:start + 5000]).execute()
        began = time.perf_counter()
        report = sweep(as_of)
        elapsed = time.perf_counter() - began
        again = time.perf_counter()
        sweep(as_of)
        second = time.perf_counter() - again
    print(f"sweep of {count} accounts: {elapsed:.1f} s ({report.warned} warned, mails queued); "
          f"second run the same day: {second:.2f} s")


if __name__ == "__main__":
    main()
