"""The payment schedule the law allows a person paying her own training (L6353-5 and L6353-6): nothing
before her ten days to withdraw have run out; then a deposit of at most 30 % of the agreed price; the
balance in instalments spread over the session's calendar. Arithmetic on dates and cents; the deposit's
ceiling is the invoicing service's, which refuses any larger deposit to a learner."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from portal.invoicing.service import LEARNER_DEPOSIT_CAP_PERCENT

WITHDRAWAL_DAYS = 10  # she may withdraw until the tenth day after signing, that day included
DEPOSIT, BALANCE = "deposit", "balance"


@dataclass(frozen=True)
class Step:
    kind: str
    bills_on: date  # the day its invoice is issued
    amount_cents: int


def withdrawal_ends_on(signed_on: date) -> date:
    return signed_on + timedelta(days=WITHDRAWAL_DAYS)


def first_billing_day(signed_on: date) -> date:
    """The day after the withdrawal period: the first on which anything may be invoiced to her."""
    return withdrawal_ends_on(signed_on) + timedelta(days=1)


def deposit_percent(configured: int) -> int:
    """The provider's setting, within the law's ceiling whatever it sets."""
    return max(0, min(configured, LEARNER_DEPOSIT_CAP_PERCENT))


def steps(share_cents: int, signed_on: date, starts_on: date, ends_on: date, configured_percent: int,
          instalments: int) -> list[Step]:
    """The deposit the day after the withdrawal period, then `instalments` equal parts of the balance (the
    last takes the odd cents) at even intervals of the session, the last on its final day; none before the
    deposit."""
    first = first_billing_day(signed_on)
    deposit = share_cents * deposit_percent(configured_percent) // 100
    planned = [Step(DEPOSIT, first, deposit)] if deposit else []
    balance, count = share_cents - deposit, max(1, instalments)
    span = max((ends_on - starts_on).days, 0)
    each = balance // count
    for k in range(1, count + 1):
        amount = each if k < count else balance - each * (count - 1)
        day = max(starts_on + timedelta(days=span * k // count), first)
        if amount > 0:
            planned.append(Step(BALANCE, day, amount))
    return planned
