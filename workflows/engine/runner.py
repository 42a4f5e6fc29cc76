"""Runs a validated task graph in dependency order, reporting every state change to a hook.

Task states are JSON-ready dicts in the API's shape (`status`, `result`, `error`, `warnings`,
`startedAt`, `finishedAt`, `attempts`). Completed tasks are never run again, which is what resume
relies on: the caller resets the others to PENDING and keeps the completed outputs in the store.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from workflows.engine.executors import EngineConfig, TaskContext
from workflows.engine.graph import topological_order
from workflows.engine.ports import LinkedPrompt, Services, TaskFailed
from workflows.engine.registry import task_type_get
from workflows.engine.states import TaskState, now_iso, task_state_new
from workflows.engine.templating import value_chars


@dataclass(frozen=True)
class Event:
    """One thing that happened: `task.started|completed|failed|skipped` with the task's state."""

    type: str
    task_id: str
    state: Mapping[str, Any]


@dataclass(frozen=True)
class RunOutcome:
    """How the run ended: `completed`, `failed`, or `stopped` (the hook said stop)."""

    status: str
    error: str = ""


class RunHooks(Protocol):
    """Persistence and publication of progress; returning False stops the run (e.g. cancelled)."""

    def checkpoint(
        self,
        *,
        store: Mapping[str, Any],
        states: Mapping[str, Mapping[str, Any]],
        event: Event,
    ) -> bool: ...


def task_execute(ctx: TaskContext) -> Any:
    """Run one task with its type's executor; raises TaskFailed."""
    task_type = task_type_get(str(ctx.task.get("type")))
    if task_type is None:
        raise TaskFailed(f"unknown task type {ctx.task.get('type')}")
    return task_type.executor(ctx)


def _blocker(task: Mapping[str, Any], states: Mapping[str, Mapping[str, Any]]) -> str | None:
    """The first dependency that did not complete (the task is then skipped)."""
    deps = task.get("dependencies") or []
    return next((d for d in deps if states[d]["status"] != TaskState.COMPLETED), None)


class _StoreSize:
    """The data store's size in characters of JSON, kept as results come in (not recounted)."""

    def __init__(self, store: Mapping[str, Any], limit: int) -> None:
        self.limit = limit
        self.sizes = {key: value_chars(value, limit) for key, value in store.items()}

    def after(self, key: str, result_chars: int) -> int:
        return sum(self.sizes.values()) - self.sizes.get(key, 0) + result_chars


def _result_checked(
    result: Any, output_key: str, store_size: _StoreSize, config: EngineConfig
) -> Any:
    """`result`, or TaskFailed when it or the data store with it is over its budget."""
    chars = value_chars(result, config.max_result_chars)
    if chars > config.max_result_chars:
        raise TaskFailed(
            f"the task's result is over {config.max_result_chars:,} characters, the limit "
            "(WORKFLOW_MAX_RESULT_CHARS)"
        )
    total = store_size.after(output_key, chars)
    if total > store_size.limit:
        raise TaskFailed(
            f"with this result the run's data would be {total:,} characters, over the limit of "
            f"{store_size.limit:,} (WORKFLOW_MAX_STORE_CHARS)"
        )
    store_size.sizes[output_key] = chars
    return result


def _attempts_run(
    ctx: TaskContext,
    state: dict[str, Any],
    store_size: _StoreSize,
    sleep: Callable[[float], None],
) -> str:
    """Execute the task, retrying retryable failures; the event type it ends with."""
    config = ctx.config
    while True:
        state["attempts"] += 1
        try:
            result = _result_checked(
                task_execute(ctx), str(ctx.task["outputKey"]), store_size, config
            )
        except TaskFailed as exc:
            if exc.retryable and state["attempts"] <= config.task_max_retries:
                sleep(config.task_retry_backoff_seconds * 2 ** (state["attempts"] - 1))
                continue
            state.update(status=TaskState.FAILED, error=str(exc) or "the task failed")
            return "task.failed"
        state.update(status=TaskState.COMPLETED, result=result)
        return "task.completed"


def run_execute(
    *,
    tasks: Sequence[Mapping[str, Any]],
    store: MutableMapping[str, Any],
    states: MutableMapping[str, dict[str, Any]],
    services: Services,
    prompts: Mapping[str, LinkedPrompt],
    config: EngineConfig,
    hooks: RunHooks,
    sleep: Callable[[float], None] = time.sleep,
) -> RunOutcome:
    """Run every task that is not COMPLETED, in dependency order; `store`/`states` are updated."""
    by_id = {str(task["id"]): task for task in tasks}
    order = topological_order({tid: list(t.get("dependencies") or []) for tid, t in by_id.items()})

    def checkpoint(event_type: str, task_id: str, state: Mapping[str, Any]) -> bool:
        return hooks.checkpoint(store=store, states=states, event=Event(event_type, task_id, state))

    store_size = _StoreSize(store, config.max_store_chars)
    for task_id in order:
        task = by_id[task_id]
        state = states.setdefault(task_id, task_state_new())
        if state["status"] == TaskState.COMPLETED:
            continue
        blocker = _blocker(task, states)
        if blocker is not None:
            why = "failed" if states[blocker]["status"] == TaskState.FAILED else "was skipped"
            state.update(status=TaskState.SKIPPED, error=f"skipped: dependency {blocker} {why}")
            state.update(result=None, startedAt=None, finishedAt=now_iso())
            if not checkpoint("task.skipped", task_id, state):
                return RunOutcome("stopped")
            continue
        state.update(status=TaskState.RUNNING, error=None, result=None, warnings=[])
        state.update(startedAt=now_iso(), finishedAt=None, attempts=0)
        if not checkpoint("task.started", task_id, state):
            return RunOutcome("stopped")
        ctx = TaskContext(task=task, store=store, services=services, prompts=prompts, config=config)
        event_type = _attempts_run(ctx, state, store_size, sleep)
        if state["status"] == TaskState.COMPLETED:
            store[str(task["outputKey"])] = state["result"]
        state.update(warnings=list(dict.fromkeys(ctx.warnings)), finishedAt=now_iso())
        if not checkpoint(event_type, task_id, state):
            return RunOutcome("stopped")

    failed = [tid for tid in order if states[tid]["status"] == TaskState.FAILED]
    if failed:
        return RunOutcome("failed", f"task {failed[0]} failed: {states[failed[0]]['error']}")
    return RunOutcome("completed")


def states_for_resume(
    tasks: Sequence[Mapping[str, Any]],
    states: Mapping[str, Mapping[str, Any]],
    store: Mapping[str, Any],
) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """Keep completed tasks and their outputs; every other task goes back to PENDING."""
    new_states: dict[str, dict[str, Any]] = {}
    new_store = dict(store)
    for task in tasks:
        task_id = str(task["id"])
        old = states.get(task_id)
        if old is not None and old.get("status") == TaskState.COMPLETED:
            new_states[task_id] = dict(old)
        else:
            new_states[task_id] = task_state_new()
            new_store.pop(str(task["outputKey"]), None)
    return new_states, new_store
