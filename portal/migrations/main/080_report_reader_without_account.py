"""080_report_reader_without_account: a kept quarterly report wrote « système » for the vault reads no account
made; it now keeps no name there (null) and the report words them by what made them (the portal's own job, one
working for the dpo…), as the access journal does. The figures are unchanged."""

import json

import peewee as pw
from peewee_migrate import Migrator

OLD_WORD = "système"


def _reword(database, old, new):
    param = database.param
    for quarter, body in database.execute_sql("SELECT quarter, body FROM security_report").fetchall():
        report = json.loads(body)
        reads = report.get("vault_reads") or []
        if not any(read.get("who") == old for read in reads):
            continue
        for read in reads:
            if read.get("who") == old:
                read["who"] = new
        database.execute_sql(f"UPDATE security_report SET body = {param} WHERE quarter = {param}",
                             (json.dumps(report, ensure_ascii=False), quarter))


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.run(_reword, database, OLD_WORD, None)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.run(_reword, database, None, OLD_WORD)
