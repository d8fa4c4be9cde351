"""A long list shown a page at a time: the page asked for in the address (?page=N), its rows, and how many
rows the whole list holds, counted once. A list of a provider's whole history (10,000 learners, their
invoices, the access journal) is never sent whole."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

PAGE_SIZE = 50
PAGE_MAX = 1_000_000  # a larger number in the address is nonsense, not a page


@dataclass(frozen=True)
class Page:
    rows: list[Any]
    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def first_row(self) -> int:
        return (self.number - 1) * self.size + 1 if self.total else 0

    @property
    def last_row(self) -> int:
        return (self.number - 1) * self.size + len(self.rows)


def page_number(args: Mapping[str, str]) -> int:
    """The page the address asks for; the first one for anything that is not a page number (a list is
    still shown: a page number is not worth a refusal)."""
    text = (args.get("page") or "").strip()
    if not text.isdigit() or len(text) > 7:
        return 1
    return min(max(int(text), 1), PAGE_MAX)


def paginate(query, number: int, size: int = PAGE_SIZE) -> Page:
    """The rows of page `number` of a peewee query (ordered, with a unique last key so that pages never
    overlap), and the count of the whole list; a page past the end shows the last one."""
    total = query.order_by().count()
    last = max(1, -(-total // size))
    number = min(max(number, 1), last)
    rows = list(query.paginate(number, size)) if total else []
    return Page(rows, number, size, total)


def paginate_narrow(query, key, number: int, size: int = PAGE_SIZE) -> Page:
    """paginate() for a query joining wide rows (a list of enrolments with their session, course and files):
    the rows before the page are walked by their `key` alone (counted, then skipped in a subquery), and only
    the page's rows are read whole; two statements, as paginate(). A deep page (page 200 of 10,000) costs
    little more than the first."""
    total = query.select(key).order_by().count()
    last = max(1, -(-total // size))
    number = min(max(number, 1), last)
    if not total:
        return Page([], number, size, total)
    return Page(list(query.where(key.in_(query.select(key).paginate(number, size)))), number, size, total)


def page_of(rows: list[Any], number: int, size: int = PAGE_SIZE) -> Page:
    """The same for a list already in memory (a short one, e.g. sessions of one course)."""
    total = len(rows)
    last = max(1, -(-total // size))
    number = min(max(number, 1), last)
    return Page(rows[(number - 1) * size:number * size], number, size, total)
