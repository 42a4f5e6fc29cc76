"""Dependency order of a task graph, and the name of its first cycle when there is one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


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
