"""022_forum_search (written by hand): full-text indexes over forum titles and messages.

SQLite: FTS5 external-content tables (the text stays in forum_thread / forum_post only; the index holds
the terms), kept in step by triggers and filled from the rows already there. SQLite ships no French
stemmer, so the tokenizer only folds case and accents (unicode61, remove_diacritics 2); portal/forum/
similar.py makes up for it with a light plural/feminine folding and prefix queries.

PostgreSQL: a stored generated tsvector column per indexed column (<column>_search), with a GIN index:
the French stemmed text (to_tsvector('french', ...)) and, since the unaccent extension cannot be
assumed, the same text with its accents folded by translate(), so a word typed without accents still
finds it. Stored rather than an expression index: ranking (ts_rank) reads the vector, and with an
expression index PostgreSQL recomputed it for every matching message (166 ms instead of 2 ms for a
learner's "similar questions" on 30,000 messages). PostgreSQL keeps the column in step by itself.
"""

import peewee as pw
from peewee_migrate import Migrator

ACCENTED = "àâäáãåçéèêëíìîïñóòôöõúùûüýÿÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝŸ"
FOLDED = "aaaaaaceeeeiiiinooooouuuuyyAAAAAACEEEEIIIINOOOOOUUUUYY"

# (table, indexed column)
INDEXED = (("forum_thread", "title"), ("forum_post", "body"))


def _sqlite_statements(table: str, column: str) -> list[str]:
    index = f"{table}_fts"
    remove = f"INSERT INTO {index}({index}, rowid, {column}) VALUES ('delete', old.id, old.{column});"
    add = f"INSERT INTO {index}(rowid, {column}) VALUES (new.id, new.{column});"
    return [
        f"CREATE VIRTUAL TABLE {index} USING fts5({column}, content='{table}', content_rowid='id', "
        f"tokenize='unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN {add} END",
        # Rows deleted by ON DELETE CASCADE (a thread's messages) fire this trigger too.
        f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN {remove} END",
        # OF column: a reply touches its thread's last_activity_at, and that must not rewrite the index.
        f"CREATE TRIGGER {index}_update AFTER UPDATE OF {column} ON {table} BEGIN {remove} {add} END",
        f"INSERT INTO {index}({index}) VALUES ('rebuild')",
    ]


def _postgres_statements(table: str, column: str) -> list[str]:
    vector = (f"to_tsvector('french', {column}) || "
              f"to_tsvector('french', translate({column}, '{ACCENTED}', '{FOLDED}'))")
    return [f"ALTER TABLE {table} ADD COLUMN {column}_search tsvector GENERATED ALWAYS AS ({vector}) STORED",
            f"CREATE INDEX {table}_{column}_search ON {table} USING gin ({column}_search)"]


def _is_postgres(database: pw.Database) -> bool:
    return isinstance(getattr(database, "obj", database), pw.PostgresqlDatabase)  # a zone's proxy, or a database


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    for table, column in INDEXED:
        statements = _postgres_statements if _is_postgres(database) else _sqlite_statements
        for statement in statements(table, column):
            migrator.sql(statement)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    for table, column in INDEXED:
        if _is_postgres(database):
            migrator.sql(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {column}_search")  # and its index
        else:
            for trigger in ("insert", "delete", "update"):
                migrator.sql(f"DROP TRIGGER IF EXISTS {table}_fts_{trigger}")
            # Dropping the virtual table drops its shadow tables (_data, _idx, _docsize, _config).
            migrator.sql(f"DROP TABLE IF EXISTS {table}_fts")
