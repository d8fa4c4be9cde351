"""Tests a newcomer can find: a capability's tests under tests/<package>/, the architecture checks under
tests/house/, builders under tests/support/ (and tests/browser/ for the real-browser walks), and no test
module importing another (what two test modules share is a builder in tests/support/)."""
from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
PORTAL = TESTS.parent / "portal"
# Not a capability: the architecture checks, the builders, the browser walks, and the foundation modules
# (db, prepared, redaction, errors…) that are single files in portal/, not packages.
OWN_FOLDERS = {"house", "support", "browser", "foundations"}


def _folders() -> list[Path]:
    return [p for p in TESTS.iterdir() if p.is_dir() and not p.name.startswith((".", "_")) and p.name != "node_modules"]


def test_no_test_file_lies_loose_in_tests():
    assert sorted(p.name for p in TESTS.glob("test_*.py")) == []


def test_each_folder_names_a_package_of_the_portal_or_is_one_of_the_houses_own():
    packages = {p.name for p in PORTAL.iterdir() if (p / "__init__.py").exists()}
    strangers = {p.name for p in _folders()} - packages - OWN_FOLDERS
    assert strangers == set(), f"tests/<folder> must name a portal package: {sorted(strangers)}"


def test_no_module_of_the_tests_imports_a_test_module():
    offenders = []
    for path in TESTS.rglob("*.py"):
        if "node_modules" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if any(part.startswith("test_") or part == "conftest" for name in names for part in name.split(".")):
                offenders.append(f"{path.relative_to(TESTS.parent)}: {', '.join(names)}")
    assert offenders == [], "move what is shared into tests/support/:\n" + "\n".join(offenders)
