"""095_contract_offer_keys: the contract of a self-funded enrolment is now offered once, under the key
« contract-offer:<enrolment id> » (the daily offer, or staff enrolling her). The mails staff enrolments sent
before carried no key: those still in the job outbox are found by the signing address they hold and given
their key, so that the daily offer does not mail the same person a second time."""

import json
import re

import peewee as pw
from peewee_migrate import Migrator

# As portal.mail.deliver, the template and the address of portal.contracts.views.share_offer stood then.
TEMPLATE = "contract_to_sign"
SIGN_URL = re.compile(r"/mon-espace/inscriptions/(\d+)/contrat")


def _keys(database):
    param = database.param
    rows = database.execute_sql(f"SELECT args FROM job WHERE args LIKE {param}", [f"%{TEMPLATE}%"]).fetchall()
    keys = set()
    for (args,) in rows:
        try:
            _account, template, _kind, context = json.loads(args)
        except (ValueError, TypeError):
            continue
        found = SIGN_URL.search(str((context or {}).get("sign_url", ""))) if template == TEMPLATE else None
        if found:
            keys.add(f"contract-offer:{found.group(1)}")
    known = {row[0] for row in database.execute_sql("SELECT key FROM sent_notification").fetchall()}
    for key in sorted(keys - known):
        database.execute_sql(f"INSERT INTO sent_notification (key, created_at) VALUES ({param}, CURRENT_TIMESTAMP)",
                             [key])


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.run(_keys, database)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    pass  # the keys only stop a second mail: leaving them is harmless
