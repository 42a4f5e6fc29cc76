"""The LLM behind the gateway in the workflows tests: the loopback fake provider of
`tests/fake_llm.py`, reached through the real Gemini SDK, scripted by markers in the prompt text.

One server serves the whole session, so the Celery worker subprocess (which gets its URL in
`GEMINI_BASE_URL`) and the test process talk to the same one, and every call is recorded here.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from typing import Any

from tests.fake_llm import FakeLLMServer, Recorded, Scripted, _error_body, _model_of, _text_body

# A held call is answered at the latest after this long, so a forgotten release fails the test
# on its assertions instead of hanging the session.
HOLD_SECONDS = 60.0


def prompt_of(recorded: Recorded) -> str:
    """The user text of a Gemini `generateContent` request."""
    contents = recorded.body.get("contents", []) if isinstance(recorded.body, dict) else []
    parts = contents[-1].get("parts", []) if contents else []
    return "".join(str(part.get("text", "")) for part in parts)


def system_instruction_of(recorded: Recorded) -> str | None:
    """The system instruction of a Gemini request, if it has one."""
    instruction = (
        recorded.body.get("systemInstruction") if isinstance(recorded.body, dict) else None
    )
    if not instruction:
        return None
    return "".join(str(part.get("text", "")) for part in instruction.get("parts", []))


def assert_fenced(prompt: str, label: str, needle: str) -> str:
    """The body of the data fence labelled `label` in `prompt`, asserted to hold `needle`.

    The fence's tag must be the gateway's random one (8 hex digits), and the fence must close with
    it after the needle: a marker inside the data cannot end the fence early.
    """
    opening = re.search(rf"<<<DATA ([0-9a-f]{{8}}) {re.escape(label)}>>>\n", prompt)
    assert opening is not None, prompt
    closing = f"\n<<<END DATA {opening.group(1)}>>>"
    assert closing in prompt[opening.end() :], prompt
    body = prompt[opening.end() : prompt.index(closing, opening.end())]
    assert needle in body, prompt
    return body


def unfenced(text: str) -> str:
    """`text` with every data fence replaced by its body (to compare a prompt with its template)."""
    return re.sub(
        r"<<<DATA ([0-9a-f]{8}) [^>\n]*>>>\n(.*?)\n<<<END DATA \1>>>", r"\2", text, flags=re.S
    )


class ScriptedLLM(FakeLLMServer):
    """Queued replies (`reply`, `reply_json`, `fail`) first; otherwise the prompt decides.

    `[[fail]]` answers HTTP 400 (a permanent provider error); `[[retryable:N]]` answers HTTP 503
    (a retryable one) to the first N calls with that prompt; `[[hold]]` answers the first call with
    that prompt only after `release()`, and sets `arrived` when that call comes in. Any other call
    answers `fake: <prompt>` (with one web source when the call is grounded).
    """

    def __init__(self) -> None:
        super().__init__()
        self.arrived = threading.Event()
        self._released = threading.Event()
        self._calls_per_prompt: Counter[str] = Counter()

    @property
    def calls(self) -> int:
        """How many generation calls reached the provider, from any process."""
        return len(self.generation_requests)

    def release(self) -> None:
        """Answer the held call."""
        self._released.set()

    def reset(self) -> None:
        """Forget every call and script (between tests); a call still held is answered now."""
        self.release()
        with self._lock:
            self.requests.clear()
            self._queue.clear()
            self._calls_per_prompt.clear()
            self.arrived = threading.Event()
            self._released = threading.Event()

    def _respond(self, recorded: Recorded) -> tuple[int, Any, dict[str, str], float]:
        with self._lock:
            queued = bool(self._queue)
        if queued or "mbed" in recorded.path:
            return super()._respond(recorded)
        prompt = prompt_of(recorded)
        with self._lock:
            self.requests.append(recorded)
            self._calls_per_prompt[prompt] += 1
            nth = self._calls_per_prompt[prompt]
            arrived, released = self.arrived, self._released
        protocol = recorded.protocol
        if "[[fail]]" in prompt:
            return 400, _error_body(protocol, 400), {}, 0.0
        if "[[retryable:" in prompt:
            allowed = int(prompt.split("[[retryable:", 1)[1].split("]]", 1)[0])
            if nth <= allowed:
                return 503, _error_body(protocol, 503), {}, 0.0
        if "[[hold]]" in prompt and nth == 1:
            arrived.set()
            released.wait(timeout=HOLD_SECONDS)
        grounded = isinstance(recorded.body, dict) and bool(recorded.body.get("tools"))
        answer = Scripted(
            "text",
            text=f"fake: {prompt}",
            sources=[("Fake source", "https://example.com/fake")] if grounded else [],
        )
        return 200, _text_body(protocol, answer, _model_of(recorded.path, recorded.body)), {}, 0.0
