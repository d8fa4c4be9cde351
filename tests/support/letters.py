"""Recording a letter to the dpo as the register asks: the letter's fields, then, when they matched an account,
the confirmation the page proposes."""
from __future__ import annotations

import re
from datetime import timedelta

from portal.privacy.models import DataRequest
from portal.timeutil import paris_today
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


def letter_without_email(dpo, demo) -> DataRequest:
    assert post(dpo, "/dpo/demandes/nouvelle", {
        "received_on": (paris_today() - timedelta(days=2)).isoformat(), "kind": "access", "channel": "courrier",
        "without_account": "y", "full_name": "Lucie Martin", "postal_address": "12 rue des Lilas\n69003 Lyon"},
        PAGE).status_code == 302
    with demo.app_context():
        return DataRequest.select().where(DataRequest.requester_id.is_null(False)).order_by(
            DataRequest.id.desc()).first()
