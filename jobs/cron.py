"""Configuration for `rq cron` (make cron): exactly one such process per deployment."""
import os

from rq import cron

from jobs import tasks
from jobs.schedule import PERIODIC, TICK_SECONDS

QUEUE = os.environ.get("RQ_QUEUE") or "petale"

cron.register(tasks.tick, QUEUE, interval=TICK_SECONDS)
for periodic in PERIODIC:
    cron.register(
        tasks.start_periodic, QUEUE, args=(periodic.name,), interval=int(periodic.every.total_seconds()),
        name=f"petale-{periodic.name}",
    )
