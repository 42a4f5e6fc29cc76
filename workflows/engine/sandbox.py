"""TEXT_MANIPULATION code runs here: in a separate sandbox process, a fresh V8 isolate per call.

The isolate has no `require`, `process`, file system, network or environment: V8 alone only has
the ECMAScript built-ins, minus shared memory and WebAssembly. V8 runs only in the sandbox
processes (`sandbox_child.py`), never in the web or worker process that calls `js_function_run`,
which only writes the code to a pipe and waits for the answer, for a bounded time:

- memory: V8 caps its heap, and the process's data size (`RLIMIT_DATA`) caps everything else, the
  ArrayBuffers and typed arrays V8 keeps outside its heap included;
- time: V8's own timeout stops the code first; the caller kills the process when no answer came
  by the deadline (a builtin that ignores V8's termination, a stuck process).

A process that hit a limit, crashed or was killed is never reused; a healthy one serves at most
`CALLS_PER_PROCESS` calls. One warm process is kept per calling process so a call does not pay
V8's start. Nothing is ever `eval`/`exec`-ed by the host Python.

One module of ~400 lines on purpose: the pool, the pipe protocol and the limits are one mechanism
whose invariants (never reuse a process past a limit, never block past the deadline) span all three.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Final

from workflows.engine import sandbox_child as protocol

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS: Final = 2.0
DEFAULT_MAX_MEMORY_BYTES: Final = 64 * 1024 * 1024
MAX_RESULT_CHARS: Final = 1_000_000
# A healthy process is retired after this many calls: each call has its own isolate, and a bound
# on reuse limits what a V8 bug in one call could leave behind for the next.
CALLS_PER_PROCESS: Final = 100
# Warm processes kept ready per calling process (gunicorn worker, Celery pool process), and the
# most calls one calling process runs at once (each can hold about its memory limit).
IDLE_PROCESSES: Final = 1
MAX_BUSY_PROCESSES: Final = 4
# Starting a sandbox process takes about 0.15 s of CPU; this is the bound on a loaded machine.
STARTUP_SECONDS: Final = 30.0
# V8's own timeout answers first; the kill comes this long after the time limit.
KILL_GRACE_SECONDS: Final = 1.0
_CHILD_SCRIPT: Final = Path(protocol.__file__).resolve()
# The environment is not inherited: the sandbox needs no secret, only what starts Python.
_CHILD_ENV_KEYS: Final = ("PATH", "LD_LIBRARY_PATH", "LANG", "LC_ALL", "TZ")
# Each answer carries at most a result of MAX_RESULT_CHARS characters, 4 UTF-8 bytes each.
_MAX_FRAME_BYTES: Final = 4 * MAX_RESULT_CHARS + 1024
# What is kept of the process's stderr: V8's fatal report (GC trace, the reason, a stack trace)
# fits; a flood does not grow the caller's memory.
_ERRORS_KEPT_BYTES: Final = 64 * 1024
# The answer kind the pool adds to the child's: the process died mid-call.
_DIED: Final = b"D"
_REUSABLE: Final = frozenset({protocol.OK, protocol.ERROR, protocol.TOO_LARGE})

# The user's body becomes a function of `inputs`; the host only ever sees JSON text. The built-ins
# the wrapper needs are captured first, so a body that overwrites `JSON` cannot fake the result.
# Shared memory and WebAssembly are deleted before the body exists, so it cannot hold a reference:
# they are the raw material of timing and memory-corruption attacks, and no text task needs them.
# Timers are removed: a callback scheduled for later would run after the time budget is checked.
_WRAPPER: Final = """
(function () {
  "use strict";
  delete globalThis.SharedArrayBuffer; delete globalThis.Atomics; delete globalThis.WebAssembly;
  const stringify = JSON.stringify, parse = JSON.parse;
  const inputs = parse(%(inputs)s);
  globalThis.setTimeout = undefined; globalThis.setInterval = undefined;
  const run = function (inputs) {
%(body)s
  };
  const result = run(inputs);
  if (result !== null && typeof result === "object" && typeof result.then === "function") {
    throw new TypeError("the function must return a value, not a Promise");
  }
  const text = stringify(result === undefined ? null : result);
  return text === undefined ? "null" : text;
})()
"""


class SandboxError(Exception):
    """The code failed: a syntax or runtime error, the time limit or the memory cap."""


def js_function_run(
    function_body: str,
    inputs: dict[str, Any],
    *,
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
    max_memory_bytes: int = DEFAULT_MAX_MEMORY_BYTES,
) -> Any:
    """Run `function_body` as `function (inputs) { ... }` and return its result as JSON data."""
    source = _WRAPPER % {
        "inputs": json.dumps(json.dumps(inputs, default=str)),
        "body": function_body,
    }
    kind, detail = POOL.run(
        source, timeout_seconds=timeout_seconds, max_memory_bytes=max_memory_bytes
    )
    if kind == protocol.OK:
        return json.loads(detail)
    if kind == protocol.ERROR:
        raise SandboxError(detail)
    if kind == protocol.TIMEOUT:
        raise SandboxError(
            f"the code ran longer than its time limit of {timeout_seconds:g} s and was stopped"
        )
    if kind == protocol.MEMORY:
        raise SandboxError(
            f"the code used more than its memory limit of {_mb(max_memory_bytes)} MB"
            " and was stopped"
        )
    if kind == protocol.TOO_LARGE:
        raise SandboxError(f"the result is larger than {MAX_RESULT_CHARS} characters")
    raise SandboxError("the sandbox process ended while running the code; the code was stopped")


def _mb(size: int) -> int:
    return size // (1024 * 1024)


class _Deadline(Exception):
    pass


class _Ended(Exception):
    pass


class _Process:
    """One sandbox process and our ends of its pipes; used by one caller at a time."""

    def __init__(self) -> None:
        env = {key: os.environ[key] for key in _CHILD_ENV_KEYS if key in os.environ}
        self.popen = subprocess.Popen(  # noqa: S603 - our interpreter and our script, no shell
            [sys.executable, "-I", str(_CHILD_SCRIPT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd="/",
        )
        assert self.popen.stdin and self.popen.stdout and self.popen.stderr  # noqa: S101
        self.writer, self.reader = self.popen.stdin.fileno(), self.popen.stdout.fileno()
        errors = self.popen.stderr.fileno()
        for fd in (self.writer, self.reader, errors):
            os.set_blocking(fd, False)
        self.errors: int | None = errors
        self.errors_kept = bytearray()
        self.calls = 0
        self.ready = False

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def wait_ready(self) -> None:
        if not self.ready:
            answer = self._read_frame(time.monotonic() + STARTUP_SECONDS)
            if answer != protocol.READY:
                raise _Ended
            self.ready = True

    def call(self, request: bytes, deadline: float) -> tuple[bytes, str]:
        self.calls += 1
        self._write_frame(request, deadline)
        answer = self._read_frame(deadline)
        return answer[:1], answer[1:].decode("utf-8", "surrogatepass")

    def ran_out_of_memory(self) -> bool:
        """After the process died: whether V8's last words were its fatal out-of-memory report."""
        self._drain_errors()
        return b"out of memory" in self.errors_kept

    def stop(self) -> None:
        """End the process and reap it; SIGKILL cannot be ignored, so the wait is short."""
        with contextlib.suppress(OSError):
            self.popen.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=5)
        self.close_pipes()

    def close_pipes(self) -> None:
        for pipe in (self.popen.stdin, self.popen.stdout, self.popen.stderr):
            with contextlib.suppress(OSError):
                if pipe is not None:
                    pipe.close()
        self.errors = None

    def _write_frame(self, payload: bytes, deadline: float) -> None:
        view = memoryview(protocol.HEADER.pack(len(payload)) + payload)
        while view:
            self._wait(self.writer, select.POLLOUT, deadline)
            try:
                view = view[os.write(self.writer, view) :]
            except BlockingIOError:
                continue
            except BrokenPipeError:
                raise _Ended from None

    def _read_frame(self, deadline: float) -> bytes:
        (size,) = protocol.HEADER.unpack(self._read_exactly(protocol.HEADER.size, deadline))
        if size > _MAX_FRAME_BYTES:
            raise _Ended
        return self._read_exactly(size, deadline)

    def _read_exactly(self, size: int, deadline: float) -> bytes:
        chunks, missing = [], size
        while missing:
            self._wait(self.reader, select.POLLIN, deadline)
            try:
                chunk = os.read(self.reader, min(missing, 1 << 20))
            except BlockingIOError:
                continue
            if not chunk:
                raise _Ended
            chunks.append(chunk)
            missing -= len(chunk)
        return b"".join(chunks)

    def _wait(self, fd: int, event: int, deadline: float) -> None:
        """Until `fd` is ready, reading stderr meanwhile, so the child never blocks on it."""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _Deadline
            poller = select.poll()
            poller.register(fd, event)
            if self.errors is not None:
                poller.register(self.errors, select.POLLIN)
            ready = {ready_fd for ready_fd, _ in poller.poll(remaining * 1000)}
            if self.errors in ready:
                self._drain_errors()
            if fd in ready:
                return

    def _drain_errors(self) -> None:
        while self.errors is not None:
            try:
                chunk = os.read(self.errors, 65536)
            except BlockingIOError:
                return
            except OSError:
                chunk = b""
            if not chunk:
                self.errors = None  # closed: the process has ended
                return
            self.errors_kept += chunk[: _ERRORS_KEPT_BYTES - len(self.errors_kept)]


