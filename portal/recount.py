"""Figures counted again only when what they count was written to: a page that sums a provider's whole
history (the BPF of an open year, the receivables) keeps its last figures per process, with the stamp that
was read when they were counted — a few aggregates in one statement that change with every write the
figures depend on. Figures are used again while the stamp reads the same and they are younger than their
safety net (the writes no stamp sees). Each process keeps its own (per app)."""
from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

from flask import current_app

T = TypeVar("T")

# Keys per kind of figures beyond which the kept ones are dropped (a key per year, day or page size: a few).
ROOM = 16


@dataclass(frozen=True)
class _Kept(Generic[T]):
    value: T
    stamp: tuple
    clock: float  # time.monotonic() when counted


def kept_while_unwritten(kind: str, key: Hashable, stamp: tuple, count: Callable[[], T], fresh_seconds: float) -> T:
    """The figures kept under `kind` and `key` when `stamp` reads as when they were counted and they are
    younger than `fresh_seconds`; else `count()`, kept with the stamp."""
    kept_ones: dict[Hashable, _Kept] = current_app.extensions.setdefault(f"petale_kept_{kind}", {})
    kept = kept_ones.get(key)
    if kept is not None and kept.stamp == stamp and time.monotonic() - kept.clock < fresh_seconds:
        return kept.value
    value = count()
    if len(kept_ones) >= ROOM:
        kept_ones.clear()
    kept_ones[key] = _Kept(value, stamp, time.monotonic())
    return value
