"""Queries whose SQL text is generated once per database engine and then run with new values.

peewee rebuilds the SQL text of a query each time it runs, visiting every selected column: on the
busiest pages that cost about 0.3 ms a query, more than SQLite took to answer it (README.md,
"Chiffres de performance").
A `Prepared` query is written once with named `Slot`s where the values go; each run binds the
values (converted by the compared field, as peewee would) and hydrates rows exactly like the query
would, joined models included. What peewee's row builder works out from the result's columns (which
model each column belongs to, its converter, the join graph) is also kept per engine: it cost as much
again as building the rows.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

import peewee

# What a prepared query may hold besides Slots: values written in the code itself. A date, a datetime
# or an id in it was computed when the query was first built and would stay that value for the life of
# the process (a query built on "today" kept its first day): such a value must be a Slot.
CONSTANT_TYPES = (str, int, float, bool, bytes, Decimal, type(None))


@dataclass(frozen=True)
class _Hole:
    name: str
    converter: Callable[[Any], Any] | None


class Slot(peewee.ColumnBase):
    """A named value filled in at each run. Compared with a field, it takes that field's conversion
    (UUID to text, date to ISO); elsewhere pass `field` to say how to convert it."""

    def __init__(self, name: str, field: peewee.Field | None = None):
        super().__init__()
        self.name = name
        self.field = field

    def __sql__(self, ctx: peewee.Context) -> peewee.Context:
        converter = self.field.db_value if self.field is not None else ctx.state.converter
        # converter=False: the hole itself is stored as the parameter, to be replaced at each run.
        return ctx.value(_Hole(self.name, converter), converter=False)


_OWN_CONSTRUCTOR = (peewee.NamedTupleCursorWrapper, peewee.ModelNamedTupleCursorWrapper)


class Prepared:
    """`build` returns the query with Slots; it runs on first use (models are bound by then)."""

    def __init__(self, build: Callable[[], peewee.BaseQuery]):
        self._build = build
        self._query: peewee.BaseQuery | None = None
        self._compiled: dict[type, tuple[str, tuple]] = {}
        self._shapes: dict[type, dict[str, Any]] = {}

    def all(self, **values: Any) -> list:
        """Every row, hydrated as the query's own iteration would."""
        query, engine, cursor = self._run(values)
        # peewee's own row builder for this query's shape (joined models, tuples, dicts).
        wrapper = query._get_cursor_wrapper(cursor)
        shape = self._shapes.get(engine)
        if shape is not None:
            wrapper.__dict__.update(shape)
            wrapper.initialized = True
            return list(wrapper)
        before = set(wrapper.__dict__)
        rows = list(wrapper)
        # The builder initialises on the first row: nothing to keep without one. A namedtuple builder's
        # constructor is a closure over its own wrapper (and cursor): not kept, worked out every time.
        if wrapper.initialized and not isinstance(wrapper, _OWN_CONSTRUCTOR):
            self._shapes[engine] = {key: value for key, value in wrapper.__dict__.items() if key not in before}
        return rows

    def execute(self, **values: Any) -> None:
        """Run a statement that returns no rows to read (an insert on the busiest pages)."""
        self._run(values)

    def _run(self, values: dict[str, Any]) -> tuple[peewee.BaseQuery, type, Any]:
        if self._query is None:
            self._query = self._build()
        query = self._query
        database = query.model._meta.database
        database = getattr(database, "obj", database)  # a zone's DatabaseProxy, or a database
        # The SQL differs by engine (placeholders, operators), not by connection.
        engine = type(database)
        compiled = self._compiled.get(engine)
        if compiled is None:
            sql, params = _constants_only(database.get_sql_context()).sql(query).query()
            compiled = self._compiled[engine] = (sql, tuple(params))
        sql, params = compiled
        return query, engine, database.execute_sql(sql, _bind(params, values))

    def first(self, **values: Any) -> Any:
        rows = self.all(**values)
        return rows[0] if rows else None

    def scalar(self, **values: Any) -> Any:
        row = self.first(**values)
        return row[0] if isinstance(row, tuple) else row


class FrozenValue(TypeError):
    """A prepared query holds a value that is neither a constant nor a Slot."""


def _constants_only(context: peewee.Context) -> peewee.Context:
    """The engine's SQL context, refusing any value that is not a constant of the code or a Slot's hole
    (it sees each value before its conversion, where a date is still a date)."""
    context.__class__ = _checking_class(type(context))
    return context


@cache
def _checking_class(context_class: type[peewee.Context]) -> type[peewee.Context]:
    class ConstantsOnly(context_class):
        __slots__ = ()  # same layout: an existing context can become one

        def value(self, value, converter=None, add_param=True):
            if not isinstance(value, (_Hole, peewee.Node, *CONSTANT_TYPES)) and not peewee.is_model(value):
                raise FrozenValue(f"prepared query: {value!r} would be frozen at its first run; use a Slot")
            return super().value(value, converter, add_param)

    return ConstantsOnly


def _bind(params: tuple, values: dict[str, Any]) -> list:
    bound = []
    for param in params:
        if isinstance(param, _Hole):
            if param.name not in values:
                raise TypeError(f"prepared query: no value for slot {param.name!r}")
            value = values[param.name]
            bound.append(param.converter(value) if param.converter else value)
        else:
            bound.append(param)
    return bound
