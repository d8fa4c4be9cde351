"""Every mail answering a request about her data comes from the dpo and is signed by him, whoever carried the
request out (her own export and erasure too: a dpo walk found them signed « L'équipe Pétale »); the sender and the
signature have one owner, so no mail comes from one and is signed by the other. Her erasure's mail says which
records the legal archive keeps, for what and until when (from the declarations), and that she may complain to
the CNIL; a restriction's mail tells her ground back to her, not in her own voice (« Je conteste… »)."""
from __future__ import annotations

from datetime import timedelta
from html import unescape

from portal.accounts.models import Account
from portal.personal_data import registry
from portal.timeutil import paris_today
from tests.support.busy_learner import post
from tests.support.helpers import outbox, run_jobs, text_of
from tests.support.learning_fixtures import signed_in
from tests.support.letters import record_letter

DPO_SIGNS = "Le délégué à la protection des données de Pétale"
TEAM_SIGNS = "L'équipe Pétale"


def _html_of(message) -> str:
    return unescape(message.get_body(preferencelist=("html",)).get_content())


def _from_the_dpo(message) -> None:
    assert "dpo@petale.test" in message["From"] and message["Reply-To"] == "dpo@petale.test", message["Subject"]
    for part in (text_of(message), _html_of(message)):
        assert DPO_SIGNS in part and TEAM_SIGNS not in part, message["Subject"]


def test_her_own_export_and_erasure_are_answered_by_the_dpo_and_say_what_the_archive_keeps(demo):
    antoine = signed_in(demo, "apprenant@petale.test")
    post(antoine, "/mes-donnees/export", {}, "/mes-donnees")
    run_jobs(demo)
    run_jobs(demo)
    [ready] = [m for m in outbox(demo) if m["Subject"] == "Votre export de données est prêt"]
    _from_the_dpo(ready)
    assert post(antoine, "/mes-donnees/suppression", {"password": "petale-demo", "understood": "y"},
                "/mes-donnees/suppression").status_code == 200, "her page says it is done"
    run_jobs(demo)
    [farewell] = [m for m in outbox(demo) if m["Subject"] == "Votre compte Pétale est supprimé"]
    _from_the_dpo(farewell)
    text = " ".join(text_of(farewell).split())
    assert "CNIL" in text and "archives légales" in text
    with demo.app_context():
        kinds = registry.archived_kinds()
        why = registry.declared("archive.records").purpose
    assert str(why)[1:].rstrip(".") in text, "why the archive is kept, as its declaration says"
    for kind, words in (("attendance_proof", "Justificatifs de présence"),
                        ("funding_proof", "Dossiers de financement")):
        said = text.split(f"- {words} (")[1].split(" - ")[0].split(" Pour toute")[0]
        assert str(kinds[kind].rule.archive).lower() in said and "détruits au plus tard le" in said, said


def test_the_restriction_mail_tells_her_ground_to_her_and_a_team_mail_stays_the_teams(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    assert record_letter(dpo, {"email": "apprenant@petale.test", "kind": "restriction", "channel": "courrier",
                               "received_on": (paris_today() - timedelta(days=1)).isoformat()}).status_code == 302
    with demo.app_context():
        from portal.privacy.models import DataRequest
        request = DataRequest.select().order_by(DataRequest.id.desc()).get()
    assert post(dpo, f"/dpo/demandes/{request.id}/execution", {
        "identity_method": "piece", "identity_check": "copie de pièce d'identité reçue", "ground": "accuracy",
        "confirmed": "y"},
        f"/dpo/demandes/{request.id}").status_code == 302
    run_jobs(demo)
    [applied] = [m for m in outbox(demo) if m["Subject"] == "Le traitement de vos données est limité"]
    _from_the_dpo(applied)
    assert "Motif : Vous contestez l'exactitude de vos données" in " ".join(text_of(applied).split())
    assert "Je conteste" not in text_of(applied)
    with demo.app_context():
        from portal import mail
        mail.send(Account.get(Account.display_name == "Antoine").id, "password_changed")
    run_jobs(demo)
    [team] = [m for m in outbox(demo) if m["Subject"] not in ("Le traitement de vos données est limité",)
              and "dpo@petale.test" not in m["From"]][-1:]
    assert TEAM_SIGNS in text_of(team) and TEAM_SIGNS in _html_of(team) and DPO_SIGNS not in text_of(team)

