"""A provider's history in bulk, for the back office's lists: learners (with their identity in the vault),
their enrolments in one session, a funding file and an invoice each, some of them paid. Rows are inserted
directly: the lists are what is tested, not how people enrol."""
from __future__ import annotations

import itertools
import json
import uuid
from datetime import date, timedelta

from peewee import fn

from portal.accounts.models import Account, name_key
from portal.certificates.models import Certificate
from portal.db import main_db, vault_db
from portal.funding.models import STATUSES, FundingFile
from portal.invoicing.models import Invoice
from portal.learning.models import Enrollment, TrainingSession
from portal.textfold import fold
from portal.timeutil import utcnow
from portal.vault.models import Identity, Payment


def add_crowd(app, count: int, *, session_title: str = "Session A", paid_every: int = 2) -> list[uuid.UUID]:
    """`count` learners enrolled in the demo session named `session_title`, each with an identity, a funding
    file and an invoice (every `paid_every`-th one paid by transfer: its payment in the vault, its paid total on
    the invoice, as portal.invoicing.received writes them), every fourth with a certificate.
    Returns their account ids."""
    now = utcnow()
    with app.app_context():
        session = TrainingSession.get(TrainingSession.title == session_title)
        ids, accounts, identities, enrolments = [], [], [], []
        # Numbered within this instance (not across the test run): a test finds "Foule 00010" whatever ran
        # before it.
        people = itertools.count(Account.select().where(Account.display_name.startswith("Foule ")).count() + 1)
        invoices_numbered = itertools.count((Invoice.select(fn.MAX(Invoice.seq)).where(Invoice.year == 2099)
                                             .scalar() or 0) + 1)
        for _ in range(count):
            n = next(people)
            account_id = uuid.uuid4()
            ids.append(account_id)
            name = f"Élise Lefèvre{n}" if n % 2 else f"Noël Dupont{n}"
            accounts.append({"id": account_id, "role": "learner", "display_name": f"Foule {n:05d}",
                             "name_key": name_key(f"Foule {n:05d}"), "language": "fr",
                             "status": "active", "created_at": now, "confirmed_at": now, "session_version": 1})
            identities.append({"account_id": account_id, "full_name": name, "search_key": " ".join(fold(name).split()),
                               "name_words": " ".join(sorted(fold(name).split())),
                               "email": f"foule{n}@exemple.fr", "email_key": f"foule{n}@exemple.fr",
                               "phone": f"+3361{n:07d}", "updated_at": now})
            enrolments.append({"account_id": account_id, "session": session.id, "funding": "opco",
                               "status": "active", "enrolled_at": now})
        with main_db.atomic():
            Account.insert_many(accounts).execute()
            Enrollment.insert_many(enrolments).execute()
        with vault_db.atomic():
            Identity.insert_many(identities).execute()
        enrolled = list(Enrollment.select().where(Enrollment.account_id.in_(ids)))
        files, invoices, payments, certificates = [], [], [], []
        for k, e in enumerate(enrolled):
            files.append({"enrollment": e.id, "funder_type": "opco", "funder_name": "OPCO EP",
                          "case_number": f"EP-{e.id}", "status": STATUSES[k % len(STATUSES)],
                          "created_at": now, "updated_at": now})
            n = next(invoices_numbered)
            number = f"FAC-2099-{n:06d}"
            issued = date(2026, 1, 1) + timedelta(days=k % 300)
            invoices.append({"number": number, "year": 2099, "seq": n, "kind": "invoice", "enrollment": e.id,
                             "account_id": e.account_id, "payer_type": ("learner", "funder", "employer")[k % 3],
                             "issued_on": issued, "service_from": session.starts_on, "service_to": session.ends_on,
                             "due_on": issued + timedelta(days=30), "total_cents": 89000, "part": "total",
                             "lines": json.dumps([{"description": "Formation", "quantity": 1, "unit_cents": 89000}]),
                             "created_at": now, "paid_cents": 89000 if k % paid_every == 0 else 0})
            if k % 4 == 0:
                certificates.append({"code": f"crowd-{n}", "account_id": e.account_id, "course": session.course_id,
                                     "course_version": 1, "session": session.id, "issued_at": now,
                                     "completed_on": issued, "hours": "21", "results": "{}"})
            if k % paid_every == 0:
                payments.append({"provider_ref": f"crowd-{number}", "account_id": e.account_id,
                                 "invoice_number": number, "amount_cents": 89000, "paid_at": now, "card_last4": "",
                                 "method": "transfer", "reference": f"VIR {number}"})
        with main_db.atomic():
            FundingFile.insert_many(files).execute()
            Invoice.insert_many(invoices).execute()
            if certificates:
                Certificate.insert_many(certificates).execute()
        with vault_db.atomic():
            if payments:
                Payment.insert_many(payments).execute()
    return ids
