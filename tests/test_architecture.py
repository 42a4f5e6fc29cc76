"""The import graph tells the truth: no module cycles, and no app wired into another at start-up.

import-linter's contracts say which app may import which; they cannot see a cycle inside one app
(`documents.services` <-> `documents.tasks`), nor a callable that one app's `AppConfig.ready()`
plants in another app's module, which makes the second call the first with no import at all.
"""

from __future__ import annotations

import ast
import importlib
import json
import os
import pkgutil
import subprocess
import sys
import tomllib
from collections import deque
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from types import ModuleType
from typing import Any

import grimp
import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
# The packages of the project: the same list import-linter checks.
PACKAGES: list[str] = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["tool"][
    "importlinter"
]["root_packages"]
# The shared kernel: an app's ready() may register itself with core (`core.health.register_check`).
KERNEL = "core"


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    # Every import statement counts, at module level or inside a function (a lazy import).
    return grimp.build_graph(*PACKAGES, cache_dir=None)


def strongly_connected_components(graph: grimp.ImportGraph) -> Iterator[list[str]]:
    """Tarjan's algorithm over the module graph (iterative: the graph is deeper than the stack)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            module, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack.add(target)
                    work.append(
                        (target, iter(sorted(graph.find_modules_directly_imported_by(target))))
                    )
                    break
                if target in on_stack:
                    low[module] = min(low[module], index[target])
            else:
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
                    yield sorted(component)


def shortest_cycle(graph: grimp.ImportGraph, start: str, within: set[str]) -> list[str]:
    """The shortest import chain from `start` back to itself inside one component."""
    previous: dict[str, str] = {}
    queue = deque([start])
    while queue:
        module = queue.popleft()
        for target in sorted(graph.find_modules_directly_imported_by(module) & within):
            if target == start:
                chain = [module]
                while chain[-1] != start:
                    chain.append(previous[chain[-1]])
                return [*reversed(chain), start]
            if target not in previous:
                previous[target] = module
                queue.append(target)
    raise AssertionError(f"{start} is in a component but on no cycle")


def describe_cycle(graph: grimp.ImportGraph, cycle: list[str]) -> str:
    steps = []
    for importer, imported in pairwise(cycle):
        details = graph.get_import_details(importer=importer, imported=imported)
        lines = ", ".join(str(detail["line_number"]) for detail in details)
        steps.append(f"  {importer} (line {lines}) imports {imported}")
    return " -> ".join(cycle) + "\n" + "\n".join(steps)


def import_cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    cycles = []
    for component in strongly_connected_components(graph):
        module = component[0]
        if len(component) > 1 or module in graph.find_modules_directly_imported_by(module):
            cycles.append(shortest_cycle(graph, module, set(component)))
    return cycles


def test_the_module_import_graph_of_the_project_is_acyclic(graph):
    assert len(graph.modules) > 50, "the graph holds hardly any module; are the packages found?"
    tangles = [c for c in strongly_connected_components(graph) if len(c) > 1]
    cycles = import_cycles(graph)
    assert not cycles, (
        f"{len(cycles)} group(s) of modules import each other: "
        + "; ".join(", ".join(tangle) for tangle in tangles)
        + "\nthe shortest cycle in each:\n"
        + "\n".join(describe_cycle(graph, cycle) for cycle in cycles)
    )


def test_the_cycle_finder_finds_a_lazy_import_cycle():
    graph = grimp.ImportGraph()
    for module in ("app.services", "app.tasks", "app.views"):
        graph.add_module(module)
    graph.add_import(importer="app.views", imported="app.services")
    graph.add_import(importer="app.services", imported="app.tasks")
    graph.add_import(importer="app.tasks", imported="app.services")
    assert import_cycles(graph) == [["app.services", "app.tasks", "app.services"]]
    graph.remove_import(importer="app.tasks", imported="app.services")
    assert import_cycles(graph) == []


# --- AppConfig.ready() ---------------------------------------------------------------------------
# The rule: ready() changes nothing in another domain app's modules; in its own text it imports
# only from its own app and the shared kernel, and calls no `set_*` function. Registering with core
# (a health check) is how an app announces itself; an app reaching into another at start-up (a
# setter, an assignment into its module, a registry it fills) is a dependency the import graph
# does not show.


def _apps_modules() -> list[Path]:
    return sorted(path for package in PACKAGES for path in (REPO_ROOT / package).glob("apps.py"))


def _ready_functions(tree: ast.Module) -> Iterator[ast.FunctionDef]:
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == "ready":
                    yield item


def _imported_modules(function: ast.FunctionDef) -> Iterator[tuple[int, str]]:
    for node in ast.walk(function):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _foreign_attributes_assigned(node: ast.AST) -> Iterator[ast.Attribute]:
    """`x.y = ...` targets of an assignment, but for `self.y` (the AppConfig's own state)."""
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AnnAssign | ast.AugAssign):
        targets = [node.target]
    else:
        return
    for target in targets:
        if isinstance(target, ast.Attribute) and not (
            isinstance(target.value, ast.Name) and target.value.id == "self"
        ):
            yield target


