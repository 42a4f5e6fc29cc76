"""Every URL pattern under /api/, found by walking the URL resolver (shared by route-wide tests)."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.urls.resolvers import RegexPattern, RoutePattern

# A DRF format suffix (`prompts.json`) is a rendering choice, not an object id.
NON_ID_PARAMETERS = frozenset({"format"})


@dataclass(frozen=True)
class ApiRoute:
    """One URL pattern under api/, with the path parameters of its whole include chain."""

    name: str | None
    """The name to reverse it by, `namespace:name` inside a namespaced include."""
    route: str
    """The joined pattern text, e.g. `api/prompts/<uuid:pk>`."""
    params: tuple[str, ...]
    """Path parameters that identify an object (everything except `format`)."""
    app: str
    """The top-level package of the view (`prompts`), to point at `tests/<app>/`."""
    int_params: frozenset[str] = frozenset()

    @property
    def names(self) -> set[str]:
        """The names a BolaCase may be keyed by: the qualified one and the bare one."""
        if self.name is None:
            return set()
        return {self.name, self.name.rsplit(":", 1)[-1]}

    def example_url(self) -> str | None:
        """A URL of this route with made-up ids, or None when no made-up id fits."""
        if self.name is None:
            return None if self.params else "/" + self.route.replace("^", "").rstrip("$")
        candidates: list[Any] = [str(uuid.UUID(int=1)), 1]
        for values in itertools.product(candidates, repeat=len(self.params)):
            kwargs = dict(zip(self.params, values, strict=True))
            for name in self.int_params:
                kwargs[name] = 1
            try:
                return reverse(self.name, kwargs=kwargs)
            except NoReverseMatch:
                continue
        return None


def _pattern_parameters(pattern: Any) -> tuple[list[str], set[str]]:
    if isinstance(pattern, RoutePattern):
        names = list(pattern.converters)
        ints = {n for n, c in pattern.converters.items() if isinstance(c, IntConverter)}
        return names, ints
    if isinstance(pattern, RegexPattern):
        regex = pattern.regex
        named = list(regex.groupindex)
        unnamed = [f"<group {i}>" for i in range(regex.groups - len(named))]
        return named + unnamed, set()
    return [], set()


def _app_of(callback: Any) -> str:
    view = getattr(callback, "cls", None) or getattr(callback, "view_class", None) or callback
    return str(getattr(view, "__module__", "") or "").split(".")[0] or "<app>"


def iter_routes(
    patterns: Sequence[URLPattern | URLResolver],
    prefix: str = "",
    params: tuple[str, ...] = (),
    int_params: frozenset[str] = frozenset(),
    namespace: tuple[str, ...] = (),
) -> Iterator[ApiRoute]:
    """Every URLPattern below `patterns`, with the text and parameters of its include chain."""
    for entry in patterns:
        names, ints = _pattern_parameters(entry.pattern)
        route = prefix + str(entry.pattern).lstrip("^")
        chain = params + tuple(names)
        chain_ints = int_params | ints
        if isinstance(entry, URLResolver):
            inner = (*namespace, entry.namespace) if entry.namespace else namespace
            yield from iter_routes(entry.url_patterns, route, chain, chain_ints, inner)
        elif isinstance(entry, URLPattern):
            name = ":".join((*namespace, entry.name)) if entry.name else None
            yield ApiRoute(
                name=name,
                route=route,
                params=tuple(p for p in chain if p not in NON_ID_PARAMETERS),
                app=_app_of(entry.callback),
                int_params=chain_ints,
            )


def api_routes(patterns: Iterable[URLPattern | URLResolver] | None = None) -> list[ApiRoute]:
    """The routes under api/ of `patterns` (default: the project's URLconf)."""
    source = list(get_resolver().url_patterns if patterns is None else patterns)
    return [r for r in iter_routes(source) if r.route.startswith("api/")]
