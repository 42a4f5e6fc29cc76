"""A fake LLM provider on loopback speaking the Gemini, OpenAI and Anthropic wire protocols.

The real SDKs are pointed at it through their base URLs, so the tests exercise the SDKs' own
request building, response parsing and error raising. Responses are scripted per test (a queue);
every request is recorded.
"""

from __future__ import annotations

import base64
import json
import struct
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: Any

    @property
    def protocol(self) -> str:
        return _protocol(self.path)


@dataclass
class Scripted:
    kind: str  # "text" | "error" | "raw"
    text: str = ""
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    input_tokens: int = 11
    output_tokens: int = 22
    sources: list[tuple[str, str]] = field(default_factory=list)


def _protocol(path: str) -> str:
    if path.startswith("/v1beta/") or path.startswith("/v1/models/"):
        return "gemini"
    if path.startswith("/v1/chat/") or path.startswith("/v1/embeddings"):
        return "openai"
    if path.startswith("/v1/messages"):
        return "anthropic"
    return "unknown"


def _model_of(path: str, body: Any) -> str:
    if isinstance(body, dict) and isinstance(body.get("model"), str):
        return str(body["model"])
    if "/models/" in path:
        return path.split("/models/", 1)[1].split(":", 1)[0]
    return "unknown-model"


