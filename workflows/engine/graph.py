"""The task graph: its checks (unique ids, known dependencies, no cycle) and dependency order.

The one definition of the graph rules: validation reports `graph_problems`, the drafter holds a
generated draft to them, and the runner orders tasks with `topological_order`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


class CycleError(ValueError):
    """The dependencies form a cycle; `cycle` lists it with the first task repeated at the end."""

    def __init__(self, cycle: Sequence[str]) -> None:
        self.cycle = list(cycle)
        super().__init__("dependencies form a cycle: " + " → ".join(self.cycle))


def cycle_find(dependencies: Mapping[str, Sequence[str]]) -> list[str] | None:
    """The first cycle found (e.g. `["a", "b", "c", "a"]`), or None; unknown ids are ignored."""
    visiting: list[str] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    # Iterative depth-first search: a 50-task chain must not depend on the recursion limit.
    for root in dependencies:
        if state.get(root):
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        state[root] = 1
        visiting.append(root)
        while stack:
            node, index = stack[-1]
            edges = [d for d in dependencies.get(node, ()) if d in dependencies]
            if index < len(edges):
                stack[-1] = (node, index + 1)
                nxt = edges[index]
                if state.get(nxt) == 1:
                    return [*visiting[visiting.index(nxt) :], nxt]
                if not state.get(nxt):
                    state[nxt] = 1
                    visiting.append(nxt)
                    stack.append((nxt, 0))
            else:
                stack.pop()
                visiting.pop()
                state[node] = 2
    return None


def topological_order(dependencies: Mapping[str, Sequence[str]]) -> list[str]:
    """Task ids so that every task comes after its dependencies; ties keep the given order.

    Raises CycleError naming the cycle. Dependencies on unknown ids are ignored (validation
    reports them).
    """
    cycle = cycle_find(dependencies)
    if cycle is not None:
        raise CycleError(cycle)
    position = {task_id: i for i, task_id in enumerate(dependencies)}
    remaining = {t: {d for d in deps if d in dependencies} for t, deps in dependencies.items()}
    order: list[str] = []
    ready = sorted((t for t, deps in remaining.items() if not deps), key=position.__getitem__)
    dependents: dict[str, list[str]] = {t: [] for t in dependencies}
    for task_id, deps in remaining.items():
        for dep in deps:
            dependents[dep].append(task_id)
    while ready:
        task_id = ready.pop(0)
        order.append(task_id)
        for dependent in dependents[task_id]:
            remaining[dependent].discard(task_id)
            if not remaining[dependent]:
                ready.append(dependent)
        ready.sort(key=position.__getitem__)
    return order


@dataclass(frozen=True)
class GraphProblem:
    """One broken graph rule: the task at fault (None: the graph as a whole) and its field."""

    index: int | None
    field: str
    message: str


def _dependencies(task: Mapping[str, Any]) -> list[str]:
    value = task.get("dependencies")
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    return []  # not a list of ids: the task's own validation reports it


def graph_problems(tasks: Sequence[Mapping[str, Any]]) -> list[GraphProblem]:
    """Repeated task ids, dependencies on unknown tasks, and the first cycle, by name."""
    problems: list[GraphProblem] = []
    seen: dict[str, int] = {}
    for index, task in enumerate(tasks):
        task_id = task.get("id")
        if not isinstance(task_id, str):
            continue  # reported by the task's own validation; an object is not hashable
        if task_id in seen:
            problems.append(
                GraphProblem(
                    index,
                    "id",
                    f"Task ids must be unique: {task_id} is already used by task {seen[task_id]}.",
                )
            )
        seen.setdefault(task_id, index)
    for index, task in enumerate(tasks):
        for dependency in _dependencies(task):
            if dependency not in seen:
                problems.append(
                    GraphProblem(index, "dependencies", f"Depends on unknown task {dependency}.")
                )
    graph = {str(t["id"]): _dependencies(t) for t in tasks if isinstance(t.get("id"), str)}
    cycle = cycle_find(graph)
    if cycle is not None:
        problems.append(
            GraphProblem(None, "", "The dependencies form a cycle: " + " → ".join(cycle) + ".")
        )
    return problems
