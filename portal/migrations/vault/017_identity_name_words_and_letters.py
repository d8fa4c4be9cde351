"""017_identity_name_words: each identity keeps the words of its folded name in alphabetical order, so that the
dpo's check of an answer finds a holder named surname first (« BOUQUET Bérénice »); and the postal address a letter
to the dpo gives, for a request recorded for an account, is kept (request_letter) to answer her by post."""

import re
import unicodedata

import peewee as pw
from peewee_migrate import Migrator


def _words_key(text):
    # Written here as it stood when the migration was made: a migration never imports the application.
    folded = "".join(c for c in unicodedata.normalize("NFKD", (text or "").casefold()) if not unicodedata.combining(c))
    return " ".join(sorted(re.findall(r"[\w'’-]+", folded)))


def _fill(database):
    rows = database.execute_sql("SELECT account_id, full_name FROM identity").fetchall()
    param = database.param
    for account_id, full_name in rows:
        database.execute_sql(f"UPDATE identity SET name_words = {param} WHERE account_id = {param}",
                             (_words_key(full_name), account_id))


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields('identity', name_words=pw.CharField(max_length=120, default=""))
    migrator.run(_fill, database)

    @migrator.create_model
    class RequestLetter(pw.Model):
        id = pw.UUIDField(primary_key=True)
        account_id = pw.UUIDField(index=True)
        postal_address = pw.TextField()
        recorded_at = pw.DateTimeField()

        class Meta:
            table_name = "request_letter"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model('request_letter')
    migrator.remove_fields('identity', 'name_words')
