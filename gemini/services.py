"""The AI gateway's public API: every LLM call of the product goes through these functions.

Each provider call is retried for retryable failures only (5xx, network; never 429 or timeouts),
recorded in the usage log (never the prompt text) and reported as a `gemini.exceptions` error.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import pydantic
from django.conf import settings

from core.deadlines import deadline_remaining, deadline_seconds
from core.exceptions import ValidationFailed
from gemini import instructions, schemas, structured
from gemini.exceptions import (
    AIOutputInvalid,
    GatewayError,
    ProviderError,
    ProviderNotConfigured,
    ProviderTimeout,
)
from gemini.models import ProviderCall
from gemini.providers import embedder_get, provider_get, provider_names
from gemini.providers.base import (
    Completion,
    EmbeddingResult,
    GenerationParameters,
    ImageInput,
    JsonRequest,
    JsonResult,
    Provider,
    TextRequest,
    TextResult,
    elapsed_ms,
)
from gemini.routing import default_provider_name, provider_for_model, route

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

logger = logging.getLogger(__name__)

# The Gemini API accepts at most 100 texts per batchEmbedContents call.
EMBED_BATCH = 100
LOCAL_DESCRIPTION = (
    "Low-quality offline model running on this server's CPU; set a provider key for real results."
)

__all__ = [
    "EmbeddingResult",
    "ImageInput",
    "JsonResult",
    "TextResult",
    "embed_texts",
    "json_generate",
    "prompt_draft_generate",
    "prompt_draft_refine",
    "prompt_text_test",
    "providers_list",
    "text_generate",
]


def _record(
    *,
    user: AbstractBaseUser | None,
    provider: str,
    model: str,
    purpose: str,
    latency_ms: int,
    completion: Completion | None = None,
    error_code: str = "",
) -> ProviderCall:
    user_id = user.pk if user is not None and getattr(user, "is_authenticated", False) else None
    return ProviderCall.objects.create(
        user_id=user_id,
        provider=provider,
        model=model[:200],
        purpose=purpose[:100],
        input_tokens=completion.input_tokens if completion else 0,
        output_tokens=completion.output_tokens if completion else 0,
        latency_ms=latency_ms,
        status=ProviderCall.Status.ERROR if error_code else ProviderCall.Status.OK,
        error_code=error_code,
    )


def _deadline_check(provider: Provider, *, after: float = 0.0) -> None:
    """504 when the request's deadline leaves no room for one more call (after `after` seconds).

    A remote call may take LLM_TIMEOUT_SECONDS, so it starts only with that much left; a provider
    that stops at the deadline itself (the local model) needs only some time left.
    """
    remaining = deadline_remaining()
    if remaining is None:
        return
    needed = after + (0.0 if provider.stops_at_deadline else float(settings.LLM_TIMEOUT_SECONDS))
    if remaining <= needed:
        raise deadline_exceeded()


def deadline_exceeded() -> ProviderTimeout:
    """The 504 of an AI call stopped by the request's deadline."""
    seconds = deadline_seconds()
    return ProviderTimeout(
        f"The AI call could not finish within this request's {seconds:g}-second deadline "
        "(AI_REQUEST_DEADLINE_SECONDS); try again in a moment, or run it as part of a workflow, "
        "which has no such deadline.",
        details={"deadlineSeconds": seconds},
    )


