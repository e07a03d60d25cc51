"""The shape of the code: layers point down, no module cycles, and every import hidden inside
a function says why it cannot be at the top of its module."""

import ast
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("newsroom", "newsletter")


def project_modules(graph):
    return {module for module in graph.modules if ".migrations" not in module}


def test_layers_point_down():
    """The contracts in pyproject.toml ([tool.importlinter]): no module imports a module of a
    layer above it, and the apps of the top layer do not import each other."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def strongly_connected(graph, modules):
    """Tarjan's algorithm over the direct imports; the components of more than one module."""
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module) & modules:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for module in sorted(modules):
        if module not in index:
            visit(module)
    return cycles


def test_no_import_cycles():
    graph = grimp.build_graph(*PACKAGES, include_external_packages=False)
    assert strongly_connected(graph, project_modules(graph)) == []


def function_level_imports(path):
    """(line, statement) of each import inside a function that has no comment saying why,
    either at the end of its line or on the line above."""
    source = path.read_text()
    lines = source.splitlines()
    missing = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            line = lines[node.lineno - 1]
            above = lines[node.lineno - 2].strip() if node.lineno > 1 else ""
            if "#" not in line and not above.startswith("#"):
                missing.append((node.lineno, line.strip()))
    return missing


def test_function_level_imports_say_why():
    """An import inside a function hides a dependency from readers and from the layer
    contracts' reviewers; it is allowed only where Django's app loading forces it (a model
    imported before the app registry is ready), with a one-line reason beside it."""
    unexplained = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            missing = function_level_imports(path)
            if missing:
                unexplained[str(path.relative_to(ROOT))] = missing
    assert unexplained == {}
