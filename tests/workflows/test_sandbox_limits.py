"""The sandbox's hard limits hold outside V8: its own process, an OS memory cap, a kill on deadline.

V8's heap cap does not count ArrayBuffers, and V8's own timeout cannot stop a builtin that never
checks for interrupts, so both are enforced on the sandbox process. No assert here is on elapsed
time: each checks an outcome (the error, which process died, what the caller's process kept).
`pytest.mark.timeout` only turns a hang (today's failure mode) into a failure.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import threading
import time
from typing import Any

import pytest

from tests.conftest import REPO_ROOT
from tests.workflows.factories import WorkflowFactory, task
from workflows.engine import sandbox
from workflows.engine.sandbox import SandboxError, js_function_run
from workflows.models import WorkflowRun

MB = 1024 * 1024
TYPED_ARRAY_256_MB = "const a = new Uint8Array(256 * 1024 * 1024); a.fill(1); return a.length;"
BUFFERS_16_MB = """
const kept = [];
for (let i = 0; i < 64; i++) {
  const buffer = new ArrayBuffer(16 * 1024 * 1024);
  new Uint8Array(buffer).fill(1);
  kept.push(buffer);
}
return kept.length;
"""
# `fill` on a dictionary-mode array of 2e8 slots is one C++ builtin that never checks V8's
# interrupt flag, so V8's own timeout cannot stop it (in-process it ran on for seconds, and under
# the heap cap forever); only ending the process does.
UNINTERRUPTIBLE = "return new Array(2e8).fill(0).length;"


def _alive(pid: int) -> bool:
    """The pid still names a process that is not a zombie (a reaped child is gone entirely)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


@pytest.fixture(autouse=True)
def _fresh_pool() -> None:
    # Each test starts from a pool with no process a previous test stopped or killed.
    sandbox.POOL.clear()


# --- memory ---------------------------------------------------------------------------------------


@pytest.mark.timeout(120)
@pytest.mark.parametrize(
    "body", [TYPED_ARRAY_256_MB, BUFFERS_16_MB], ids=["typed-array", "buffers"]
)
def test_array_buffers_count_against_the_memory_limit_in_another_process(body):
    pid = sandbox.POOL.warm()
    assert pid != os.getpid()
    peak_before = _peak_rss_bytes()

    with pytest.raises(SandboxError, match="memory limit of 64 MB"):
        js_function_run(body, {}, timeout_seconds=20, max_memory_bytes=64 * MB)

    assert not _alive(pid)  # the process that hit the cap is not reused
    assert _peak_rss_bytes() - peak_before < 128 * MB  # the bytes never lived here
    assert js_function_run("return 1;", {}) == 1


@pytest.mark.timeout(120)
def test_memory_within_the_limit_is_usable():
    body = "const a = new Uint8Array(16 * 1024 * 1024); a.fill(7); return a[a.length - 1];"
    assert js_function_run(body, {}, timeout_seconds=20, max_memory_bytes=64 * MB) == 7


@pytest.mark.timeout(120)
def test_the_heap_cap_still_applies():
    body = "const a = []; while (true) a.push(new Array(100000).fill('x'));"
    with pytest.raises(SandboxError, match="memory limit of 16 MB"):
        js_function_run(body, {}, timeout_seconds=20, max_memory_bytes=16 * MB)


# --- time -----------------------------------------------------------------------------------------


@pytest.mark.timeout(120)
@pytest.mark.parametrize("body", ["while (true) {}", UNINTERRUPTIBLE], ids=["loop", "builtin"])
def test_code_over_its_time_limit_is_stopped_with_its_process(body):
    pid = sandbox.POOL.warm()

    with pytest.raises(SandboxError, match=r"time limit of 0\.5 s"):
        js_function_run(body, {}, timeout_seconds=0.5)

    assert not _alive(pid)
    assert js_function_run("return 'next';", {}) == "next"


@pytest.mark.timeout(120)
def test_the_caller_kills_a_sandbox_that_does_not_answer():
    # A stopped process cannot report anything itself: only the caller's deadline ends it.
    pid = sandbox.POOL.warm()
    os.kill(pid, signal.SIGSTOP)

    with pytest.raises(SandboxError, match=r"time limit of 0\.5 s"):
        js_function_run("return 1;", {}, timeout_seconds=0.5)

    assert not _alive(pid)


# --- crashes and reuse ----------------------------------------------------------------------------


@pytest.mark.timeout(120)
def test_a_dead_idle_process_is_replaced():
    pid = sandbox.POOL.warm()
    os.kill(pid, signal.SIGKILL)
    while _alive(pid):
        time.sleep(0.01)

    assert js_function_run("return inputs.n + 1;", {"n": 1}) == 2
    assert pid not in sandbox.POOL.idle_pids()


@pytest.mark.timeout(120)
def test_a_process_killed_mid_call_fails_that_call_and_is_replaced():
    errors: list[BaseException] = []

    def call() -> None:
        try:
            js_function_run("while (true) {}", {}, timeout_seconds=60)
        except BaseException as exc:  # handed to the test thread
            errors.append(exc)

    sandbox.POOL.warm()  # killed while starting would be a different failure
    caller = threading.Thread(target=call)
    caller.start()
    while not sandbox.POOL.busy_pids():
        time.sleep(0.01)
    (pid,) = sandbox.POOL.busy_pids()
    os.kill(pid, signal.SIGKILL)
    caller.join()

    assert len(errors) == 1
    assert isinstance(errors[0], SandboxError)
    assert "sandbox process ended" in str(errors[0])
    assert js_function_run("return 'again';", {}) == "again"


