"""Functions allowed to run as jobs, by dotted name: a row can only name one of these."""
from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable

_REGISTRY: dict[str, Callable] = {}


def job(fn: Callable) -> Callable:
    _REGISTRY[dotted_name(fn)] = fn
    return fn


def dotted_name(fn: Callable) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


def resolve(name: str) -> Callable:
    if name not in _REGISTRY:
        # The module may simply not be imported yet in this process (a fresh RQ worker).
        module, _, _attr = name.rpartition(".")
        with contextlib.suppress(ImportError):
            importlib.import_module(module)
    try:
        return _REGISTRY[name]
    except KeyError:
        raise LookupError(f"{name} is not a registered job") from None
