"""No module of ``publications`` imports another that imports it back.

The graph counts every import, also those inside functions: an import
moved into a function still ties the two modules together. import-linter
(``.importlinter``) checks the layers between the apps; this checks the
modules within the top one.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "publications"


def _modules():
    modules = {}
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "migrations" in parts:
            continue
        is_package = parts[-1] == "__init__"
        name = ".".join(parts[:-1] if is_package else parts)
        modules[name] = (path, is_package)
    return modules


def _imports(name, path, is_package, modules):
    """The modules of the package that ``name`` imports, anywhere in its code."""
    package = name if is_package else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            origin = f"{base}.{node.module}" if node.level and node.module else base
            origin = origin if node.level else node.module
            targets = [f"{origin}.{alias.name}" for alias in node.names]
            targets = [target if target in modules else origin for target in targets]
        else:
            continue
        found.update(target for target in targets if target in modules and target != name)
    return found


def import_graph():
    modules = _modules()
    return {
        name: _imports(name, path, is_package, modules)
        for name, (path, is_package) in modules.items()
    }


def find_cycle(graph):
    """A list of modules that import each other in a circle, or None."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                return stack[stack.index(target) :] + [target]
            if target not in state:
                cycle = visit(target)
                if cycle:
                    return cycle
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def test_the_graph_sees_imports_inside_functions():
    graph = {"a": {"b"}, "b": {"a"}}
    assert find_cycle(graph) == ["a", "b", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_graph_holds_the_modules_and_their_imports():
    graph = import_graph()
    assert "publications.models" in graph
    assert "publications.api.consultations" in graph
    assert "publications.api.base" in graph["publications.api.consultations"]
    assert "publications.routes" in graph["publications.models"]


def test_no_module_of_publications_imports_one_that_imports_it_back():
    cycle = find_cycle(import_graph())
    assert cycle is None, " -> ".join(cycle)


def test_no_module_of_publications_is_over_500_lines():
    long = {
        name: lines
        for name, (path, _) in _modules().items()
        if (lines := len(path.read_text().splitlines())) > 500
    }
    assert long == {}