def ready_violations(source: str, app: str) -> list[str]:
    """What the ready() methods in `source` (the apps.py of `app`) do against the rule."""
    found = []
    for ready in _ready_functions(ast.parse(source)):
        for line, module in _imported_modules(ready):
            top = module.split(".", 1)[0]
            if top in PACKAGES and top not in {app, KERNEL}:
                found.append(f"line {line}: ready() imports {module}, another app")
        for node in ast.walk(ready):
            if isinstance(node, ast.Call) and (_called_name(node) or "").startswith("set_"):
                found.append(f"line {node.lineno}: ready() calls {_called_name(node)}()")
            for target in _foreign_attributes_assigned(node):
                found.append(f"line {target.lineno}: ready() assigns {ast.unparse(target)}")
    return found


def _fingerprint(module: ModuleType) -> dict[str, Any]:
    """What ready() could change in a module: its bindings, its containers, its classes' dicts."""
    prints: dict[str, Any] = {}
    for name, value in vars(module).items():
        prints[name] = id(value)
        if isinstance(value, dict):
            prints[f"{name}[...]"] = sorted((repr(k), id(v)) for k, v in value.items())
        elif isinstance(value, list | set):
            prints[f"{name}[...]"] = sorted(id(item) for item in value)
        elif isinstance(value, type) and value.__module__ == module.__name__:
            prints[f"{name}.__dict__"] = sorted((k, id(v)) for k, v in vars(value).items())
    return prints


def ready_effects_main() -> None:
    """In a fresh interpreter: set Django up with every ready() held back, then run each alone and
    print, as JSON, what it changed in the modules of the other domain apps."""
    import django
    from django.apps import AppConfig, apps

    held: dict[str, Any] = {}
    for package in PACKAGES:
        try:
            module = importlib.import_module(f"{package}.apps")
        except ModuleNotFoundError:
            continue  # the project package, not an app
        for config in vars(module).values():
            if (
                isinstance(config, type)
                and issubclass(config, AppConfig)
                and "ready" in vars(config)
            ):
                held[package] = config.ready
                config.ready = lambda self: None  # type: ignore[method-assign]
    django.setup()
    for package in PACKAGES:
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, f"{package}."):
            importlib.import_module(info.name)
    changes: list[str] = []
    for app, ready in sorted(held.items()):
        others = {
            name: module
            for name, module in sys.modules.items()
            if name.split(".", 1)[0] in PACKAGES and name.split(".", 1)[0] not in {app, KERNEL}
        }
        before = {name: _fingerprint(module) for name, module in others.items()}
        ready(next(c for c in apps.get_app_configs() if c.name == app))
        for name, module in sorted(others.items()):
            after = _fingerprint(module)
            for key in sorted(set(before[name]) | set(after)):
                if before[name].get(key) != after.get(key):
                    changes.append(f"{app}/apps.py: ready() changes {name}.{key}")
    print(json.dumps(changes))


def test_a_fingerprint_changes_with_a_rebinding_or_a_registry_entry():
    module = ModuleType("gemini.example")
    module.__dict__.update(hook=len, registry={}, names=[])
    first = _fingerprint(module)
    module.registry["check"] = len
    second = _fingerprint(module)
    module.hook = repr  # type: ignore[attr-defined]
    assert first != second != _fingerprint(module)


def test_no_app_config_ready_changes_another_apps_modules():
    result = subprocess.run(
        [sys.executable, "-c", "from tests.test_architecture import ready_effects_main as m; m()"],
        cwd=REPO_ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_ENV": "test"},
        capture_output=True,
        text=True,
        timeout=110,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    changes = json.loads(result.stdout.strip().splitlines()[-1])
    assert not changes, "\n".join(changes)


def test_no_app_config_ready_wires_a_callable_into_another_app():
    modules = _apps_modules()
    assert len(modules) >= len(PACKAGES) - 1, "the apps.py files were not found"
    violations = [
        f"{path.relative_to(REPO_ROOT)} {violation}"
        for path in modules
        for violation in ready_violations(path.read_text(), path.parent.name)
    ]
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "class C:\n    def ready(self):\n"
            "        from core.health import register_check\n"
            "        from documents.embedding import check\n"
            "        register_check('embedder', check)\n",
            [],
        ),
        (
            "class C:\n    def ready(self):\n"
            "        from gemini.services import set_finisher\n"
            "        set_finisher(f)\n",
            [
                "line 3: ready() imports gemini.services, another app",
                "line 4: ready() calls set_finisher()",
            ],
        ),
        (
            "class C:\n    def ready(self):\n        import gemini.routing as r\n"
            "        r.lookup = f\n",
            [
                "line 3: ready() imports gemini.routing, another app",
                "line 4: ready() assigns r.lookup",
            ],
        ),
    ],
)
def test_the_ready_rule_accepts_core_registration_and_refuses_wiring(source, expected):
    assert ready_violations(source, "documents") == expected
