"""The sandbox process: it runs TEXT_MANIPULATION code for `workflows.engine.sandbox`.

Started by the parent as a script (`python -I sandbox_child.py`), so it imports neither Django nor
the project: only the standard library and mini-racer. It serves one call at a time, each in a
fresh V8 isolate, until its stdin closes; it exits by itself after a call stopped at a limit, since
V8 may still be running that call.

Frames on stdin/stdout are a 4-byte big-endian length and a payload.
  parent → child: `REQUEST` (timeout seconds, heap bytes, result characters) + the UTF-8 script
  child → parent: one kind byte + UTF-8 detail (the JSON result, or the error line)
"""

from __future__ import annotations

import os
import resource
import struct
from typing import Final

READY: Final = b"R"
OK: Final = b"O"
ERROR: Final = b"E"
TIMEOUT: Final = b"T"
MEMORY: Final = b"M"
TOO_LARGE: Final = b"L"
REQUEST: Final = struct.Struct("!dQQ")
HEADER: Final = struct.Struct("!I")

# The OS limit is RLIMIT_DATA, not RLIMIT_AS: V8 reserves about 1.4 TB of address space when it
# starts (its sandbox and pointer-compression cages; VmSize 1,459,456,064 kB measured with
# mini-racer 0.14), so any address-space limit it can start under limits nothing. Those
# reservations are PROT_NONE and not counted as data; the pages V8 commits in them (heap,
# ArrayBuffer backing stores) and every malloc are, so RLIMIT_DATA counts what the code can really
# make the process use. A cgroup would need delegation the web and worker processes do not have.
# While the code runs, the process may grow by the heap cap plus this much: ArrayBuffers, V8's own
# native memory (parser, regexp stacks) and the result's copy into Python all count.
DATA_SLACK_BYTES: Final = 32 * 1024 * 1024
# V8 signals a failed ArrayBuffer allocation (here: the OS limit refused it) with this RangeError.
_BUFFER_ALLOCATION_FAILED: Final = "Array buffer allocation failed"


def _vm_data_bytes() -> int | None:
    """The process's data size as the kernel counts it for RLIMIT_DATA (Linux only)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _set_data_limit(limit: int) -> None:
    # Only the soft limit moves, so the next call can raise it again; nothing in this process
    # but this module can call setrlimit (V8 has no access to the host).
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


def _first_error_line(message: str, fallback: str) -> str:
    """V8's report ends with `SyntaxError: ...`; that line is the useful part."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    for line in reversed(lines):
        if "Error" in line.split(":", 1)[0]:
            return line
    return lines[-1] if lines else fallback


class _Channel:
    def __init__(self, reader: int, writer: int) -> None:
        self.reader, self.writer = reader, writer

    def read(self) -> bytes | None:
        header = self._read_exactly(HEADER.size)
        if header is None:
            return None
        return self._read_exactly(HEADER.unpack(header)[0])

    def write(self, kind: bytes, detail: str = "") -> None:
        payload = kind + detail.encode("utf-8", "surrogatepass")
        view = memoryview(HEADER.pack(len(payload)) + payload)
        while view:
            view = view[os.write(self.writer, view) :]

    def _read_exactly(self, size: int) -> bytes | None:
        chunks, missing = [], size
        while missing:
            chunk = os.read(self.reader, min(missing, 1 << 20))
            if not chunk:
                return None
            chunks.append(chunk)
            missing -= len(chunk)
        return b"".join(chunks)


def _run(source: str, timeout: float, max_memory: int, max_chars: int) -> tuple[bytes, str]:
    from py_mini_racer import (
        JSEvalException,
        JSOOMException,
        JSParseException,
        JSTimeoutException,
        MiniRacer,
    )

    context = MiniRacer()  # one isolate per call: nothing of an earlier call is reachable
    baseline = _vm_data_bytes()
    try:
        if baseline is not None:
            _set_data_limit(baseline + max_memory + DATA_SLACK_BYTES)
        try:
            text = context.eval(source, timeout_sec=timeout, max_memory=max_memory)
        finally:
            _set_data_limit(resource.RLIM_INFINITY)
    except JSTimeoutException:
        return TIMEOUT, ""
    except (JSOOMException, MemoryError):
        return MEMORY, ""
    except UnicodeError:
        return ERROR, "the code is not valid Unicode text"
    except JSParseException as exc:
        return ERROR, _first_error_line(str(exc), "SyntaxError")
    except JSEvalException as exc:
        if _BUFFER_ALLOCATION_FAILED in str(exc):
            return MEMORY, ""
        return ERROR, _first_error_line(str(exc), "Error")
    context.close()
    if not isinstance(text, str):
        return ERROR, "the code did not return a JSON value"
    if len(text) > max_chars:
        return TOO_LARGE, ""
    return OK, text


def main() -> None:
    # The protocol gets its own descriptors; 0 and 1 are pointed elsewhere so a stray print (from
    # Python or V8) can never be read as a frame.
    channel = _Channel(os.dup(0), os.dup(1))
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(2, 1)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a V8 crash leaves no core of its heap

    from py_mini_racer import MiniRacer

    MiniRacer().close()  # V8 starts here, before the parent is told the process is ready
    channel.write(READY)
    while (request := channel.read()) is not None:
        timeout, max_memory, max_chars = REQUEST.unpack_from(request)
        source = request[REQUEST.size :].decode("utf-8", "surrogatepass")
        kind, detail = _run(source, timeout, max_memory, max_chars)
        channel.write(kind, detail)
        if kind in (TIMEOUT, MEMORY):
            # V8 may still be inside the stopped call (a builtin that ignores termination) or
            # hold the memory it was refused; exiting is the only sure end of both.
            os._exit(0)


if __name__ == "__main__":
    main()
