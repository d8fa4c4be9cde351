"""Recording a letter to the dpo as the register asks: the letter's fields, then, when they matched an account,
the confirmation the page proposes."""
from __future__ import annotations

import re

from tests.support.busy_learner import post

PAGE = "/dpo/demandes"
CONFIRMED = re.compile(r'name="confirmed_account" value="([0-9a-f-]{36})"')


def record_letter(dpo, fields: dict):
    """The answer to the confirmation when the letter matched an account; otherwise the first answer."""
    first = post(dpo, "/dpo/demandes/nouvelle", fields, PAGE)
    proposed = CONFIRMED.search(first.get_data(as_text=True)) if first.status_code == 200 else None
    if proposed is None:
        return first
    return post(dpo, "/dpo/demandes/nouvelle", {**fields, "confirmed_account": proposed.group(1)}, PAGE)