@pytest.mark.timeout(120)
def test_a_reused_process_gives_each_call_a_fresh_isolate():
    pid = sandbox.POOL.warm()
    js_function_run("globalThis.secret = inputs.s; return 1;", {"s": "user-a"})
    assert sandbox.POOL.idle_pids() == (pid,)  # the same process serves the next call

    assert js_function_run("return typeof globalThis.secret;", {}) == "undefined"
    assert sandbox.POOL.idle_pids() == (pid,)


@pytest.mark.timeout(120)
def test_concurrent_calls_each_get_their_own_result():
    results: dict[int, Any] = {}

    def call(n: int) -> None:
        results[n] = js_function_run("return inputs.n * 10;", {"n": n})

    threads = [threading.Thread(target=call, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results == {n: n * 10 for n in range(6)}


@pytest.mark.timeout(120)
def test_a_forked_process_uses_its_own_sandbox_processes():
    # Celery's prefork pool forks after the parent may have used the sandbox: a forked worker
    # must never write to a pipe its parent also writes to.
    parent_pid = sandbox.POOL.warm()
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the forked process
        try:
            os.close(read_end)
            pids = sandbox.POOL.idle_pids()
            result = js_function_run("return inputs.n;", {"n": 7})
            os.write(write_end, f"{pids!r} {result!r}".encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as reader:
        report = reader.read()
    os.waitpid(child, 0)

    assert report == "() 7"
    assert sandbox.POOL.idle_pids() == (parent_pid,)
    assert js_function_run("return 'parent';", {}) == "parent"


@pytest.mark.timeout(120)
def test_v8_is_never_loaded_into_the_calling_process():
    script = (
        "import sys\n"
        "from workflows.engine.sandbox import js_function_run\n"
        "assert js_function_run('return inputs.a + 1;', {'a': 1}) == 2\n"
        "print(sorted(name for name in sys.modules if 'mini_racer' in name))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=100,
    )
    assert done.stdout.strip() == "[]"


# --- globals --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["SharedArrayBuffer", "Atomics", "WebAssembly"])
def test_shared_memory_and_wasm_are_not_in_the_global_scope(name):
    assert js_function_run(f"return typeof {name};", {}) == "undefined"
    assert js_function_run(f"return typeof globalThis[{name!r}];", {}) == "undefined"
    assert js_function_run(f"return {name!r} in globalThis;", {}) is False
    assert js_function_run(f"return typeof Function('return this')()[{name!r}];", {}) == "undefined"


def test_the_dropped_globals_cannot_be_found_by_listing_the_global_object():
    body = (
        "return Object.getOwnPropertyNames(globalThis)"
        ".filter(n => /Shared|Atomics|Wasm|WebAss/.test(n));"
    )
    assert js_function_run(body, {}) == []


def test_a_normal_body_still_returns_its_json_result():
    inputs = {"text": "héllo \u2028 wörld", "items": list(range(1000))}
    body = "return {upper: inputs.text.toUpperCase(), total: inputs.items.reduce((a, b) => a + b)};"
    assert js_function_run(body, inputs) == {"upper": "HÉLLO \u2028 WÖRLD", "total": 499500}


def test_a_result_over_the_size_limit_is_refused():
    with pytest.raises(SandboxError, match="larger than 1000000 characters"):
        js_function_run("return 'x'.repeat(1000001);", {})


# --- through the web route and the worker ---------------------------------------------------------


@pytest.mark.timeout(120)
@pytest.mark.django_db
def test_run_task_answers_a_failed_task_for_a_256_mb_typed_array(api_client, settings):
    settings.WORKFLOW_SANDBOX_MAX_MEMORY_MB = 64
    settings.WORKFLOW_SANDBOX_TIMEOUT_SECONDS = 20
    body = {"task": task("t", "TEXT_MANIPULATION", functionBody=TYPED_ARRAY_256_MB)}

    response = api_client.post("/api/workflows/run-task", body, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "FAILED"
    assert "memory limit of 64 MB" in response.json()["error"]


@pytest.mark.timeout(180)
@pytest.mark.django_db(transaction=True)
def test_a_run_on_the_worker_fails_the_task_for_a_256_mb_typed_array(
    api_client, user, celery_worker_process
):
    tasks = [task("t", "TEXT_MANIPULATION", functionBody=TYPED_ARRAY_256_MB)]
    workflow = WorkflowFactory(owner=user, graph_data={"tasks": tasks})

    run_id = api_client.post(f"/api/workflows/{workflow.pk}/runs", {}, format="json").json()["id"]

    run = WorkflowRun.objects.get(pk=run_id)
    while not run.is_finished:
        time.sleep(0.1)
        run.refresh_from_db()
    assert run.status == WorkflowRun.Status.FAILED
    assert "memory limit of 64 MB" in run.task_states["t"]["error"]