def _invoke(
    *,
    user: AbstractBaseUser | None,
    provider: Provider,
    model: str,
    purpose: str,
    call: Callable[[], Completion],
) -> tuple[Completion, ProviderCall]:
    """Run `call` under the retry policy, logging every attempt."""
    if not provider.is_configured():
        _record(
            user=user,
            provider=provider.name,
            model=model,
            purpose=purpose,
            latency_ms=0,
            error_code=ProviderNotConfigured.code,
        )
        raise ProviderNotConfigured(provider.not_configured_message())
    attempts = 1 + max(0, int(settings.LLM_MAX_RETRIES))
    for attempt in range(1, attempts + 1):
        _deadline_check(provider)
        started = time.monotonic()
        try:
            completion = call()
        except GatewayError as exc:
            _record(
                user=user,
                provider=provider.name,
                model=model,
                purpose=purpose,
                latency_ms=elapsed_ms(started),
                error_code=exc.code,
            )
            logger.warning(
                "provider call failed",
                extra={
                    "provider": provider.name,
                    "model": model,
                    "purpose": purpose,
                    "code": exc.code,
                    "attempt": attempt,
                },
            )
            # Only transient provider failures are retried at once: a 429 must not be hammered and
            # a timeout has already cost the whole time budget.
            if isinstance(exc, ProviderError) and exc.retryable and attempt < attempts:
                backoff = float(settings.LLM_RETRY_BACKOFF_SECONDS) * 2 ** (attempt - 1)
                _deadline_check(provider, after=backoff)
                time.sleep(backoff)
                continue
            raise
        row = _record(
            user=user,
            provider=provider.name,
            model=completion.model or model,
            purpose=purpose,
            latency_ms=elapsed_ms(started),
            completion=completion,
        )
        logger.info(
            "provider call",
            extra={
                "provider": provider.name,
                "model": row.model,
                "purpose": purpose,
                "input_tokens": completion.input_tokens,
                "output_tokens": completion.output_tokens,
                "latency_ms": row.latency_ms,
            },
        )
        return completion, row
    raise AssertionError("unreachable")  # pragma: no cover


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
    completion, _row = _invoke(
        user=user,
        provider=provider,
        model=model_name,
        purpose=purpose,
        call=lambda: provider.generate_text(request),
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
        prompt=instructions.variables_substitute(prompt_text, variables or {}),
        system_instruction=system_instruction or None,
        model=model or None,
        parameters=parameters,
        purpose="test_prompt",
    )


def _mark_invalid(row: ProviderCall) -> None:
    ProviderCall.objects.filter(pk=row.pk).update(
        status=ProviderCall.Status.ERROR, error_code=AIOutputInvalid.code
    )


