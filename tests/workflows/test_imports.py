"""The workflows app's import graph tells the truth: no cycle through any of its modules."""

from __future__ import annotations

import grimp

from tests.conftest import REPO_ROOT

PACKAGES = ("config", "core", "accounts", "prompts", "workflows", "models_catalog", "documents")


def _cycles_through(graph: grimp.ImportGraph, prefix: str) -> list[list[str]]:
    """Every module of `prefix` that imports, through any chain, a module that imports it back."""
    found = []
    for module in sorted(m for m in graph.modules if m.split(".")[0] == prefix):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            chain = graph.find_shortest_chain(importer=imported, imported=module)
            if chain is not None:
                found.append([module, *chain])
    return found


def test_no_module_of_workflows_is_part_of_an_import_cycle(monkeypatch):
    monkeypatch.syspath_prepend(str(REPO_ROOT))
    # Lazy imports inside functions count too: grimp reads every import statement (and no
    # cache, which can miss an edit made within the same second).
    graph = grimp.build_graph(*PACKAGES, "gemini", cache_dir=None)
    assert _cycles_through(graph, "workflows") == []


def test_the_run_services_do_not_import_the_tasks_that_call_them(monkeypatch):
    monkeypatch.syspath_prepend(str(REPO_ROOT))
    graph = grimp.build_graph("workflows", cache_dir=None)
    assert graph.find_shortest_chain(importer="workflows.runs", imported="workflows.tasks") is None
    assert "workflows.runs" in graph.find_modules_directly_imported_by("workflows.tasks")
