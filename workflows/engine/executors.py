"""One executor per task type: a task, the data store and the ports in; the task's result out.

Which executor serves which type is said once, in `workflows.engine.registry`.
"""

from __future__ import annotations

import base64
import binascii
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from workflows.engine import sandbox
from workflows.engine.agent import AGENT_PARAMETERS
from workflows.engine.ports import (
    DataFence,
    GenerationRequest,
    Image,
    LinkedPrompt,
    Services,
    TaskFailed,
)
from workflows.engine.templating import (
    MISSING,
    TooLarge,
    inputs_collect,
    path_get,
    template_render_text,
    value_render,
)

DEFAULT_IMAGE_PROMPT: Final = "Describe this image in detail."
DEFAULT_SEARCH_TOP_K: Final = 5
# The rendering budget's defaults (settings WORKFLOW_MAX_RENDERED_CHARS, ..._RESULT_, ..._STORE_).
DEFAULT_MAX_RENDERED_CHARS: Final = 256_000
DEFAULT_MAX_RESULT_CHARS: Final = 1_000_000
DEFAULT_MAX_STORE_CHARS: Final = 10_000_000


@dataclass(frozen=True)
class EngineConfig:
    """Limits and timings of a run (the Django side reads them from settings)."""

    sandbox_timeout_seconds: float = sandbox.DEFAULT_TIMEOUT_SECONDS
    sandbox_max_memory_bytes: int = sandbox.DEFAULT_MAX_MEMORY_BYTES
    simulate_seconds: float = 0.0
    task_max_retries: int = 2
    task_retry_backoff_seconds: float = 1.0
    # The rendering budget, in characters (of JSON for values that are not text).
    max_rendered_chars: int = DEFAULT_MAX_RENDERED_CHARS
    max_result_chars: int = DEFAULT_MAX_RESULT_CHARS
    max_store_chars: int = DEFAULT_MAX_STORE_CHARS
    # How values enter prompts as data; None leaves them unfenced (the engine's own tests).
    data_fence: DataFence | None = None


@dataclass
class TaskContext:
    """Everything one task execution may read."""

    task: Mapping[str, Any]
    store: Mapping[str, Any]
    services: Services
    prompts: Mapping[str, LinkedPrompt]
    config: EngineConfig
    warnings: list[str] = field(default_factory=list)
    # Whether a prompt rendered for this task holds fenced data (its call then gets the rule).
    fenced: bool = False

    def inputs(self) -> dict[str, Any]:
        """The task's `inputKeys`, each under its last path segment."""
        collected = inputs_collect(self.task.get("inputKeys") or [], self.store)
        self.warnings.extend(collected.warnings)
        return dict(collected.value)

    def template_scope(self) -> dict[str, Any]:
        """What placeholders see: the data store, with the task's inputs on top."""
        return {**self.store, **self.inputs()}

    def text(self, template: str, what: str = "text") -> str:
        """`template` rendered as text within the budget; `what` names it in the failure."""
        return self._text(template, what, None)

    def prompt(self, template: str) -> str:
        """`template` rendered as the text of a model call: every value in it fenced as data."""
        data_fence = self.config.data_fence
        return self._text(template, "prompt", data_fence.fence if data_fence else None)

    def _text(self, template: str, what: str, fence: Callable[[str, str], str] | None) -> str:
        try:
            rendered = template_render_text(
                template,
                self.template_scope(),
                max_chars=self.config.max_rendered_chars,
                fence=fence,
            )
        except TooLarge as exc:
            raise _over_render_budget(what, exc) from None
        self.warnings.extend(rendered.warnings)
        self.fenced = self.fenced or rendered.fenced
        return str(rendered.value)


def _over_render_budget(what: str, exc: TooLarge) -> TaskFailed:
    return TaskFailed(
        f"the rendered {what} is over {exc.limit:,} characters, the limit "
        "(WORKFLOW_MAX_RENDERED_CHARS); every placeholder copies its whole value, "
        "so use fewer or smaller ones"
    )


def _agent(task: Mapping[str, Any]) -> Mapping[str, Any]:
    config = task.get("agentConfig")
    return config if isinstance(config, Mapping) else {}