def _text_body(protocol: str, item: Scripted, model: str) -> dict[str, Any]:
    if protocol == "gemini":
        candidate: dict[str, Any] = {
            "content": {"role": "model", "parts": [{"text": item.text}]},
            "finishReason": "STOP",
            "index": 0,
        }
        if item.sources:
            candidate["groundingMetadata"] = {
                "groundingChunks": [
                    {"web": {"uri": uri, "title": title}} for title, uri in item.sources
                ],
                "webSearchQueries": ["query"],
            }
        return {
            "candidates": [candidate],
            "usageMetadata": {
                "promptTokenCount": item.input_tokens,
                "candidatesTokenCount": item.output_tokens,
                "totalTokenCount": item.input_tokens + item.output_tokens,
            },
            "modelVersion": model,
        }
    if protocol == "openai":
        return {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": item.text},
                    "finish_reason": "stop",
                }
            ],
            "usage": {
                "prompt_tokens": item.input_tokens,
                "completion_tokens": item.output_tokens,
                "total_tokens": item.input_tokens + item.output_tokens,
            },
        }
    return {
        "id": "msg_fake",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [{"type": "text", "text": item.text}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": item.input_tokens, "output_tokens": item.output_tokens},
    }


def _error_body(protocol: str, status: int) -> dict[str, Any]:
    message = f"fake provider error {status}"
    if protocol == "gemini":
        names = {401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 429: "RESOURCE_EXHAUSTED"}
        return {
            "error": {"code": status, "message": message, "status": names.get(status, "INTERNAL")}
        }
    if protocol == "openai":
        return {"error": {"message": message, "type": "error", "code": None, "param": None}}
    types = {401: "authentication_error", 403: "permission_error", 429: "rate_limit_error"}
    return {"type": "error", "error": {"type": types.get(status, "api_error"), "message": message}}


def _embeddings_body(protocol: str, body: Any) -> dict[str, Any]:
    if protocol == "gemini":
        requests = body.get("requests", []) if isinstance(body, dict) else []
        out = []
        for i, request in enumerate(requests):
            size = int(request.get("outputDimensionality") or 8)
            out.append({"values": [float(i + 1) / 10] * size})
        return {"embeddings": out}
    inputs = body.get("input", []) if isinstance(body, dict) else []
    inputs = [inputs] if isinstance(inputs, str) else inputs
    size = int(body.get("dimensions") or 8)

    def vector(i: int) -> Any:
        values = [float(i + 1) / 10] * size
        if body.get("encoding_format") == "base64":
            return base64.b64encode(struct.pack(f"<{size}f", *values)).decode()
        return values

    return {
        "object": "list",
        "model": body.get("model"),
        "data": [
            {"object": "embedding", "index": i, "embedding": vector(i)} for i in range(len(inputs))
        ],
        "usage": {"prompt_tokens": 3 * len(inputs), "total_tokens": 3 * len(inputs)},
    }


class FakeLLMServer:
    """Scriptable fake provider; `url` is its base (add `/v1` for the OpenAI SDK)."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self._queue: deque[Scripted] = deque()
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else None
                except json.JSONDecodeError:
                    body = raw.decode("utf-8", "replace")
                recorded = Recorded(
                    "POST", self.path, {k.lower(): v for k, v in self.headers.items()}, body
                )
                status, payload, headers, delay = server._respond(recorded)
                if delay:
                    time.sleep(delay)
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    # --- scripting ---------------------------------------------------------------------------
    def reply(self, text: str, **kwargs: Any) -> None:
        """Answer the next generation call with `text` in the caller's protocol."""
        with self._lock:
            self._queue.append(Scripted("text", text=text, **kwargs))

    def reply_json(self, value: Any, **kwargs: Any) -> None:
        self.reply(json.dumps(value), **kwargs)

    def fail(self, status: int, *, headers: dict[str, str] | None = None, delay: float = 0) -> None:
        """Answer the next call with an HTTP error in the caller's protocol."""
        with self._lock:
            self._queue.append(Scripted("error", status=status, headers=headers or {}, delay=delay))

    def raw(self, status: int, body: Any, *, headers: dict[str, str] | None = None) -> None:
        with self._lock:
            self._queue.append(Scripted("raw", status=status, body=body, headers=headers or {}))

    @property
    def generation_requests(self) -> list[Recorded]:
        return [r for r in self.requests if "mbed" not in r.path]

    @property
    def last(self) -> Recorded:
        return self.requests[-1]

    def _respond(self, recorded: Recorded) -> tuple[int, Any, dict[str, str], float]:
        with self._lock:
            self.requests.append(recorded)
            protocol = recorded.protocol
            if "mbed" in recorded.path and not self._queue:
                return 200, _embeddings_body(protocol, recorded.body), {}, 0.0
            if not self._queue:
                return 500, _error_body(protocol, 500), {}, 0.0
            item = self._queue.popleft()
        if item.kind == "text":
            model = _model_of(recorded.path, recorded.body)
            return 200, _text_body(protocol, item, model), item.headers, item.delay
        if item.kind == "error":
            return item.status, _error_body(protocol, item.status), item.headers, item.delay
        return item.status, item.body, item.headers, item.delay


@pytest.fixture
def fake_llm() -> Iterator[FakeLLMServer]:
    server = FakeLLMServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def _no_real_provider(settings: Any) -> None:
    """No key from a developer's environment reaches a test, and the local model is off."""
    settings.GEMINI_API_KEY = ""
    settings.OPENAI_API_KEY = ""
    settings.ANTHROPIC_API_KEY = ""
    settings.GEMINI_BASE_URL = "http://127.0.0.1:9"
    settings.OPENAI_BASE_URL = "http://127.0.0.1:9/v1"
    settings.ANTHROPIC_BASE_URL = "http://127.0.0.1:9"
    settings.LLM_PROVIDER = ""
    settings.LLM_MODEL_PROVIDERS = {}
    settings.LOCAL_LLM_GGUF = "/nonexistent/no-model.gguf"
    settings.LLM_RETRY_BACKOFF_SECONDS = 0
    settings.LLM_TIMEOUT_SECONDS = 10
    settings.LLM_MAX_RETRIES = 2


@pytest.fixture
def gemini_llm(settings: Any, fake_llm: FakeLLMServer) -> FakeLLMServer:
    settings.GEMINI_API_KEY = "test-gemini-key"
    settings.GEMINI_BASE_URL = fake_llm.url
    return fake_llm


@pytest.fixture
def openai_llm(settings: Any, fake_llm: FakeLLMServer) -> FakeLLMServer:
    settings.OPENAI_API_KEY = "test-openai-key"
    settings.OPENAI_BASE_URL = f"{fake_llm.url}/v1"
    return fake_llm


@pytest.fixture
def anthropic_llm(settings: Any, fake_llm: FakeLLMServer) -> FakeLLMServer:
    settings.ANTHROPIC_API_KEY = "test-anthropic-key"
    settings.ANTHROPIC_BASE_URL = fake_llm.url
    return fake_llm
