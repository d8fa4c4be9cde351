"""Prepared queries (portal.prepared): SQL built once per engine, values bound at each run, rows as peewee's."""
from __future__ import annotations

import hashlib
import inspect
import uuid
from datetime import date

import jinja2
import peewee
import pytest

from portal.accounts.models import Account
from portal.learning.models import Course, Enrollment, ModuleRelease, TrainingSession
from portal.prepared import FrozenValue, Prepared, Slot
from tests.support.querycount import count_queries

JINJA_LOAD_TEMPLATE = "f532279b16110fad"  # sha256 of jinja2 3.1's Environment._load_template source


def _plain_enrollments(account_id):
    return list(Enrollment.select(Enrollment, TrainingSession, Course).join(TrainingSession).join(Course)
                .where(Enrollment.account_id == account_id).order_by(Enrollment.id))


ENROLLMENTS = Prepared(lambda: Enrollment.select(Enrollment, TrainingSession, Course).join(TrainingSession)
                       .join(Course).where(Enrollment.account_id == Slot("account")).order_by(Enrollment.id))


def test_rows_match_the_plain_query_for_every_account_joined_models_included(demo):
    accounts = [a.id for a in Account.select(Account.id)]
    assert len(accounts) > 3
    seen_rows = 0
    for account_id in accounts:
        plain, prepared = _plain_enrollments(account_id), ENROLLMENTS.all(account=account_id)
        assert [(e.id, e.session.id, e.session.course.title) for e in prepared] == \
               [(e.id, e.session.id, e.session.course.title) for e in plain]
        seen_rows += len(prepared)
    assert seen_rows > 0


def test_each_run_binds_its_own_values_and_the_sql_is_built_once(demo, monkeypatch):
    builds = []
    query = Prepared(lambda: builds.append(1) or Account.select(Account.id).where(Account.id == Slot("account")))
    first, second = [a.id for a in Account.select(Account.id).limit(2)]
    contexts = []
    original = peewee.Database.get_sql_context
    monkeypatch.setattr(peewee.Database, "get_sql_context",
                        lambda self, **kw: contexts.append(1) or original(self, **kw))
    assert [a.id for a in query.all(account=first)] == [first]
    assert [a.id for a in query.all(account=second)] == [second]
    assert query.first(account=uuid.uuid4()) is None
    assert len(builds) == 1 and len(contexts) == 1


def test_a_slot_takes_the_conversion_of_the_field_it_is_compared_with(demo):
    """UUIDs become text on SQLite and dates ISO strings: a value of the Python type finds its rows."""
    releases = Prepared(lambda: ModuleRelease.select(ModuleRelease.id).where(
        ModuleRelease.release_on > Slot("after")).tuples())
    everything = releases.all(after=date(1900, 1, 1))
    assert len(everything) == ModuleRelease.select().count() > 0
    assert releases.all(after=date(2999, 1, 1)) == []


def test_one_slot_used_twice_is_bound_in_both_places(demo):
    learner = Enrollment.select().first().account_id
    query = Prepared(lambda: Enrollment.select(Enrollment.id).where(
        Enrollment.account_id.in_(Enrollment.select(Enrollment.account_id).where(Enrollment.account_id == Slot("a")))
        & (Enrollment.account_id == Slot("a"))).tuples())
    expected = Enrollment.select().where(Enrollment.account_id == learner).count()
    assert len(query.all(a=learner)) == expected > 0


def test_scalar_and_one_statement_per_run(demo):
    count = Prepared(lambda: Enrollment.select(peewee.fn.COUNT(Enrollment.id))
                     .where(Enrollment.status == Slot("status")).tuples())
    with count_queries() as statements:
        active = count.scalar(status="active")
    assert len(statements) == 1
    assert active == Enrollment.select().where(Enrollment.status == "active").count() > 0


def test_a_missing_value_is_a_programming_error_not_a_silent_null(demo):
    with pytest.raises(TypeError, match="account"):
        ENROLLMENTS.all()


def test_the_row_builder_works_out_the_columns_once_and_rows_stay_right(demo, monkeypatch):
    """peewee's row builder resolves the columns (models, converters, joins) on the first run only."""
    query = Prepared(lambda: Enrollment.select(Enrollment, TrainingSession, Course).join(TrainingSession)
                     .join(Course).where(Enrollment.account_id == Slot("account")).order_by(Enrollment.id))

    def described(rows):
        return [(e.id, e.session.id, e.session.course.slug, type(e.session.starts_on)) for e in rows]

    learners = [e.account_id for e in Enrollment.select(Enrollment.account_id).distinct()]
    expected = {account_id: described(_plain_enrollments(account_id)) for account_id in learners}
    resolutions = []
    original = peewee.ModelCursorWrapper.initialize
    monkeypatch.setattr(peewee.ModelCursorWrapper, "initialize",
                        lambda self: resolutions.append(1) or original(self))
    assert query.all(account=uuid.uuid4()) == []  # no row: nothing worked out yet
    for account_id in learners:
        rows = query.all(account=account_id)
        assert described(rows) == expected[account_id]
        assert rows and not rows[0].is_dirty()
    assert len(learners) >= 2 and len(resolutions) == 1


def test_namedtuple_rows_are_built_by_their_own_run(demo):
    """A namedtuple builder's constructor belongs to its run: rows stay right run after run."""
    query = Prepared(lambda: Enrollment.select(Enrollment.id, Enrollment.account_id)
                     .where(Enrollment.account_id == Slot("account")).namedtuples())
    learners = [e.account_id for e in Enrollment.select(Enrollment.account_id).distinct()]
    for account_id in learners * 2:
        rows = query.all(account=account_id)
        assert rows and all(row.account_id == account_id for row in rows)


@pytest.mark.parametrize("frozen", [date(2026, 12, 2), uuid.uuid4()], ids=["a date", "an id"])
def test_a_value_computed_when_the_query_is_built_is_refused_not_frozen(demo, frozen):
    field = TrainingSession.starts_on if isinstance(frozen, date) else Enrollment.account_id
    query = Prepared(lambda: field.model.select().where(field == frozen))
    with pytest.raises(FrozenValue, match="use a Slot"):
        query.all()
    # Constants written in the code, and Slots, are what a prepared query holds.
    assert Prepared(lambda: Enrollment.select().where((Enrollment.status == "active") & (Enrollment.id > 0)
                                                      & (Enrollment.account_id == Slot("a")))).all(a=uuid.uuid4()) == []


def test_the_private_parts_of_peewee_and_jinja_we_rely_on_keep_their_shape():
    """portal/prepared.py calls peewee's query._get_cursor_wrapper(cursor) and keeps the state its row
    builder sets up on the first row; portal/template_language.py is a copy of Jinja's own
    Environment._load_template with the language added. A new version that changes them must fail here,
    loudly, before it changes what pages show: re-read both against the new source, then update this."""
    assert list(inspect.signature(peewee.BaseQuery._get_cursor_wrapper).parameters) == ["self", "cursor"]
    assert "initialized" in inspect.getsource(peewee.CursorWrapper.iterate)
    source = inspect.getsource(jinja2.Environment._load_template)
    assert hashlib.sha256(source.encode()).hexdigest()[:16] == JINJA_LOAD_TEMPLATE, (
        "jinja2.Environment._load_template changed: compare it with LanguageEnvironment._load_template")
    # And the versions in use are within the range pyproject.toml pins for these two.
    assert peewee.__version__.startswith("4.5.") and jinja2.__version__.startswith("3.1.")
