"""WSGI entry point: `flask --app app ...`, `gunicorn app:app`."""
from portal import create_app
from portal.jobs.inprocess import run_jobs_with_first_request

app = create_app()
# gunicorn without REDIS_URL: each worker process runs the jobs in a thread, as `flask serve` does.
run_jobs_with_first_request(app)
