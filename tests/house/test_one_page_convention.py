"""House rule: one way to render a page with a form and a refusal (portal/pages.py). No module of the portal
keeps its own `_page(error=…, status=…)` renderer, and no view works out a rendered page's status by hand
(`return render_template(...), 422 if form.errors else 200`): it declares a `Page` and answers with
`PAGE.show(...)` or `PAGE.refuse(refusal, ...)`, which place the refusal and choose the status. Nor does a view
write its own `if row is None: abort(404)` after a lookup: it calls `found_or_404(...)`.

The check reads the source (AST), so it sees code no test runs."""
from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

PORTAL = Path(__file__).resolve().parents[2] / "portal"
# Where rendering with an error and a status is the job itself: the convention, and the site's error pages.
OWN_RENDERERS = {PORTAL / "pages.py", PORTAL / "errors.py"}
RENDERERS = frozenset({"render_template", "render_page_or_block", "render_block"})
REFUSAL_PARAMETERS = frozenset({"error", "status", "refusal", "message"})


def _called(node: ast.AST) -> str:
    func = node.func if isinstance(node, ast.Call) else None
    return getattr(func, "id", None) or getattr(func, "attr", "") if func is not None else ""


def _renders(node: ast.AST) -> bool:
    return any(_called(inner) in RENDERERS for inner in ast.walk(node))


def _modules() -> list[Path]:
    return sorted(path for path in PORTAL.rglob("*.py") if path not in OWN_RENDERERS)


def offending(check: Callable[[str], list[str]]) -> list[str]:
    """What `check` finds in each module's source, said with the module's path."""
    return [f"{path.relative_to(PORTAL.parent)}: {where}"
            for path in _modules() for where in check(path.read_text(encoding="utf-8"))]


def ad_hoc_renderers(source: str) -> list[str]:
    """Functions that render a template and take the refusal's words or the status as parameters."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.Lambda):
            continue
        arguments = node.args
        names = {a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)}
        refusal_like = {n for n in names if n in REFUSAL_PARAMETERS or n.endswith("_error")}
        if refusal_like and _renders(node):
            found.append(f"{getattr(node, 'name', 'lambda')}({', '.join(sorted(refusal_like))}) line {node.lineno}")
    return found


def statuses_by_hand(source: str) -> list[str]:
    """`render_template(...), status` tuples and `make_response(render_template(...), status)` calls."""
    def by_hand(node: ast.AST) -> bool:
        if isinstance(node, ast.Tuple):
            return len(node.elts) >= 2 and _called(node.elts[0]) in RENDERERS
        return _called(node) == "make_response" and len(node.args) >= 2 and _renders(node.args[0])

    return [f"line {node.lineno}" for node in ast.walk(ast.parse(source)) if by_hand(node)]


def test_no_module_keeps_its_own_page_renderer_with_an_error_or_a_status():
    offenders = offending(ad_hoc_renderers)
    assert offenders == [], ("declare a portal.pages.Page (template + a function gathering its context) and "
                             "answer with PAGE.show(...) / PAGE.refuse(refusal, ...):\n" + "\n".join(offenders))


def test_no_view_sets_a_rendered_pages_status_by_hand():
    offenders = offending(statuses_by_hand)
    assert offenders == [], ("PAGE.show(form) answers 422 when the form given carries errors, "
                             "PAGE.refuse(refusal, ...) the refusal's status:\n" + "\n".join(offenders))


def nothing_found_by_hand(source: str) -> list[str]:
    """`if x is None: abort(404)` and nothing else: the 404 portal.pages.found_or_404 says."""
    def by_hand(node: ast.AST) -> bool:
        if not isinstance(node, ast.If) or node.orelse or len(node.body) != 1:
            return False
        test, [body] = node.test, node.body
        is_none = (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Is)
                   and isinstance(test.comparators[0], ast.Constant) and test.comparators[0].value is None)
        aborts = (isinstance(body, ast.Expr) and _called(body.value) == "abort"
                  and [getattr(a, "value", None) for a in body.value.args] == [404])
        return is_none and aborts

    return [f"line {node.lineno}" for node in ast.walk(ast.parse(source)) if by_hand(node)]


def test_no_view_writes_its_own_404_for_what_it_did_not_find():
    offenders = offending(nothing_found_by_hand)
    assert offenders == [], "return found_or_404(service.lookup(...)) (portal.pages):\n" + "\n".join(offenders)


def test_the_checks_see_the_shapes_they_forbid():
    """The checks are not vacuous: each finds the helper, the tuple or the 404 this convention replaced."""
    helper = '''
def _page(form, error=None, status=200):
    return render_template("x.html", form=form, error=error), status
'''
    keyword_only = '''
def _center(*, restrict_form=None, quiz_error=None):
    return vary_on_htmx(make_response(render_page_or_block("x.html", "b", e=quiz_error), 422))
'''
    assert ad_hoc_renderers(helper) == ["_page(error, status) line 2"]
    assert ad_hoc_renderers(keyword_only) == ["_center(quiz_error) line 2"]
    assert statuses_by_hand(helper) == ["line 3"]
    assert statuses_by_hand(keyword_only) == ["line 3"]
    assert ad_hoc_renderers("def _gather(form):\n    return {'form': form}\n") == []
    lookup = '''
def _file(file_id):
    file = service.file_or_none(file_id)
    if file is None:
        abort(404)
    if file.closed is None or file.kind is None:
        abort(404)
    if file.kind is None:
        abort(400)
    return file
'''
    assert nothing_found_by_hand(lookup) == ["line 4"]
