"""Deleting an account leaves no row keyed by it in the main zone or the vault, whatever feature wrote
it (a model added later is covered too), and moves certificates, invoices and payments to the archive."""
from __future__ import annotations

import json
from datetime import date, datetime

from portal.accounts.models import Account
from portal.archive.models import ArchivedRecord
from portal.demo.seed import seed
from portal.learning.models import Enrollment, Module
from portal.personalisation.models import ResourceMail, Suggestion
from portal.privacy.erasure import delete_account
from portal.privacy.models import PolicyAcknowledgement
from portal.reminders.models import DropoutNudge
from portal.schema import zone_models
from portal.security import events
from portal.vault.service import enable_totp

# Records kept on purpose: the registers of the provider's own acts (requests on data, including this
# erasure, breaches, judicial requests, the access log) name the account by its UUID only.
KEPT = {"data_request", "incident_account", "judicial_request", "audit_entry"}


def test_nothing_keyed_by_the_deleted_account_is_left_and_legal_records_are_archived(app):
    with app.app_context():
        seed()  # with the back office: Bérénice has a certificate, a funding file, an invoice paid by card
        berenice = Account.get(Account.display_name == "Bérénice")
        me = berenice.id
        enrollment = Enrollment.get(Enrollment.account_id == me)
        Suggestion.create(account_id=me, module=Module.get(Module.title == "Printemps").id)
        ResourceMail.create(account_id=me, theme="materiel", failures=3)
        DropoutNudge.create(account_id=me, enrollment=enrollment.id, last_activity_at=datetime(2026, 11, 1),
                            sent_on=date(2026, 11, 8))
        PolicyAcknowledgement.create(account_id=me, version="2.0")
        events.record("login_failed", me)
        enable_totp(me, "JBSWY3DPEHPK3PXP", ["aaaa-bbbb-cccc"])
        holders = {m._meta.table_name: m for zone in ("main", "vault") for m in zone_models(zone)
                   if "account_id" in m._meta.fields and m._meta.table_name not in KEPT}
        assert {"suggestion", "resource_mail", "dropout_nudge", "policy_acknowledgement", "security_event",
                "certificate", "invoice", "checkout", "recovery_code", "payment", "invoice_party",
                "certificate_holder", "funding_identity"} <= set(holders)
        assert sum(m.select().where(m.account_id == me).count() for m in holders.values()) > 20

        delete_account(berenice, notify=False)

        left = {name: m.select().where(m.account_id == me).count() for name, m in holders.items()}
        assert {name: n for name, n in left.items() if n} == {}
        archived = {r.kind: json.loads(r.payload)
                    for r in ArchivedRecord.select().where(ArchivedRecord.account_id == me)}
        assert {"certificate", "invoice", "funding_proof", "attendance_proof"} <= set(archived)
        assert archived["certificate"]["holder"] == "Bérénice Bouquet"
        assert archived["invoice"]["payments"][0]["card_last4"] == "4242"
