"""House rule: views call services and never query. No view module (portal/**/views.py, portal/**/*_views.py)
calls a query method (select, get_or_none, get_by_id, update, delete, insert, insert_many, create, get, …) on
a name imported from a `*.models` module: the query goes in a function of a service, named for what it returns.

The check reads the source (AST), so it sees queries in code no test runs, and in lambdas (a Prepared query
built in a view counts too). A model is a name imported from a models module (`from portal.x.models import
Course`, or `Course` reached through an imported models module: `from portal.x import models`,
`import portal.x.models as m`); an UPPER_CASE name imported from one is a constant (`NEXT.get(...)` reads a
dict), not a model."""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
QUERY_METHODS = frozenset({
    "select", "get_or_none", "get_by_id", "update", "delete", "insert", "insert_many", "create", "get",
    # the same, by other names
    "get_or_create", "bulk_create", "bulk_update", "insert_from", "replace", "replace_many", "raw",
    "delete_by_id", "set_by_id",
})


def view_modules() -> list[Path]:
    portal = ROOT / "portal"
    return sorted({*portal.rglob("views.py"), *portal.rglob("*_views.py")})


def _is_models_module(dotted: str) -> bool:
    return dotted.rsplit(".", 1)[-1] == "models"


def _joined(package: str, name: str) -> str:
    """from portal.learning import models -> portal.learning.models; from . import models -> .models"""
    return f"{package}{name}" if not package or package.endswith(".") else f"{package}.{name}"


@dataclass
class Imports:
    models: set[str] = field(default_factory=set)  # names bound to a model: Course
    prefixes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name -> the module path it stands for
    models_modules: set[tuple[str, ...]] = field(default_factory=set)  # models modules reached that way

    def is_model(self, receiver: ast.expr) -> bool:
        """Course, C (an alias), models.Course, m.Course, portal.learning.models.Course, and their attributes."""
        parts = _dotted(receiver)
        if parts is None:
            return False
        if parts[0] in self.models:
            return True
        if parts[0] not in self.prefixes:
            return False
        qualified = (*self.prefixes[parts[0]], *parts[1:])
        return any(qualified[:len(module)] == module and len(qualified) > len(module)
                   and not qualified[len(module)].isupper() for module in self.models_modules)


def _imports(tree: ast.Module) -> Imports:
    """What the module's imports (wherever they are) bind to models and to models modules."""
    found = Imports()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = "." * node.level + (node.module or "")
            for alias in node.names:
                bound = alias.asname or alias.name
                if _is_models_module(source) and alias.name != "*" and not alias.name.isupper():
                    found.models.add(bound)
                elif alias.name == "models":
                    module = tuple(_joined(source, "models").split("."))
                    found.prefixes[bound] = module
                    found.models_modules.add(module)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if not _is_models_module(alias.name):
                    continue
                module = tuple(alias.name.split("."))
                found.models_modules.add(module)
                # `import a.models as m` binds m to a.models; a bare `import a.models` binds a to a
                if alias.asname:
                    found.prefixes[alias.asname] = module
                else:
                    found.prefixes[module[0]] = module[:1]
    return found


def _dotted(node: ast.expr) -> list[str] | None:
    """Course.id -> ["Course", "id"]; None when the chain does not start from a plain name."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return [node.id, *reversed(parts)]


def queries_in(source: str, filename: str = "<source>") -> list[tuple[int, str]]:
    """(line, call) for every query method called on a model in this module's source."""
    tree = ast.parse(source, filename=filename)
    imports = _imports(tree)
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in QUERY_METHODS and imports.is_model(node.func.value)):
            found.append((node.lineno, f"{ast.unparse(node.func)}(…)"))
    return sorted(found)


def test_no_view_module_queries_a_model():
    modules = view_modules()
    assert len(modules) >= 20, modules  # the walk did find the views (not a vacuous pass)
    offences = [f"{path.relative_to(ROOT)}:{line}: {call}"
                for path in modules for line, call in queries_in(path.read_text(), str(path))]
    assert offences == [], "views call services and never query; move these into a service:\n" + "\n".join(offences)


def test_the_check_reports_a_query_in_a_view():
    source = (
        "from portal.learning.models import Course\n"
        "\n"
        "def courses():\n"
        "    return list(Course.select())\n"
    )
    assert queries_in(source) == [(4, "Course.select(…)")]


@pytest.mark.parametrize("source, expected", [
    ("from portal.learning.models import Course as C\nC.get_or_none(C.id == 1)\n", [(2, "C.get_or_none(…)")]),
    ("from portal.learning import models\nmodels.Course.get_by_id(1)\n", [(2, "models.Course.get_by_id(…)")]),
    ("import portal.learning.models as m\nm.Course.update(title='x').execute()\n", [(2, "m.Course.update(…)")]),
    ("import portal.learning.models\nportal.learning.models.Course.delete()\n",
     [(2, "portal.learning.models.Course.delete(…)")]),
    ("from .models import Brief\nq = Prepared(lambda: Brief.select().where(Brief.id == 1))\n",
     [(2, "Brief.select(…)")]),
    ("from portal.forum.models import Post\nPost.insert(body='x').execute()\nPost.insert_many([]).execute()\n"
     "Post.create(body='x')\nPost.get(Post.id == 1)\n",
     [(2, "Post.insert(…)"), (3, "Post.insert_many(…)"), (4, "Post.create(…)"), (5, "Post.get(…)")]),
    ("def page():\n    from portal.privacy.models import Export\n    return Export.select().exists()\n",
     [(3, "Export.select(…)")]),
])
def test_the_check_reports_every_way_of_reaching_a_model(source, expected):
    assert queries_in(source) == expected


@pytest.mark.parametrize("source", [
    # services, forms and request objects are not models
    "from portal.forum import writing\nwriting.delete(user, post)\nrequest.args.get('page')\n",
    "from portal.bouquets import review\nreview.comments_of([1]).get(1, [])\n",
    # a constant imported from a models module is data
    "from portal.funding.models import NEXT\nNEXT.get('open', ())\n",
    # a name that only looks like a model
    "Course = object()\nCourse.select()\n",
    "from portal.learning.models import Course\nmanage.find(Course, 1)\n",
])
def test_the_check_leaves_calls_on_other_names_alone(source):
    assert queries_in(source) == []
