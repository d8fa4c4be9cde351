"""The schedule's arithmetic: the deposit never above 30 % whatever the setting, nothing before the day after
the withdrawal period, the balance spread over the session and adding up to the share to the cent."""
from __future__ import annotations

from datetime import date

from portal.contracts import schedule


def test_a_deposit_set_above_the_law_is_capped_and_the_steps_add_up_to_the_share():
    steps = schedule.steps(89001, date(2027, 1, 4), date(2027, 2, 1), date(2027, 5, 2), 45, 3)
    assert steps[0] == schedule.Step("deposit", date(2027, 1, 15), 89001 * 30 // 100)
    assert [s.kind for s in steps] == ["deposit", "balance", "balance", "balance"]
    assert sum(s.amount_cents for s in steps) == 89001
    assert [s.bills_on for s in steps[1:]] == [date(2027, 3, 3), date(2027, 4, 2), date(2027, 5, 2)]


def test_a_session_already_running_bills_nothing_before_the_period_has_run_out():
    steps = schedule.steps(50000, date(2027, 3, 10), date(2027, 3, 1), date(2027, 3, 15), 30, 2)
    assert all(s.bills_on >= date(2027, 3, 21) for s in steps)
    assert schedule.withdrawal_ends_on(date(2027, 3, 10)) == date(2027, 3, 20)


def test_no_deposit_when_the_provider_asks_none():
    steps = schedule.steps(60000, date(2027, 1, 4), date(2027, 2, 1), date(2027, 3, 1), 0, 1)
    assert steps == [schedule.Step("balance", date(2027, 3, 1), 60000)]
