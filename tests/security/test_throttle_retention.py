"""A public form's sendings are counted under keyed hashes of the connection ("f:") and of the address
given ("g:"): rows about a person, declared with the security events (portal/security/personal_data.py),
which the daily retention sweep removes once a year has passed since their last sending, as it does the
login failures."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from portal.retention import sweep
from portal.security import throttle
from portal.security.models import LoginThrottle
from portal.security.personal_data import EVENTS_KEPT

AS_OF = date(2031, 6, 2)  # after any sweep the demo has run
LIMIT = datetime.combine(AS_OF, time(0, 0)) - EVENTS_KEPT  # the sweep's "a year ago", midnight


def sent(app, address: str, ip: str, at: datetime) -> set[str]:
    """One sending of the public complaint form from `ip` for `address` at `at`: the keys it counted under."""
    before = {row.key for row in LoginThrottle.select(LoginThrottle.key)}
    with app.test_request_context("/reclamation", method="POST", environ_base={"REMOTE_ADDR": ip}):
        throttle.admit_public_form("complaint", address, now=at)
    return {row.key for row in LoginThrottle.select(LoginThrottle.key)} - before


def test_public_form_counts_go_a_year_after_their_last_sending_and_newer_ones_stay(demo):
    with demo.app_context():
        old = sent(demo, "odile@opco.example", "192.0.2.10", LIMIT - timedelta(hours=1))
        at_the_limit = sent(demo, "paul@opco.example", "192.0.2.11", LIMIT)
        newer = sent(demo, "rose@opco.example", "192.0.2.12", LIMIT + timedelta(days=200))
        assert all(sorted(key[:2] for key in keys) == ["f:", "g:"] for keys in (old, at_the_limit, newer))

        sweep.sweep(AS_OF)

        left = {row.key for row in LoginThrottle.select(LoginThrottle.key)}
        assert not old & left, "a year and more after their last sending, both counts are gone"
        assert at_the_limit <= left and newer <= left, "within the year they stay"


def test_a_count_sent_again_within_the_year_stays_by_its_last_sending(demo):
    with demo.app_context():
        keys = sent(demo, "odile@opco.example", "192.0.2.10", LIMIT - timedelta(minutes=50))
        assert sent(demo, "odile@opco.example", "192.0.2.10", LIMIT + timedelta(minutes=5)) == set()
        sweep.sweep(AS_OF)
        assert keys <= {row.key for row in LoginThrottle.select(LoginThrottle.key)}
