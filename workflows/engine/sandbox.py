"""TEXT_MANIPULATION code runs here: a fresh embedded V8 (mini-racer) per execution.

The isolate has no `require`, `process`, file system, network or environment: V8 alone only has
the ECMAScript built-ins. Time and heap are capped by V8 itself, so an infinite loop or a memory
bomb ends the call, never the worker. Nothing is ever `eval`/`exec`-ed by the host Python.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any, Final

DEFAULT_TIMEOUT_SECONDS: Final = 2.0
DEFAULT_MAX_MEMORY_BYTES: Final = 64 * 1024 * 1024
MAX_RESULT_CHARS: Final = 1_000_000

# The user's body becomes a function of `inputs`; the host only ever sees JSON text. The built-ins
# the wrapper needs are captured first, so a body that overwrites `JSON` cannot fake the result.
# Timers are removed: a callback scheduled for later would run after the time budget is checked.
_WRAPPER: Final = """
(function () {
  "use strict";
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
    # Imported here: V8 starts threads, and a prefork worker must not start them before forking.
    from py_mini_racer import (
        JSEvalException,
        JSOOMException,
        JSParseException,
        JSTimeoutException,
        MiniRacer,
    )

    source = _WRAPPER % {
        "inputs": json.dumps(json.dumps(inputs, default=str)),
        "body": function_body,
    }
    context = MiniRacer()
    try:
        text = context.eval(source, timeout_sec=timeout_seconds, max_memory=max_memory_bytes)
    except JSTimeoutException:
        # V8 reports the terminated call asynchronously; one more call on the same context
        # waits for that report, so it does not arrive after the context is gone.
        with contextlib.suppress(JSEvalException):
            context.eval("0", timeout_sec=timeout_seconds)
        raise SandboxError(
            f"the code ran longer than its time limit of {timeout_seconds:g} s and was stopped"
        ) from None
    except JSOOMException:
        raise SandboxError(
            f"the code used more than its memory limit of {max_memory_bytes // (1024 * 1024)} MB"
            " and was stopped"
        ) from None
    except JSParseException as exc:
        raise SandboxError(_first_error_line(str(exc), "SyntaxError")) from None
    except JSEvalException as exc:
        raise SandboxError(_first_error_line(str(exc), "Error")) from None
    finally:
        context.close()
    if not isinstance(text, str):
        raise SandboxError("the code did not return a JSON value")
    if len(text) > MAX_RESULT_CHARS:
        raise SandboxError(f"the result is larger than {MAX_RESULT_CHARS} characters")
    return json.loads(text)


def _first_error_line(message: str, fallback: str) -> str:
    """V8's report ends with `SyntaxError: ...`; that line is the useful part."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    for line in reversed(lines):
        if "Error" in line.split(":", 1)[0]:
            return line
    return lines[-1] if lines else fallback
