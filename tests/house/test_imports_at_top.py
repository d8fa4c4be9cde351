"""Every import at the top of its module: an import hidden in a function hides a dependency from the reader
and from import-linter's layers until that function runs, and is the usual way to dodge a cycle that
should have been removed (a lower module taking a parameter or a hook instead of importing a higher one).

The few imports left inside a function are listed below, each with why; the list only shrinks."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WALKED = [ROOT / "portal", ROOT / "jobs", ROOT / "app.py"]

# (module, what it imports) -> why it is imported inside a function.
ALLOWED: dict[tuple[str, str], str] = {
    ("portal.documents", "portal.documents.pdf.Document"):
        "fpdf2 and fontTools weigh about 32 MB and 0.2 s in every web and worker process, and only the few "
        "PDF documents need them: pdf_document() is their one door, tests/foundations/test_platform.py "
        "checks that building the application does not load them.",
}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imported_names(node: ast.AST, module: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        source = absolute(node, module, is_package)
        return [f"{source}.{alias.name}" for alias in node.names]
    # importlib.import_module("a.b") or __import__("a.b") with a written name is the same import, disguised.
    if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
            and isinstance(node.args[0].value, str):
        called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if called in {"import_module", "__import__"}:
            return [node.args[0].value]
    return []


def imports_in_functions(source: str, module: str, is_package: bool) -> list[tuple[str, str, int]]:
    """(module, imported name, line) of each import written inside a function, however deeply nested."""
    found = []

    def walk(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if in_function:
                found.extend((module, name, child.lineno) for name in imported_names(child, module, is_package))
            walk(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    walk(ast.parse(source), False)
    return found


def walked_files() -> list[tuple[Path, Path]]:
    files = []
    for place in WALKED:
        if place.is_file():
            files.append((place, place.parent))
        else:
            files += [(path, place.parent) for path in sorted(place.rglob("*.py"))]
    return files


def all_imports_in_functions() -> list[tuple[str, str, int]]:
    found = []
    for path, root in walked_files():
        found += imports_in_functions(path.read_text(encoding="utf-8"), module_name(path, root),
                                      path.name == "__init__.py")
    return found


def test_no_import_is_hidden_in_a_function():
    hidden = [f"{module}:{line} imports {name}" for module, name, line in all_imports_in_functions()
              if (module, name) not in ALLOWED]
    assert hidden == [], "move these imports to the top of their module (a cycle in the way is a dependency " \
                         "pointing the wrong way: invert it):\n" + "\n".join(hidden)


def test_every_allowed_import_is_still_there():
    """An allowance nobody needs any more is removed, so that the list says what the code does."""
    still = {(module, name) for module, name, _ in all_imports_in_functions()}
    assert set(ALLOWED) - still == set()


def test_the_walk_covers_the_portal_and_the_jobs():
    modules = {module_name(path, root) for path, root in walked_files()}
    assert {"portal", "portal.factory", "portal.mail", "jobs.tasks", "jobs.schedule", "app"} <= modules


def test_the_check_finds_imports_hidden_at_any_depth():
    source = '''
import os
from portal import db


class Top:
    def method(self):
        from portal.mail import send

        def inner():
            import json
        return inner


async def later():
    from . import sibling
    from ..other import thing


def dynamic():
    import_module("portal.vault.service")
    importlib.import_module(name)


LAMBDA = lambda: __import__("fpdf")
'''
    assert [(name, line) for _, name, line in imports_in_functions(source, "portal.pkg.module", False)] == [
        ("portal.mail.send", 8), ("json", 11), ("portal.pkg.sibling", 16), ("portal.other.thing", 17),
        ("portal.vault.service", 21), ("fpdf", 25),
    ]
    assert imports_in_functions("def f():\n    from . import b\n", "portal.pkg", True)[0][1] == "portal.pkg.b"
