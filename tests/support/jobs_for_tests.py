"""Job functions used by the job-layer tests (registered like any portal job)."""
from __future__ import annotations

import os
import time
from pathlib import Path

from flask import current_app

from portal.jobs import job


def _marker(name: str) -> Path:
    return Path(current_app.instance_path) / name


@job("Test : noter un passage")
def record(label: str) -> None:
    with _marker("ran.txt").open("a") as fh:
        fh.write(label + "\n")


@job("Test : échouer toujours")
def always_fails(label: str) -> None:
    raise RuntimeError(f"boom {label}")


@job("Test : échouer jusqu'au signal")
def fails_until_marker(label: str) -> None:
    if not _marker("allow.txt").exists():
        raise RuntimeError("not yet")
    record(label)


def ran(app) -> list[str]:
    path = Path(app.instance_path) / "ran.txt"
    return path.read_text().split() if path.exists() else []


@job("Test : attendre le signal")
def waits_for_marker(label: str) -> None:
    """Runs until the test writes go-<label> (at most 20 s), then records `label`."""
    deadline = time.monotonic() + 20
    while not _marker(f"go-{label}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    record(label)


@job("Test : noter qui a construit l'application")
def record_builder(label: str) -> None:
    """Records whether this process (a work-horse) built the application itself or got it from the
    worker it was forked from."""
    built = current_app.extensions.get("petale.built_in_pid")
    record(f"{label}:{'inherited' if built not in (None, os.getpid()) else 'built-here'}")
