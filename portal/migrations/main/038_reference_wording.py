"""038_reference_wording: a reference answer is shown to every session with a title and a text its
trainer wrote or approved, never with the asker's own question. Answers already marked keep their own
text (the trainer's words) and no title until their trainer gives one."""

from contextlib import suppress

import peewee as pw
from peewee_migrate import Migrator


with suppress(ImportError):
    import playhouse.postgres_ext as pw_pext


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields('forum_post', reference_title=pw.CharField(max_length=160, null=True),
                        reference_body=pw.TextField(null=True), reference_body_html=pw.TextField(null=True))
    migrator.sql("UPDATE forum_post SET reference_body = body, reference_body_html = body_html "
                 "WHERE reference_at IS NOT NULL")


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields('forum_post', 'reference_title', 'reference_body', 'reference_body_html')
