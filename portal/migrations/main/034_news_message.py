"""034_news_message: news messages staff compose and the job mails, by batches, to consenting accounts."""

from contextlib import suppress

import peewee as pw
from peewee_migrate import Migrator


with suppress(ImportError):
    import playhouse.postgres_ext as pw_pext


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class NewsMessage(pw.Model):
        id = pw.AutoField()
        subject = pw.CharField(max_length=120)
        body = pw.TextField()
        created_by = pw.UUIDField()
        created_at = pw.DateTimeField()
        sent_at = pw.DateTimeField(null=True)
        queued = pw.IntegerField(default=0)
        finished_at = pw.DateTimeField(null=True)

        class Meta:
            table_name = "news_message"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model('news_message')
