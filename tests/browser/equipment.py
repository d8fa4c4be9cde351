"""What the browser tests need on the machine: Debian's chromium and the npm checkers (axe-core, the Nu validator);
outside CI a missing one skips with the reason, in CI it fails."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.services import IN_CI

HERE = Path(__file__).parent


NODE_MODULES = HERE / "node_modules"


AXE = NODE_MODULES / "axe-core" / "axe.min.js"


VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


def missing(what: str) -> None:
    message = f"{what}; the browser tests need it (see README, « Tests dans un vrai navigateur »)"
    if IN_CI:
        pytest.fail(f"CI=true requires it: {message}", pytrace=False)
    pytest.skip(message)


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        missing("Debian's chromium is not installed (apt-get install -y chromium)")
    return path
