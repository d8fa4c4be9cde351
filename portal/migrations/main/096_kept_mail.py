"""096_kept_mail: a mail answering a person's request about her data keeps when it was queued, when the relay
accepted it (or why it did not go) and its text as sent, her name and address masked, for as long as the
request's record: the dpo proves what she answered and when."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class KeptMail(pw.Model):
        id = pw.AutoField()
        about = pw.CharField(max_length=40, index=True)
        template = pw.CharField(max_length=60)
        job_id = pw.IntegerField(null=True)
        queued_at = pw.DateTimeField()
        accepted_at = pw.DateTimeField(null=True)
        not_sent = pw.TextField(null=True)
        last_failure = pw.TextField(null=True)
        subject = pw.TextField(null=True)
        text = pw.TextField(null=True)

        class Meta:
            table_name = "kept_mail"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model('kept_mail')
