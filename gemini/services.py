"""The AI gateway's calls: text and structured (JSON) generation through the routed provider.

Each provider call runs under the retry policy of `gemini.calls` (retryable failures only: 5xx,
network; never 429 or timeouts), is recorded in the usage log (never the prompt text) and fails as
a `gemini.exceptions` error. Embeddings are `gemini.embeddings`, the provider list
`gemini.selectors`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from core.exceptions import ValidationFailed
from core.placeholders import placeholders_fill
from gemini import instructions, structured
from gemini.calls import Usage, call_with_retries, provider_call_mark_invalid
from gemini.exceptions import AIOutputInvalid
from gemini.providers.base import (
    Completion,
    GenerationParameters,
    ImageInput,
    JsonRequest,
    JsonResult,
    Provider,
    TextRequest,
    TextResult,
    elapsed_ms,
)
from gemini.routing import route

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

logger = logging.getLogger(__name__)

__all__ = [
    "ImageInput",
    "JsonResult",
    "TextResult",
    "json_generate",
    "prompt_text_test",
    "text_generate",
]


def _completion_usage(completion: Completion) -> Usage:
    return Usage(
        model=completion.model,
        input_tokens=completion.input_tokens,
        output_tokens=completion.output_tokens,
    )


def _parameters(provider: Provider, values: Mapping[str, Any] | None) -> GenerationParameters:
    """Validate sampling parameters for `provider`: 400 for out-of-range, drop unsupported ones."""
    parameters = GenerationParameters.from_mapping(values)
    errors: dict[str, list[str]] = {}
    limit = provider.limits.max_temperature
    if parameters.temperature is not None and not 0 <= parameters.temperature <= limit:
        errors["parameters.temperature"] = [
            f"Must be between 0 and {limit:g} for the {provider.name} provider."
        ]
    if parameters.top_p is not None and not 0 <= parameters.top_p <= 1:
        errors["parameters.topP"] = ["Must be between 0 and 1."]
    if parameters.top_k is not None and parameters.top_k < 1:
        errors["parameters.topK"] = ["Must be at least 1."]
    if parameters.max_output_tokens is not None and parameters.max_output_tokens < 1:
        errors["parameters.maxOutputTokens"] = ["Must be at least 1."]
    if errors:
        raise ValidationFailed(errors)
    if not provider.limits.supports_top_k:
        parameters = replace(parameters, top_k=None)
    return parameters


def text_generate(
    *,
    user: AbstractBaseUser | None,
    prompt: str,
    system_instruction: str | None = None,
    model: str | None = None,
    parameters: Mapping[str, Any] | None = None,
    images: Sequence[ImageInput] = (),
    grounded: bool = False,
    purpose: str,
) -> TextResult:
    """Generate text with the routed provider (grounding only where the provider has it)."""
    provider, model_name = route(model)
    request = TextRequest(
        model=model_name,
        prompt=prompt,
        system_instruction=system_instruction,
        parameters=_parameters(provider, parameters),
        images=tuple(images),
        grounded=grounded and provider.name == "gemini",
    )
    started = time.monotonic()
    completion, _row = call_with_retries(
        user=user,
        backend=provider,
        model=model_name,
        purpose=purpose,
        call=lambda: provider.generate_text(request),
        usage=_completion_usage,
    )
    return TextResult(
        text=completion.text,
        provider=provider.name,
        model=completion.model or model_name,
        input_tokens=completion.input_tokens,
        output_tokens=completion.output_tokens,
        latency_ms=elapsed_ms(started),
        sources=tuple(completion.sources),
        grounded=completion.grounded,
    )


def prompt_text_test(
    *,
    user: AbstractBaseUser | None,
    prompt_text: str,
    variables: Mapping[str, Any] | None = None,
    system_instruction: str | None = None,
    model: str | None = None,
    parameters: Mapping[str, Any] | None = None,
) -> TextResult:
    """Run a prompt text once with its `{{variables}}` substituted (the test-prompt route)."""
    return text_generate(
        user=user,
        prompt=placeholders_fill(prompt_text, variables or {}),
        system_instruction=system_instruction or None,
        model=model or None,
        parameters=parameters,
        purpose="test_prompt",
    )


def json_generate(
    *,
    user: AbstractBaseUser | None,
    prompt: str,
    schema: structured.SchemaSpec,
    system_instruction: str | None = None,
    model: str | None = None,
    parameters: Mapping[str, Any] | None = None,
    purpose: str,
) -> JsonResult:
    """Generate an object valid for `schema`: native schema output where the provider has it, then
    parse, repair and validate; one retry that names what was wrong; else 502 ai_output_invalid."""
    provider, model_name = route(model)
    json_schema = structured.json_schema_of(schema)
    request = JsonRequest(
        model=model_name,
        prompt=prompt,
        schema=json_schema,
        system_instruction=system_instruction,
        parameters=_parameters(provider, parameters),
    )
    started = time.monotonic()
    input_tokens = output_tokens = 0
    problem: structured.OutputProblem | None = None
    for attempt in (1, 2):
        current = request
        completion, row = call_with_retries(
            user=user,
            backend=provider,
            model=model_name,
            purpose=purpose,
            call=lambda current=current: provider.generate_json(current),  # type: ignore[misc]
            usage=_completion_usage,
        )
        input_tokens += completion.input_tokens
        output_tokens += completion.output_tokens
        try:
            data = structured.parse_and_validate(completion.text, schema)
        except structured.OutputProblem as exc:
            provider_call_mark_invalid(row, AIOutputInvalid.code)
            logger.warning(
                "provider output invalid",
                extra={"provider": provider.name, "purpose": purpose, "attempt": attempt},
            )
            problem = exc
            request = replace(
                request, prompt=instructions.correction_prompt(prompt, exc.summary, json_schema)
            )
            continue
        return JsonResult(
            data=data,
            provider=provider.name,
            model=completion.model or model_name,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            latency_ms=elapsed_ms(started),
            attempts=attempt,
        )
    assert problem is not None  # noqa: S101 - the loop only falls through after a problem
    raise AIOutputInvalid(details={"errors": list(problem.errors), "attempts": 2})
