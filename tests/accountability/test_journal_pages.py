"""The access journal grows without end: a page at a time (the page in the address), each page checking the
latest entries of the chain, the whole chain on request."""
from __future__ import annotations

from html import unescape

from portal.accounts.models import Account
from portal.vault import audit
from portal.vault.models import AuditEntry
from tests.support.funding import antoine
from tests.support.learning_fixtures import signed_in


def test_the_journal_is_paged_and_checks_its_latest_entries_or_the_whole_chain_when_asked(demo, monkeypatch):
    with demo.app_context():
        learner = antoine(demo).id
        actor = audit.Actor(Account.get(Account.role == "dpo").id, "dpo")
        for n in range(120):
            audit.record(actor, learner, "lecture", ["email"], reason=f"contrôle {n}")
        first = AuditEntry.select().order_by(AuditEntry.id).first()
        AuditEntry.update(reason="rien à voir").where(AuditEntry.id == first.id).execute()
    dpo = signed_in(demo, "dpo@petale.test")
    monkeypatch.setattr("portal.accountability.journal.LATEST_CHECKED", 100)
    page = unescape(dpo.get("/dpo/journal").get_data(as_text=True))
    assert "Page 1 sur 3" in page and "contrôle 119" in page and "contrôle 60" not in page
    assert "Chaîne intègre\u00a0: 100 entrées vérifiées. (les plus récentes, sur 120)" in page
    assert 'href="/dpo/journal?page=2"' in page
    last = unescape(dpo.get("/dpo/journal?page=3").get_data(as_text=True))
    assert "Page 3 sur 3" in last and "rien à voir" in last
    whole = unescape(dpo.get("/dpo/journal?verifier=tout").get_data(as_text=True))
    assert f"Chaîne rompue à l'entrée n° {first.id}" in whole, "the whole chain, asked for, finds the old edit"
