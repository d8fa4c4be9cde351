"""108_forum_thread_asker_read: when the asker last read the answers to her question, so that her space
shows « Réponse de … à votre question … » until she has read it. Threads already there count as read up to
their last activity: their answers were mailed long ago, and a space suddenly full of old answers would
bury the new ones."""

import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.add_fields('forum_thread', asker_read_at=pw.DateTimeField(null=True))
    migrator.sql("UPDATE forum_thread SET asker_read_at = last_activity_at")


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_fields('forum_thread', 'asker_read_at')
