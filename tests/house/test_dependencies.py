"""`make run` installs only the base dependencies: every third-party module the application imports
(portal/, jobs/, app.py) must come from one of them, not from the test or bench extras."""
from __future__ import annotations

import ast
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, packages_distributions, requires
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]


def imported_top_modules() -> set[str]:
    modules = set()
    for path in [ROOT / "app.py", *(ROOT / "portal").rglob("*.py"), *(ROOT / "jobs").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return {name for name in modules if name not in sys.stdlib_module_names and name not in {"portal", "jobs", "app"}}


def normalised(name: str) -> str:
    return name.lower().replace("_", "-")


def test_every_module_the_application_imports_is_a_base_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    base = {normalised(Requirement(spec).name) for spec in project["dependencies"]}
    providers = packages_distributions()
    missing = {}
    for module in sorted(imported_top_modules()):
        distributions = {normalised(d) for d in providers.get(module, [])}
        # A module may come from a dependency of a base dependency (markupsafe with jinja2, werkzeug with
        # flask): accept what the base set pulls in, by asking each base distribution's requirements.
        if not distributions & _with_requirements(base):
            missing[module] = sorted(distributions) or ["(not installed)"]
    assert missing == {}, f"imported by the application but not among pyproject's dependencies: {missing}"


def _with_requirements(names: set[str]) -> set[str]:
    seen, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requirements = requires(name) or []
        except PackageNotFoundError:
            continue
        for spec in requirements:
            requirement = Requirement(spec)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(normalised(requirement.name))
    return seen
