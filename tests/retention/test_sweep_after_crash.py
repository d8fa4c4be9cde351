"""A retention sweep killed in the middle of an erasure (kill -9 of its process), then run again by hand at
once: the new run sees that the previous run's process is gone — it held a lock that died with it — so it
closes that run as interrupted and finishes the erasure now, not an hour later. While the first sweep's
process is alive, a second sweep is refused in words and touches nothing."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest

from portal.accounts.models import DELETED, ERASING, Account
from portal.retention.models import RetentionRun
from portal.retention.sweep import SweepRefused, sweep
from portal.timeutil import paris_today, utcnow
from portal.vault import service as vault
from portal.vault.models import Identity
from tests.support.own_servers import ROOT, environment

# The sweep of another process, stopped in the middle of an erasure: its main zone erased, the identity
# not yet (the step it is in never returns; the test kills the process there).
STUCK_SWEEP = """
import sys, time
from datetime import date
from pathlib import Path
from portal.factory import create_app
from portal.privacy import erasure
from portal.retention.sweep import sweep

def stuck(account_id):
    Path(sys.argv[1]).write_text("in the middle of an erasure")
    time.sleep(300)

erasure.vault.erase_identity = stuck
with create_app().app_context():
    sweep(date.fromisoformat(sys.argv[2]))
"""


def test_a_sweep_run_again_after_a_crash_finishes_the_erasure_the_crash_interrupted(demo, tmp_path):
    today = paris_today()
    with demo.app_context():
        account_id = vault.account_id_for_email("apprenant@petale.test")
        # Warned long ago and never answered: the sweep archives (erases) this learner's account.
        Account.update(inactive_warned_at=utcnow() - timedelta(days=70)).where(Account.id == account_id).execute()
    marker = tmp_path / "stuck"
    first = subprocess.Popen([sys.executable, "-c", STUCK_SWEEP, str(marker), today.isoformat()],
                             env=environment(demo), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert first.poll() is None, first.stderr.read().decode()[-3000:]
            assert time.monotonic() < deadline, "the first sweep never reached the erasure"
            time.sleep(0.05)
        with demo.app_context():
            with pytest.raises(SweepRefused, match="Un balayage est en cours dans un autre processus"):
                sweep(today)
            [running] = RetentionRun.select()
            assert running.finished_at is None and not running.interrupted, "a live sweep's run is left alone"
    finally:
        if first.poll() is None:
            os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
        first.stderr.close()

    with demo.app_context():
        assert Account.get_by_id(account_id).status == ERASING
        assert Identity.select().where(Identity.account_id == account_id).exists(), "the crash left the identity"
        sweep(today)  # by hand, right after the crash
        killed = RetentionRun.get_by_id(running.id)
        assert killed.interrupted and killed.finished_at is not None
        assert killed.finished_at - killed.started_at < timedelta(minutes=10), "closed at once, not after an hour"
        assert Account.get_by_id(account_id).status == DELETED
        assert not Identity.select().where(Identity.account_id == account_id).exists()
        assert RetentionRun.select().where(RetentionRun.finished_at.is_null()).count() == 0
