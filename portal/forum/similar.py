"""Full-text search in the forum: the questions like the one being written, the reference answers that
may already answer it, and the course search. Every query of the forum's full-text indexes is here.

The indexes (migration 022_forum_search) differ by engine. PostgreSQL stems French words
(to_tsvector('french', ...): "bouquets" finds "bouquet") and also indexes the text with its accents
folded; ranking is ts_rank. SQLite has FTS5 but no French stemmer: its tokenizer folds case and
accents, and the words asked for lose a plural or feminine ending and match as prefixes ("coupées"
looks for coup*); ranking is bm25.

What a person types never reaches either query language as such: only runs of letters and digits are
kept (so quotes, *, NEAR, parentheses, - and : cannot form syntax), each of at least three and at most
forty characters, twelve at most, common French words left out. Any text gives results or none.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

import peewee
from markupsafe import Markup

from portal.db import is_postgres, main_db
from portal.forum.models import Post, Thread
from portal.forum.threads import ERASED, Scope, _in_scope, _thread_listing
from portal.learning.markup import render_markdown
from portal.learning.models import Module, TrainingSession

MIN_LENGTH = 3
MAX_LENGTH = 40  # longer than any French word; PostgreSQL refuses over-long words in a query
MAX_TERMS = 12
TITLE_WEIGHT = 3.0  # a title says what the question is about better than any of its messages
EXCERPT_CHARS = 200
SEARCH_LIMIT = 50

# Written as they are compared: lower case, accents folded. SQLite would otherwise rank a question higher
# for sharing "les" and "pour"; PostgreSQL's French configuration drops most of these on its own.
STOPWORDS = frozenset([
    "les", "des", "une", "est", "pour", "dans", "que", "qui", "quoi", "avec", "pas", "sur", "par", "mais", "comment",
    "pourquoi", "quand", "quel", "quelle", "quels", "quelles", "elle", "elles", "ils", "nous", "vous", "leur", "leurs",
    "ces", "cet", "cette", "son", "sa", "ses", "mon", "mes", "ton", "tes", "notre", "votre", "nos", "vos", "aux",
    "tout", "tous", "toute", "toutes", "plus", "moins", "tres", "bien", "etre", "avoir", "fait", "faire", "peut",
    "peux", "puis", "sont", "ont", "etait", "aussi", "ainsi", "alors", "donc", "car", "comme", "ceci", "cela", "entre",
    "sans", "sous", "chez", "vers", "depuis", "pendant", "avant", "apres", "encore", "deja", "meme", "autre", "autres",
    "faut", "doit", "dois", "bonjour", "merci", "question", "questions", "svp", "oui", "non", "ici",
])

_WORD = re.compile(r"[^\W_]+")

_FRENCH = peewee.SQL("'french'")

# SQLite's FTS5 tables; each one's name is also its hidden column, which MATCH and bm25() take.
_THREAD_INDEX = "forum_thread_fts"
_POST_INDEX = "forum_post_fts"


@dataclass(frozen=True, slots=True)
class SimilarQuestion:
    id: int
    title: str
    module_title: str
    answered: bool
    solved: bool
    excerpt: str  # the opening message, plain text and shortened; empty once deleted, hidden or erased


@dataclass(frozen=True, slots=True)
class ReferenceAnswer:
    """A trainer's answer marked as a reference, as any session of the course sees it: no name, neither
    the trainer's nor the asker's, and no link to a thread that belongs to another session."""

    id: int  # the answer's post
    question: str | None  # the title its trainer gave it (never the asker's); None for one marked before
    module_title: str
    body: str
    body_html: str | None  # NULL for rows written before it was kept: rendered when shown
    marked_at: datetime

    @property
    def html(self) -> Markup:
        return Markup(self.body_html) if self.body_html is not None else render_markdown(self.body)


@dataclass(frozen=True, slots=True)
class Similar:
    questions: list[SimilarQuestion]  # of the person's own sessions, best first
    references: list[ReferenceAnswer]  # of every session of the course, best first


# --- public ------------------------------------------------------------------------------------------

def similar(scope: Scope, course_id: int, text: str, limit: int = 5) -> Similar:
    """What already answers `text` in this course: any of its words may match. Two queries."""
    words = terms(text)
    if not words:
        return Similar([], [])
    query = _query_text(words)
    return Similar(_similar_questions(scope, course_id, query, limit),
                   _matching_references(scope, course_id, query, limit))


def module_references(module_id: int) -> list[ReferenceAnswer]:
    """The module's reference answers from every session, newest first. One query."""
    rows = (_references().where(Thread.module == module_id)
            .order_by(Post.reference_at.desc(), Post.id.desc()).tuples())
    return [_reference(*row) for row in rows]


