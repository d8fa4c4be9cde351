"""A funding file opened by staff for a demo enrolment."""
from __future__ import annotations

from portal.accounts.models import Account
from portal.learning.models import Enrollment
from tests.support.helpers import submit


def antoine(app):
    with app.app_context():
        return Account.get(Account.display_name == "Antoine")



def open_file(app, client):
    with app.app_context():
        enrollment = Enrollment.get(Enrollment.account_id == antoine(app).id)
    response = submit(client, f"/gestion/financements/ouvrir/{enrollment.id}", {}, page="/gestion/financements")
    assert response.status_code == 302
    return int(response.headers["Location"].rsplit("/", 1)[1])
