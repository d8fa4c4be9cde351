"""Article 18(3): a person who obtained a restriction is told before it is lifted. When its ground has ceased, the
dpo lifts it in two steps: she is first mailed the day and the reason, then the dpo lifts it on or after that day
(a dpo walk found it lifted first and the mail sent after). Her own request to lift it is lifted at once."""
from __future__ import annotations

from datetime import timedelta

from portal.privacy import requests as register
from portal.privacy.models import DataRequest
from portal.standing.service import is_restricted
from portal.timeutil import paris_today
from portal.vault.service import account_id_for_email
from tests.support.busy_learner import post
from tests.support.helpers import outbox, readable, run_jobs, text_of
from tests.support.learning_fixtures import signed_in
from tests.support.letters import record_letter

ID_CARD = {"identity_method": "piece", "identity_check": "copie de pièce d'identité reçue"}
SEEN = {"confirmed": "y"}  # the dpo read what she will receive, and sends it
ANNOUNCED = "La limitation du traitement de vos données va être levée"
LIFTED = "La limitation du traitement de vos données est levée"


def test_the_dpo_announces_the_lifting_with_its_day_then_lifts_it_on_that_day(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    assert record_letter(dpo, {"email": "apprenant@petale.test", "kind": "restriction", "channel": "courrier",
                               "received_on": paris_today().isoformat()}).status_code == 302
    with demo.app_context():
        request = DataRequest.select().order_by(DataRequest.id.desc()).get()
        antoine = account_id_for_email("apprenant@petale.test")
    page = f"/dpo/demandes/{request.id}"
    assert post(dpo, f"{page}/execution", {**ID_CARD, "ground": "accuracy", **SEEN}, page).status_code == 302
    shown = readable(dpo.get(page).get_data(as_text=True))
    assert "Article 18.3" in shown and "Prévenir la personne de la levée" in shown
    tomorrow = paris_today() + timedelta(days=1)
    for day in ("", paris_today().isoformat()):  # no day, or today: she would not be told before
        refused = post(dpo, f"{page}/execution", {"reason": "Adresse vérifiée.", "lift_on": day}, page)
        assert refused.status_code == 422 and "article 18.3" in readable(refused.get_data(as_text=True))
    announcing = {"reason": "Adresse vérifiée : elle était exacte.", "lift_on": tomorrow.isoformat()}
    shown = readable(post(dpo, f"{page}/execution", announcing, page).get_data(as_text=True))
    assert "Relire avant d'envoyer" in shown and f"sera levée le {tomorrow:%d/%m/%Y}" in shown
    with demo.app_context():
        assert DataRequest.get_by_id(request.id).lift_on is None, "read first: nothing announced yet"
    assert post(dpo, f"{page}/execution", {**announcing, **SEEN}, page).status_code == 302
    run_jobs(demo)
    with demo.app_context():
        assert is_restricted(antoine), "told first: still restricted until the day announced"
        assert DataRequest.get_by_id(request.id).closed_at is None
    [told] = [m for m in outbox(demo) if m["Subject"] == ANNOUNCED]
    assert f"sera levée le {tomorrow:%d/%m/%Y}" in " ".join(text_of(told).split())
    assert "elle était exacte" in text_of(told) and "dpo@petale.test" in told["From"]
    shown = readable(dpo.get(page).get_data(as_text=True))
    assert f"Levée annoncée à la personne pour le {tomorrow:%d/%m/%Y}" in shown
    early = post(dpo, f"{page}/execution", dict(SEEN), page)
    assert early.status_code == 422
    assert "pourra être levée à partir de ce jour" in readable(early.get_data(as_text=True))
    with demo.app_context():
        assert is_restricted(antoine) and not [m for m in outbox(demo) if m["Subject"] == LIFTED]
        DataRequest.update(lift_on=paris_today()).where(DataRequest.id == request.id).execute()  # the day has come
    assert post(dpo, f"{page}/execution", dict(SEEN), page).status_code == 302
    run_jobs(demo)
    with demo.app_context():
        assert not is_restricted(antoine) and DataRequest.get_by_id(request.id).closed_at is not None
        sent = [copy.subject for copy in register.mails_of(register.request_or_none(request.id))]
    assert sent.index(ANNOUNCED) < sent.index(LIFTED), "told before, then told it is done"
