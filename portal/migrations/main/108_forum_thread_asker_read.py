"""108_forum_thread_asker_read: when the asker last read the answers to her question, so that her space
shows « Réponse de … à votre question … » until she has read it (older threads: NULL, every answer new
until she opens it from her space or answers)."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields('forum_thread', asker_read_at=pw.DateTimeField(null=True))


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields('forum_thread', 'asker_read_at')
