"""/dpo: the dpo's home, what waits for her, the most pressing first."""
from __future__ import annotations

from flask import render_template

from portal.accounts.names import display_names
from portal.dpo.views import bp
from portal.privacy import requests as register
from portal.privacy import restriction
from portal.security import events, incidents
from portal.security.wording import PEOPLE_WORDS, event_kind
from portal.standing.restriction import restricted_accounts


@bp.route("")
def home():
    waiting = register.open_by_due_date()
    open_incidents = incidents.still_open()
    restricted = restricted_accounts()
    return render_template("dpo/home.html", requests=waiting, overdue=register.is_overdue, due=register.effective_due,
                           names=display_names([r.account_id for r in waiting] + [a.id for a in restricted]),
                           restricted_accounts=restricted, grounds=restriction.GROUNDS_SEEN, incidents=open_incidents,
                           clocks={i.id: incidents.authority_clock(i) for i in open_incidents},
                           people={i.id: incidents.people_state(i) for i in open_incidents}, people_words=PEOPLE_WORDS,
                           alerts=events.last_day(), event_kind=event_kind)