def search(scope: Scope, course_id: int, words: str, limit: int = SEARCH_LIMIT) -> list[Thread]:
    """The course's questions in the scope where every word appears, in the title or in a message (not
    necessarily the same one), best first; with their author, as the thread lists show them. One query."""
    found = terms(words)
    if not found:
        return []
    threads = _in_scope(_course_threads(course_id), scope)
    any_word = _query_text(found)
    titles = _title_hits(any_word, threads).alias("titles")
    bodies = _thread_body_hits(any_word, threads).alias("bodies")
    query = _ranked(_thread_listing().join_from(Thread, Module, on=(Module.id == Thread.module)), titles, bodies)
    for word in found:
        query = query.where(Thread.id.in_(_thread_ids(_query_text([word]), threads)))
    query = _in_scope(query.where(Module.course == course_id), scope)
    return list(query.order_by(_score(titles, bodies).desc(), Thread.last_activity_at.desc()).limit(limit))


def terms(text: str) -> list[str]:
    """The words of `text` worth looking for, lower case, in order, without repeats."""
    kept: dict[str, str] = {}
    for match in _WORD.finditer(unicodedata.normalize("NFC", text or "")):
        word = match.group().lower()
        key = _fold(word)
        if MIN_LENGTH <= len(word) <= MAX_LENGTH and key not in STOPWORDS and key not in kept:
            kept[key] = word
            if len(kept) == MAX_TERMS:
                break
    return list(kept.values())


def purge_erased_terms() -> None:
    """After content is erased or deleted: SQLite's FTS5 only marks a row's old terms as deleted, and the
    words themselves stay in the index's pages until its segments are merged. 'optimize' merges them
    into one, so the words leave the file (secure_delete zeroes the freed pages). It rewrites the whole
    index: once per erasure, not per message. PostgreSQL's GIN entries go with the old row versions, at
    vacuum, as the rows' own text does."""
    if is_postgres():
        return
    for index in (_THREAD_INDEX, _POST_INDEX):
        main_db.execute_sql(f"INSERT INTO {index}({index}) VALUES ('optimize')")


# --- the two queries of similar() ------------------------------------------------------------------

def _similar_questions(scope: Scope, course_id: int, query: str, limit: int) -> list[SimilarQuestion]:
    threads = _in_scope(_course_threads(course_id), scope)
    titles = _title_hits(query, threads).alias("titles")
    bodies = _thread_body_hits(query, threads).alias("bodies")
    # The best `limit` threads first; only their opening messages are then read (joined to every
    # matching thread, they cost PostgreSQL a scan of all the messages).
    score = _score(titles, bodies)
    best = _in_scope(_ranked(Thread.select(Thread.id.alias("thread_id"), score.alias("score"),
                                           Thread.last_activity_at.alias("active"))
                             .join(Module, on=(Module.id == Thread.module)), titles, bodies)
                     .where((Module.course == course_id) & (Thread.title != ERASED)), scope)
    best = best.order_by(score.desc(), Thread.last_activity_at.desc()).limit(limit).alias("best")
    opening = Post.alias("opening")
    first_post = Post.select(peewee.fn.MIN(Post.id)).where(Post.thread == Thread.id)
    rows = (Thread.select(Thread.id, Thread.title, Module.title, Thread.answered_at.is_null(False),
                          Thread.solution_id.is_null(False), _shown(opening, opening.body),
                          _shown(opening, opening.body_html))
            .join(best, on=(best.c.thread_id == Thread.id))
            .join_from(Thread, Module, on=(Module.id == Thread.module))
            .join_from(Thread, opening, peewee.JOIN.LEFT_OUTER, on=(opening.id == first_post))
            .order_by(best.c.score.desc(), best.c.active.desc()).tuples())
    return [SimilarQuestion(id, title, module, bool(answered), bool(solved), _excerpt(body, html))
            for id, title, module, answered, solved, body, html in rows]


