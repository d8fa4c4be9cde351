"""Functions allowed to run as jobs, by dotted name: a row can only name one of these."""
from __future__ import annotations

import contextlib
import importlib
import types
from collections.abc import Callable
from typing import Any

_REGISTRY: dict[str, Callable] = {}
# What staff read on the jobs page instead of the dotted name (lazy strings, translated when shown).
_LABELS: dict[str, Any] = {}


def job(label: Any) -> Callable[[Callable], Callable]:
    """Registers fn as a job; label says in words what it does, for the people who watch the queue."""
    if isinstance(label, types.FunctionType):
        raise TypeError("@job needs a label: @job(_l('Ce que fait la tâche'))")

    def register(fn: Callable) -> Callable:
        _REGISTRY[dotted_name(fn)] = fn
        _LABELS[dotted_name(fn)] = label
        return fn
    return register


def label_of(name: str) -> str:
    """The job's label; a row naming a function that no longer exists still reads as words."""
    with contextlib.suppress(LookupError):
        resolve(name)
    return str(_LABELS.get(name, "")) or name.rpartition(".")[2].replace("_", " ")


def registered() -> dict[str, Callable]:
    return dict(_REGISTRY)


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