def _request(ctx: TaskContext, **overrides: Any) -> GenerationRequest:
    """The model call of a prompt task: linked prompt or inline template, agentConfig on top."""
    task, agent = ctx.task, _agent(ctx.task)
    prompt_id = task.get("promptId")
    system_instruction: str | None = None
    if prompt_id:
        linked = ctx.prompts.get(str(prompt_id))
        if linked is None:
            raise TaskFailed(f"prompt {prompt_id} does not exist or is not yours")
        prompt = ctx.prompt(linked.text)
        system_instruction = linked.system_instruction or None
    else:
        prompt = ctx.prompt(str(task.get("promptTemplate") or overrides.pop("default_prompt", "")))
    overrides.pop("default_prompt", None)
    if agent.get("systemInstruction"):
        system_instruction = str(agent["systemInstruction"])
    if ctx.fenced and ctx.config.data_fence is not None:
        rule = ctx.config.data_fence.rule
        system_instruction = f"{system_instruction}\n\n{rule}" if system_instruction else rule
    parameters = {
        p.gateway_name: agent[p.key] for p in AGENT_PARAMETERS if agent.get(p.key) is not None
    }
    return GenerationRequest(
        prompt=prompt,
        system_instruction=system_instruction,
        model=str(agent["model"]) if agent.get("model") else None,
        parameters=parameters,
        **overrides,
    )


def data_input(ctx: TaskContext) -> Any:
    try:
        rendered = value_render(
            ctx.task.get("staticValue"),
            ctx.template_scope(),
            max_chars=ctx.config.max_rendered_chars,
        )
    except TooLarge as exc:
        raise _over_render_budget("static value", exc) from None
    ctx.warnings.extend(rendered.warnings)
    return rendered.value


def simulate_process(ctx: TaskContext) -> Any:
    if ctx.config.simulate_seconds > 0:
        time.sleep(ctx.config.simulate_seconds)
    return {"simulated": True, "inputs": ctx.inputs()}


def display_chart(ctx: TaskContext) -> Any:
    key = str(ctx.task.get("dataKey") or "")
    data = path_get(ctx.template_scope(), key)
    if data is MISSING:
        raise TaskFailed(f"dataKey {key} is not in the data store")
    chart_ready = isinstance(data, list) and all(
        isinstance(item, Mapping)
        and isinstance(item.get("name"), str)
        and isinstance(item.get("value"), int | float)
        and not isinstance(item.get("value"), bool)
        for item in data
    )
    return {"data": data, "chartReady": chart_ready}


def gemini_prompt(ctx: TaskContext) -> Any:
    return ctx.services.generate(_request(ctx)).text


def gemini_grounded(ctx: TaskContext) -> Any:
    generation = ctx.services.generate(_request(ctx, grounded=True))
    return {"text": generation.text, "sources": [dict(s) for s in generation.sources]}


def _image_of(value: Any) -> Image | None:
    if not isinstance(value, Mapping) or not isinstance(value.get("base64"), str):
        return None
    encoded = value["base64"]
    if encoded.startswith("data:") and "," in encoded:
        encoded = encoded.split(",", 1)[1]
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise TaskFailed("the image is not valid base64") from None
    return Image(mime_type=str(value.get("type") or "image/png"), data=data)


def image_analysis(ctx: TaskContext) -> Any:
    candidates = [*ctx.inputs().values(), path_get(ctx.store, "userInput.image")]
    image = next((img for img in map(_image_of, candidates) if img is not None), None)
    if image is None:
        raise TaskFailed("no image {base64, type} in the task's inputs or userInput.image")
    request = _request(ctx, images=(image,), default_prompt=DEFAULT_IMAGE_PROMPT)
    return ctx.services.generate(request).text


def text_manipulation(ctx: TaskContext) -> Any:
    try:
        return sandbox.js_function_run(
            str(ctx.task.get("functionBody") or ""),
            ctx.inputs(),
            timeout_seconds=ctx.config.sandbox_timeout_seconds,
            max_memory_bytes=ctx.config.sandbox_max_memory_bytes,
        )
    except sandbox.SandboxError as exc:
        raise TaskFailed(str(exc)) from None


def document_search(ctx: TaskContext) -> Any:
    query = ctx.text(str(ctx.task.get("promptTemplate") or ""), "search query").strip()
    if not query:
        raise TaskFailed("the search query is empty")
    top_k = int(_agent(ctx.task).get("topK") or DEFAULT_SEARCH_TOP_K)
    results = ctx.services.documents_search(query=query, top_k=top_k)
    return {"query": query, "results": results}