class SandboxPool:
    """The sandbox processes of this process: warm ones waiting, busy ones serving a call."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(MAX_BUSY_PROCESSES)
        self._idle: list[_Process] = []
        self._busy: set[_Process] = set()

    def run(
        self, source: str, *, timeout_seconds: float, max_memory_bytes: int
    ) -> tuple[bytes, str]:
        """One call in a sandbox process: its answer kind and detail, or `_DIED`."""
        request = protocol.REQUEST.pack(timeout_seconds, max_memory_bytes, MAX_RESULT_CHARS)
        request += source.encode("utf-8", "surrogatepass")
        # Every busy call ends within its time limit, so this wait is bounded too.
        if not self._slots.acquire(timeout=STARTUP_SECONDS):
            raise SandboxError("too many sandboxed calls are running here; try again")
        try:
            return self._run(request, timeout_seconds)
        finally:
            self._slots.release()

    def warm(self) -> int:
        """Make sure a started process waits for the next call; its pid."""
        process = self._take()
        try:
            process.wait_ready()
        except (_Deadline, _Ended):
            self._give_back(process, reusable=False)
            raise SandboxError("the sandbox could not start; try again") from None
        self._give_back(process, reusable=True)
        return process.pid

    def idle_pids(self) -> tuple[int, ...]:
        with self._lock:
            return tuple(process.pid for process in self._idle)

    def busy_pids(self) -> tuple[int, ...]:
        with self._lock:
            return tuple(process.pid for process in self._busy)

    def clear(self) -> None:
        """End the waiting processes (busy ones end with their call)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for process in idle:
            process.stop()

    def forget(self) -> None:
        """After a fork: the processes belong to the parent, which alone may write to them."""
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(MAX_BUSY_PROCESSES)
        processes, self._idle, self._busy = [*self._idle, *self._busy], [], set()
        for process in processes:
            process.close_pipes()
            # Popen would otherwise try to reap a process that is not this one's child.
            process.popen.returncode = -signal.SIGKILL

    def _run(self, request: bytes, timeout_seconds: float) -> tuple[bytes, str]:
        process = self._take()
        answer: tuple[bytes, str] | None = None
        try:
            try:
                process.wait_ready()
            except (_Deadline, _Ended):
                self._log_death(process, "did not start")
                raise SandboxError("the sandbox could not start; try again") from None
            try:
                answer = process.call(
                    request, time.monotonic() + timeout_seconds + KILL_GRACE_SECONDS
                )
            except _Deadline:
                answer = (protocol.TIMEOUT, "")
            except _Ended:
                # With the OS limit reached while V8 grew its heap, V8 ends the process itself.
                out_of_memory = self._log_death(process, "ended during a call")
                answer = (protocol.MEMORY if out_of_memory else _DIED, "")
            return answer
        finally:
            reusable = (
                answer is not None and answer[0] in _REUSABLE and process.calls < CALLS_PER_PROCESS
            )
            self._give_back(process, reusable=reusable)

    def _take(self) -> _Process:
        process, dead = None, []
        with self._lock:
            while self._idle and process is None:
                candidate = self._idle.pop()
                if candidate.alive():
                    process = candidate
                else:
                    dead.append(candidate)
        for candidate in dead:
            self._log_death(candidate, "ended while idle")
            candidate.stop()
        process = process or _Process()
        with self._lock:
            self._busy.add(process)
        if process.calls + 1 >= CALLS_PER_PROCESS:
            self._start_spare()  # it warms up while the retiring process serves its last call
        return process

    def _give_back(self, process: _Process, *, reusable: bool) -> None:
        with self._lock:
            self._busy.discard(process)
            keep = reusable and process.alive() and len(self._idle) < IDLE_PROCESSES
            if keep:
                self._idle.append(process)
        if not keep:
            process.stop()
            # The replacement starts now, while nothing waits for it.
            self._start_spare()

    def _start_spare(self) -> None:
        with self._lock:
            if self._idle:
                return
        spare = _Process()
        with self._lock:
            self._idle.append(spare)

    @staticmethod
    def _log_death(process: _Process, what: str) -> bool:
        """Log why the process ended; whether it ran out of memory (the code's doing, not ours)."""
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.popen.wait(timeout=1)
        out_of_memory = process.ran_out_of_memory()  # reads what is left of its stderr
        lines = [
            line.strip("# ") for line in process.errors_kept.decode(errors="replace").splitlines()
        ]
        reason = [line for line in lines if line.startswith("Fatal")] or [x for x in lines if x]
        logger.log(
            logging.INFO if out_of_memory else logging.WARNING,
            "a sandbox process (pid %s) %s, exit status %s: %s",
            process.pid,
            what,
            process.popen.returncode,
            " | ".join(reason[:2]) or "(nothing on stderr)",
        )
        return out_of_memory


POOL: Final = SandboxPool()
os.register_at_fork(after_in_child=POOL.forget)
