"""The preview of a mail to an account holder greets her by her name, as the mail job will (it said « Bonjour [nom
de la personne] »): a read of her name from the vault for this request, journaled once in a short while however
often the dpo previews it, the vault's rule for a page read again."""
from __future__ import annotations

from datetime import timedelta

from portal.vault.models import AuditEntry
from portal.vault.service import account_id_for_email
from tests.support.busy_learner import post
from tests.support.learning_fixtures import signed_in
from tests.support.request_mails import PAGE, antoines_letter, shown


def preview(page: str) -> str:
    return page.split('<pre class="preview">')[1].split("</pre>")[0]


def test_the_preview_greets_an_account_holder_by_her_name_read_once_per_request(demo):
    dpo = signed_in(demo, "dpo@petale.test")
    first, second = antoines_letter(demo, dpo), antoines_letter(demo, dpo, kind="rectification")
    extension = {"new_due": (first.due_on + timedelta(days=10)).isoformat(), "reason": "Archives à consulter",
                 "fiche": "y"}
    for _ in range(3):  # read again, reloaded: one journal entry
        asked = post(dpo, f"{PAGE}/{first.id}/report", extension, PAGE)
        assert asked.status_code == 200 and "Bonjour Antoine Apprenant," in preview(shown(asked))
    closing = post(dpo, f"{PAGE}/{first.id}/cloture", {"answer": "Voici vos données.", "fiche": "y"}, PAGE)
    assert "Bonjour Antoine Apprenant," in preview(shown(closing)) and "[nom de la personne]" not in shown(closing)
    asked = post(dpo, f"{PAGE}/{second.id}/cloture", {"answer": "Rien à corriger.", "fiche": "y"}, PAGE)
    assert "Bonjour Antoine Apprenant," in preview(shown(asked))
    with demo.app_context():
        antoine = account_id_for_email("apprenant@petale.test")
        reads = {entry.workflow: entry for entry in AuditEntry.select().where(
            AuditEntry.workflow.startswith("registre des demandes, demande n°"))}
        assert set(reads) == {f"registre des demandes, demande n° {first.id}",
                              f"registre des demandes, demande n° {second.id}"}, "one read per request"
        assert all(e.subject_id == antoine and e.fields == "full_name" and e.action == "lecture"
                   for e in reads.values())
