"""060_published_results_and_complaints: each course's published figures (satisfaction, completion,
certificates) as counted on a day; the complaints register and the register of improvement actions."""

from contextlib import suppress

import peewee as pw
from peewee_migrate import Migrator


with suppress(ImportError):
    import playhouse.postgres_ext as pw_pext


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class PublishedResult(pw.Model):
        id = pw.AutoField()
        course = pw.ForeignKeyField(column_name='course_id', field='id', model=migrator.orm['course'],
                                    on_delete='CASCADE')
        as_of = pw.DateField()
        since = pw.DateField()
        respondents = pw.IntegerField(null=True)
        satisfied = pw.IntegerField(null=True)
        people = pw.IntegerField(null=True)
        finished = pw.IntegerField(null=True)
        certified = pw.IntegerField(null=True)

        class Meta:
            table_name = "published_result"
            indexes = ((("course", "as_of"), True),)


    @migrator.create_model
    class ImprovementAction(pw.Model):
        id = pw.AutoField()
        title = pw.CharField(max_length=160)
        source = pw.CharField(max_length=16)
        finding = pw.TextField()
        change = pw.TextField(default="")
        course = pw.ForeignKeyField(column_name='course_id', field='id', model=migrator.orm['course'], null=True,
                                    on_delete='SET NULL')
        decided_on = pw.DateField()
        done_on = pw.DateField(null=True)
        created_by = pw.UUIDField()

        class Meta:
            table_name = "improvement_action"

    @migrator.create_model
    class Complaint(pw.Model):
        id = pw.AutoField()
        account_id = pw.UUIDField(index=True)
        course = pw.ForeignKeyField(column_name='course_id', field='id', model=migrator.orm['course'], null=True,
                                    on_delete='SET NULL')
        subject = pw.CharField(max_length=160)
        body = pw.TextField()
        received_on = pw.DateField()
        due_on = pw.DateField()
        answer = pw.TextField(default="")
        answered_on = pw.DateField(null=True)
        answered_by = pw.UUIDField(null=True)
        action = pw.ForeignKeyField(column_name='action_id', field='id', model=ImprovementAction, null=True,
                                    on_delete='SET NULL')

        class Meta:
            table_name = "complaint"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model('complaint')
    migrator.remove_model('improvement_action')
    migrator.remove_model('published_result')