def _matching_references(scope: Scope, course_id: int, query: str, limit: int) -> list[ReferenceAnswer]:
    """Matched on the trainer's answer only: the asker's question, in another session, finds nothing."""
    threads = _course_threads(course_id)  # every session's
    bodies = _post_body_hits(query, threads, references_only=True).alias("bodies")
    select = (_references().join_from(Post, bodies, on=(bodies.c.post_id == Post.id))
              .where(Module.course == course_id))
    if scope.session_ids is not None:
        select = select.where(peewee.fn.EXISTS(_sessions_of_course(scope.session_ids, course_id)))
    rows = select.order_by(bodies.c.score.desc(), Post.reference_at.desc()).limit(limit).tuples()
    return [_reference(*row) for row in rows]


def _sessions_of_course(session_ids: frozenset[int], course_id: int) -> peewee.ModelSelect:
    """Reference answers are for whoever follows the course, in any of its sessions (and staff)."""
    return TrainingSession.select(TrainingSession.id).where(
        (TrainingSession.course == course_id) & TrainingSession.id.in_(list(session_ids) or [-1]))


def _references() -> peewee.ModelSelect:
    return (Post.select(Post.id, Post.reference_title, Module.title, peewee.fn.COALESCE(Post.reference_body, Post.body),
                        Post.reference_body_html, Post.reference_at)
            .join(Thread, on=(Thread.id == Post.thread)).join(Module, on=(Module.id == Thread.module))
            .where(Post.reference_at.is_null(False) & _visible(Post)))


def _reference(id: int, title: str, module_title: str, body: str, body_html: str | None,
               marked_at: datetime) -> ReferenceAnswer:
    return ReferenceAnswer(id, title, module_title, body, body_html, marked_at)


# --- ranking, shared by both engines --------------------------------------------------------------

def _course_threads(course_id: int) -> peewee.ModelSelect:
    """The hits are looked for among these threads only: on PostgreSQL, ranking a message computes its
    vector again, and a word common to the whole forum would otherwise cost that for every message."""
    return Thread.select(Thread.id).join(Module, on=(Module.id == Thread.module)).where(Module.course == course_id)


def _ranked(select: peewee.ModelSelect, titles: peewee.SelectBase, bodies: peewee.SelectBase) -> peewee.ModelSelect:
    """Threads whose title or one of whose messages matched."""
    return (select.join_from(Thread, titles, peewee.JOIN.LEFT_OUTER, on=(titles.c.thread_id == Thread.id))
            .join_from(Thread, bodies, peewee.JOIN.LEFT_OUTER, on=(bodies.c.thread_id == Thread.id))
            .where(titles.c.thread_id.is_null(False) | bodies.c.thread_id.is_null(False)))


def _score(titles: peewee.SelectBase, bodies: peewee.SelectBase) -> peewee.Expression:
    return peewee.fn.COALESCE(titles.c.score, 0) * TITLE_WEIGHT + peewee.fn.COALESCE(bodies.c.score, 0)


def _thread_body_hits(query: str, threads: peewee.ModelSelect) -> peewee.Select:
    """thread_id, score: each thread's best matching message."""
    # Materialised: SQLite would otherwise fold the hits into the grouping query, and bm25() cannot be
    # computed inside an aggregate ("unable to use function bm25 in the requested context").
    hits = _post_body_hits(query, threads, references_only=False).cte("post_hits", materialized=True)
    return (peewee.Select([hits], [hits.c.thread_id, peewee.fn.MAX(hits.c.score).alias("score")])
            .with_cte(hits).group_by(hits.c.thread_id))


