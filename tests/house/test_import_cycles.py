"""No import cycle between the portal's modules, counting imports inside functions too: a cycle held
together by an import hidden in a function breaks as soon as someone moves that import to the top.
(import-linter's contracts in pyproject.toml keep the walls between packages.)"""
from __future__ import annotations

import grimp


def cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[module] = min(low[module], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
            if low[module] == index[module]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == module:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycle_between_the_portals_modules():
    assert cycles(grimp.build_graph("portal")) == []


def test_the_check_finds_a_cycle_hidden_in_a_function(tmp_path, monkeypatch):
    package = tmp_path / "cyclic"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from cyclic import b\n")
    (package / "b.py").write_text("def later():\n    from cyclic import a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert cycles(grimp.build_graph("cyclic", cache_dir=None)) == [["cyclic.a", "cyclic.b"]]


def package_graph() -> grimp.ImportGraph:
    """Each package of the portal squashed into one node (a single-module foundation stays itself), every
    import counted."""
    graph = grimp.build_graph("portal")
    for child in sorted(graph.find_children("portal")):
        if graph.find_children(child):
            graph.squash_module(child)
    return graph


def test_no_import_cycle_between_the_portals_packages():
    """A package-level knot hides what each package depends on: none is allowed. The check finds one
    made on purpose (learning importing certificates, which imports learning)."""
    graph = package_graph()
    assert cycles(graph) == []
    graph.add_import(importer="portal.learning", imported="portal.certificates")
    assert cycles(graph) == [["portal.certificates", "portal.learning"]]
