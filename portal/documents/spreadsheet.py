"""CSV files as French spreadsheets open them by default (";" between cells, "," before decimals, a
UTF-8 byte-order mark so accents survive), and the plain variant tools expect ("," and ".", no mark)."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Dialect:
    name: str
    delimiter: str
    decimal_comma: bool
    byte_order_mark: bool


FRENCH = Dialect("tableur", ";", True, True)
PLAIN = Dialect("simple", ",", False, False)
DIALECTS = {d.name: d for d in (FRENCH, PLAIN)}


def dialect_named(name: str | None) -> Dialect:
    """French unless the plain variant is asked for (anything unknown reads as the default)."""
    return DIALECTS.get(name or "", FRENCH)


def _cell(value: object, dialect: Dialect) -> object:
    if isinstance(value, (Decimal, float)) and dialect.decimal_comma:
        return str(value).replace(".", ",")
    return value


def typed_text(text: str) -> str:
    """Words someone typed, as a cell a spreadsheet shows and never runs: one starting like a formula
    (= + - @) gets an apostrophe before it (OWASP's CSV injection advice)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def write(rows: Iterable[Iterable[object]], dialect: Dialect) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=dialect.delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_cell(value, dialect) for value in row])
    return ("\ufeff" if dialect.byte_order_mark else "") + out.getvalue()