def _thread_ids(query: str, threads: peewee.ModelSelect) -> peewee.SelectQuery:
    """Those of `threads` where `query` matches the title or a message."""
    titles = _title_hits(query, threads).alias("t")
    bodies = _post_body_hits(query, threads, references_only=False).alias("b")
    return (peewee.Select([titles], [titles.c.thread_id])
            | peewee.Select([bodies], [bodies.c.thread_id]))


def _visible(post: type[Post] | peewee.ModelAlias) -> peewee.Expression:
    return post.deleted_at.is_null() & post.hidden_at.is_null() & (post.body != ERASED)


def _shown(post: peewee.ModelAlias, column: peewee.Field) -> peewee.Case:
    """The opening message's text, unless it was deleted, hidden or erased."""
    return peewee.Case(None, [(_visible(post), column)], None)


def _excerpt(body: str | None, html: str | None) -> str:
    if not body:
        return ""
    text = " ".join((Markup(html) if html is not None else render_markdown(body)).striptags().split())
    if len(text) <= EXCERPT_CHARS:
        return text
    return text[:EXCERPT_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:.") + " …"


# --- the two engines ------------------------------------------------------------------------------

def _query_text(words: list[str]) -> str:
    """The query, in the engine's own syntax, built only from letters and digits: any word may match."""
    if is_postgres():
        # Each word as typed (stemmed by PostgreSQL) or with its accents folded, like the folded half of
        # the indexed text.
        alternatives = [word if _fold(word) == word else f"({word} | {_fold(word)})" for word in words]
        return " | ".join(alternatives)
    return " OR ".join(f'"{_light_stem(word)}"*' for word in words)


def _title_hits(query: str, threads: peewee.ModelSelect) -> peewee.ModelSelect:
    """thread_id, score of those of `threads` whose title matches, erased ones left out."""
    select, score = _matching(Thread.select(Thread.id.alias("thread_id")), Thread.title, _THREAD_INDEX, query)
    return select.select_extend(score.alias("score")).where(Thread.id.in_(threads) & (Thread.title != ERASED))


def _post_body_hits(query: str, threads: peewee.ModelSelect, *, references_only: bool) -> peewee.ModelSelect:
    """post_id, thread_id, score of the visible messages of `threads` that match."""
    select, score = _matching(Post.select(Post.id.alias("post_id"), Post.thread.alias("thread_id")), Post.body,
                              _POST_INDEX, query)
    select = select.select_extend(score.alias("score")).where(Post.thread.in_(threads) & _visible(Post))
    return select.where(Post.reference_at.is_null(False)) if references_only else select


def _matching(select: peewee.ModelSelect, column: peewee.Field, index: str,
              query: str) -> tuple[peewee.ModelSelect, peewee.ColumnBase]:
    """`select` kept to the rows whose `column` matches, and the score of each (higher is better)."""
    if is_postgres():
        vector, tsquery = _vector(column), peewee.fn.to_tsquery(_FRENCH, query)
        return select.where(peewee.Expression(vector, "@@", tsquery)), peewee.fn.ts_rank(vector, tsquery)
    table, hidden = peewee.Table(index, ("rowid",)), peewee.Entity(index)
    select = select.join(table, on=(table.rowid == column.model.id)).where(peewee.Expression(hidden, "MATCH", query))
    return select, peewee.fn.bm25(hidden) * -1  # bm25: lower is better


def _vector(column: peewee.Field) -> peewee.Column:
    """PostgreSQL's stored vector of `column` (migration 022: stemmed and accent-folded text)."""
    return peewee.Column(column.model._meta.table, f"{column.column_name}_search")


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _light_stem(word: str) -> str:
    """SQLite has no French stemmer: drop a plural s or x, then a feminine e or two, keeping four letters
    at least; the rest is matched as a prefix (épines: epin*, coupées: coup*, bouquets: bouquet*)."""
    stem = _fold(word)
    if stem.endswith(("s", "x")) and len(stem) > 4:
        stem = stem[:-1]
    while stem.endswith("e") and len(stem) > 4:
        stem = stem[:-1]
    return stem
