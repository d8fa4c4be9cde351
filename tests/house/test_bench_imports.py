"""The benchmark scripts are run by hand, seldom: a module they import that moved would only show the day
someone needs the figures (bench/capacity.py failed so on 07/12/2026). Every name they import from the portal
must still be there."""

import ast
import importlib
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def portal_imports() -> list[tuple[str, str, str]]:
    found = []
    for script in sorted(BENCH.glob("*.py")):
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in ("portal", "jobs"):
                found += [(script.name, node.module, alias.name) for alias in node.names]
            elif isinstance(node, ast.Import):
                found += [(script.name, alias.name, "") for alias in node.names
                          if alias.name.split(".")[0] in ("portal", "jobs")]
    return found


def test_the_benchmarks_import_something_of_the_portal():
    assert any(script == "capacity.py" for script, _, _ in portal_imports())


@pytest.mark.parametrize(("script", "module", "name"), portal_imports())
def test_each_name_a_benchmark_imports_still_exists(script, module, name):
    imported = importlib.import_module(module)
    if name and not hasattr(imported, name):
        importlib.import_module(f"{module}.{name}")  # a submodule: raises if it is gone
