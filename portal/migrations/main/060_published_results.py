"""060_published_results: each course's published figures (satisfaction, completion, certificates) as
counted on a day."""

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


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model('published_result')
