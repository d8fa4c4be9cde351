"""One RQ worker, a mailing to N people through a local SMTP relay (aiosmtpd): jobs per second.

    .venv/bin/python bench/worker_throughput.py                  # 10 000 mails, jobs.worker.PetaleWorker
    .venv/bin/python bench/worker_throughput.py --mails 200 --stock   # the stock `rq worker`, for comparison

A policy-change notice as the portal sends it (portal.mail.send_many, one job per person, each reading
the account and the vault, rendering the French text and HTML and handing it to the relay). SQLite in a
temporary instance; Redis from PETALE_BENCH_REDIS_URL (its database is emptied). Prints figures, asserts
nothing about speed.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from aiosmtpd.controller import Controller
from redis import Redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REDIS_URL = os.environ.get("PETALE_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")


class Counting:
    def __init__(self) -> None:
        self.received = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        with self.lock:
            self.received += 1
        return "250 OK"


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mails", type=int, default=10_000)
    parser.add_argument("--stock", action="store_true", help="the stock rq worker (each horse builds the app)")
    parser.add_argument("--worker-class", default="jobs.worker.PetaleWorker",
                        help="rq.SimpleWorker runs jobs without forking: what the fork costs")
    options = parser.parse_args()

    relay = Counting()
    port = free_port()
    controller = Controller(relay, hostname="127.0.0.1", port=port)
    controller.start()
    folder = Path(tempfile.mkdtemp(prefix="petale-worker-bench-"))
    env = {**os.environ, "INSTANCE_PATH": str(folder), "SECRET_KEY": "bench-" + uuid.uuid4().hex,
           "REDIS_URL": REDIS_URL, "RQ_QUEUE": "petale-bench", "MAIL_URL": f"smtp://127.0.0.1:{port}",
           "BASE_URL": "https://formation.example", "PYTHONPATH": str(ROOT), "LOG_LEVEL": "WARNING"}
    os.environ.update(env)
    Redis.from_url(REDIS_URL).flushdb()

    from portal import db, mail
    from portal.accounts.models import Account
    from portal.factory import create_app
    from portal.jobs.models import DONE, JobRecord
    from portal.schema import migrate_all
    from portal.vault.models import Identity

    app = create_app()
    with app.app_context():
        migrate_all()
        people = [uuid.uuid4() for _ in range(options.mails)]
        for start in range(0, len(people), 500):
            batch = people[start:start + 500]
            Account.insert_many([{"id": a, "role": "learner", "display_name": f"Apprenante {start + i}",
                                  "status": "active"} for i, a in enumerate(batch)]).execute()
            Identity.insert_many([{"account_id": a, "full_name": f"Apprenante Numéro {start + i}",
                                   "email": f"apprenante{start + i}@example.org",
                                   "email_key": f"apprenante{start + i}@example.org", "phone": "0600000000"}
                                  for i, a in enumerate(batch)]).execute()
        context = {"version": 4, "summary": "Les sauvegardes vont sur un second site.", "effective_on": "07/01/2027",
                   "policy_url": "https://formation.example/confidentialite/4",
                   "account_url": "https://formation.example/mes-donnees#titre-suppression"}
        queued_at = time.monotonic()
        with db.atomic():
            mail.send_many("policy_change", [(person, context) for person in people])
        queued = time.monotonic() - queued_at
    db.close_zones()

    command = [sys.executable, "-m", "rq.cli", "worker", "--burst", "--url", REDIS_URL, "petale-bench"]
    if not options.stock:
        command[4:4] = ["-w", options.worker_class]
    started = time.monotonic()
    worker = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    controller.stop()
    if worker.returncode != 0:
        print(worker.stderr[-3000:])
    with app.app_context():
        done = JobRecord.select().where(JobRecord.status == DONE).count()
    kind = "rq worker (stock)" if options.stock else f"rq worker -w {options.worker_class}"
    print(f"{options.mails} mails queued (rows and RQ messages) in {queued:.1f} s")
    print(f"{kind}, 1 process: {done} jobs done, {relay.received} mails received by the relay, "
          f"in {elapsed:.1f} s (worker start included): {done / elapsed:.1f} jobs/s")


if __name__ == "__main__":
    main()
