"""WSGI entry point: `flask --app app ...`, `gunicorn app:app`."""
from jobs.schedule import PERIODIC
from portal.factory import create_app
from portal.jobs.inprocess import run_jobs_with_first_request, use_schedule

app = create_app()
# The periodic jobs this application starts when it runs jobs itself (no REDIS_URL): `flask serve`,
# `flask jobs-run`, gunicorn's workers.
use_schedule(app, PERIODIC)
# gunicorn without REDIS_URL: each worker process runs the jobs in a thread, as `flask serve` does.
run_jobs_with_first_request(app)