def json_generate(
    *,
    user: AbstractBaseUser | None,
    prompt: str,
    schema: type[pydantic.BaseModel] | Mapping[str, Any],
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
        if problem is not None:
            current = replace(
                request,
                prompt=instructions.correction_prompt(prompt, problem.summary, json_schema),
            )
        completion, row = _invoke(
            user=user,
            provider=provider,
            model=model_name,
            purpose=purpose,
            call=lambda current=current: provider.generate_json(current),  # type: ignore[misc]
        )
        input_tokens += completion.input_tokens
        output_tokens += completion.output_tokens
        try:
            data = structured.parse_and_validate(completion.text, schema)
        except structured.OutputProblem as exc:
            _mark_invalid(row)
            problem = exc
            logger.warning(
                "provider output invalid",
                extra={"provider": provider.name, "purpose": purpose, "attempt": attempt},
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


def _default_embedder_name() -> str:
    preferred = default_provider_name()
    for name in [preferred, *provider_names()]:
        try:
            if embedder_get(name).is_configured():
                return name
        except ProviderNotConfigured:
            continue
    return "local"


def embed_texts(
    *, texts: Sequence[str], model: str | None = None, purpose: str = "embed"
) -> EmbeddingResult:
    """One vector per text. Providers without embeddings raise ProviderNotConfigured; a "local"
    embedder is plugged in with `gemini.providers.register_embedder`."""
    name = provider_for_model(model) if model else _default_embedder_name()
    embedder = embedder_get(name)
    model_name = model or embedder.default_model()
    if not embedder.is_configured():
        raise ProviderNotConfigured(embedder.not_configured_message())
    started = time.monotonic()
    vectors: list[list[float]] = []
    tokens = 0
    attempts = 1 + max(0, int(settings.LLM_MAX_RETRIES))
    for offset in range(0, len(texts), EMBED_BATCH):
        batch = list(texts[offset : offset + EMBED_BATCH])
        for attempt in range(1, attempts + 1):
            call_started = time.monotonic()
            try:
                batch_vectors, batch_tokens = embedder.embed(batch, model_name)
            except GatewayError as exc:
                _record(
                    user=None,
                    provider=name,
                    model=model_name,
                    purpose=purpose,
                    latency_ms=elapsed_ms(call_started),
                    error_code=exc.code,
                )
                if isinstance(exc, ProviderError) and exc.retryable and attempt < attempts:
                    time.sleep(float(settings.LLM_RETRY_BACKOFF_SECONDS) * 2 ** (attempt - 1))
                    continue
                raise
            _record(
                user=None,
                provider=name,
                model=model_name,
                purpose=purpose,
                latency_ms=elapsed_ms(call_started),
                completion=Completion(text="", model=model_name, input_tokens=batch_tokens),
            )
            vectors.extend(batch_vectors)
            tokens += batch_tokens
            break
    return EmbeddingResult(
        vectors=vectors,
        provider=name,
        model=model_name,
        dimensions=len(vectors[0]) if vectors else 0,
        input_tokens=tokens,
        latency_ms=elapsed_ms(started),
    )


_SFL_KEYS = {
    "sflField": ("topic", "taskType", "domainSpecifics", "keywords"),
    "sflTenor": ("aiPersona", "targetAudience", "desiredTone", "interpersonalStance"),
    "sflMode": ("outputFormat", "rhetoricalStructure", "lengthConstraint", "textualDirectives"),
}
_TOP_KEYS = ("title", "promptText", "exampleOutput", "notes")


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _pick(values: Mapping[str, Any], camel: str) -> Any:
    return values.get(camel, values.get(_snake(camel)))


def _prompt_in_camel_case(prompt: Mapping[str, Any]) -> dict[str, Any]:
    """The text and SFL fields of a prompt given in camelCase or snake_case keys."""
    out: dict[str, Any] = {key: _pick(prompt, key) or "" for key in _TOP_KEYS}
    for group, keys in _SFL_KEYS.items():
        values = _pick(prompt, group) or {}
        out[group] = {
            key: _pick(values, key) or ("" if key != "targetAudience" else []) for key in keys
        }
    out["sflTenor"]["targetAudience"] = instructions.audiences_as_list(
        out["sflTenor"]["targetAudience"]
    )
    return out


def _source_document(value: Any) -> dict[str, str] | None:
    if not isinstance(value, Mapping) or not value.get("content"):
        return None
    return {"name": str(value.get("name") or ""), "content": str(value["content"])}


def _draft(result: JsonResult, source_document: dict[str, str] | None) -> dict[str, Any]:
    draft = _prompt_in_camel_case(result.data)
    draft["sourceDocument"] = source_document
    draft["variables"] = instructions.variables_in(draft["promptText"])
    draft["generatedBy"] = {"provider": result.provider, "model": result.model}
    return draft


def prompt_draft_generate(
    *, user: AbstractBaseUser | None, goal: str, source_document: Mapping[str, str] | None
) -> dict[str, Any]:
    """The prompt wizard: a goal (and optionally a style document) → a complete, unsaved prompt."""
    document = _source_document(source_document)
    result = json_generate(
        user=user,
        prompt=instructions.sfl_draft_prompt(goal, document),
        schema=schemas.prompt_draft_schema(route(None)[0].name),
        system_instruction=instructions.SFL_WIZARD_SYSTEM,
        purpose="generate_sfl",
    )
    return _draft(result, document)


def prompt_draft_refine(
    *, user: AbstractBaseUser | None, current_prompt: Mapping[str, Any], suggestion: str
) -> dict[str, Any]:
    """Refinement: the whole prompt revised for a change request; its style document kept as is."""
    raw_document = _pick(current_prompt, "sourceDocument")
    document = _source_document(raw_document)
    result = json_generate(
        user=user,
        prompt=instructions.sfl_refine_prompt(
            _prompt_in_camel_case(current_prompt), suggestion, document
        ),
        schema=schemas.prompt_draft_schema(route(None)[0].name),
        system_instruction=instructions.SFL_WIZARD_SYSTEM,
        purpose="regenerate_sfl",
    )
    draft = _draft(result, document)
    draft["sourceDocument"] = dict(raw_document) if isinstance(raw_document, Mapping) else None
    return draft


def providers_list() -> list[dict[str, Any]]:
    """Every provider, whether it is usable and its default model (never a key)."""
    default = default_provider_name()
    out: list[dict[str, Any]] = []
    for name in provider_names():
        provider = provider_get(name)
        out.append(
            {
                "provider": name,
                "configured": provider.is_configured(),
                "defaultModel": provider.default_model(),
                "isDefault": name == default,
                "description": LOCAL_DESCRIPTION if name == "local" else "",
            }
        )
    return out
