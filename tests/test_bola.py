"""The BOLA matrix: on every API route that takes an object id, another user gets a plain 404.

Each app lists its id-taking routes in `tests/<app>/bola.py` as `BOLA_CASES: dict[str, BolaCase]`,
keyed by URL pattern name. The matrix fails for a route without an entry (so a route added later
cannot skip the check) and for an entry whose route is gone.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import pkgutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import models
from django.http import HttpResponse, JsonResponse
from django.urls import URLPattern, URLResolver, include, path, re_path, reverse

import tests
from core.exceptions import envelope
from tests.accounts.routes import ApiRoute, api_routes
from tests.bola import BolaCase
from tests.conftest import bearer_client

WRITE_METHODS = frozenset({"post", "put", "patch"})


@dataclass(frozen=True)
class CollectedCase:
    name: str
    module: str
    case: BolaCase


@dataclass
class BolaMatrix:
    """Every app's entries: routes to attack, and routes exempt with a stated reason."""

    cases: dict[str, CollectedCase] = field(default_factory=dict)
    exempt: dict[str, str] = field(default_factory=dict)
    """`BOLA_EXEMPT` of the apps: pattern name → why the route has no owner (e.g. a shared
    catalogue). An exemption is reviewed like code; it is not a way to silence the matrix."""

    @property
    def names(self) -> set[str]:
        return set(self.cases) | set(self.exempt)


def bola_matrix_collect(package: ModuleType = tests) -> BolaMatrix:
    """`BOLA_CASES` (and optional `BOLA_EXEMPT`) of every `<package>/<app>/bola.py`."""
    matrix = BolaMatrix()
    origin: dict[str, str] = {}

    def claim(name: str, module_name: str) -> None:
        if name in origin:
            raise ValueError(
                f"BOLA entry {name!r} is defined in both {origin[name]} and {module_name}; keep one"
            )
        origin[name] = module_name

    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        module_name = f"{package.__name__}.{info.name}.bola"
        if not info.ispkg or importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        cases = getattr(module, "BOLA_CASES", None)
        if not isinstance(cases, Mapping):
            raise TypeError(f"{module_name} must define BOLA_CASES: dict[str, BolaCase]")
        for name, case in cases.items():
            if not isinstance(case, BolaCase):
                raise TypeError(f"{module_name}.BOLA_CASES[{name!r}] is not a BolaCase")
            claim(name, module_name)
            matrix.cases[name] = CollectedCase(name=name, module=module_name, case=case)
        for name, reason in getattr(module, "BOLA_EXEMPT", {}).items():
            if not isinstance(reason, str) or not reason.strip():
                raise TypeError(f"{module_name}.BOLA_EXEMPT[{name!r}] needs a reason")
            claim(name, module_name)
            matrix.exempt[name] = reason
    return matrix


def bola_coverage_problems(routes: Iterable[ApiRoute], case_names: Iterable[str]) -> list[str]:
    """Why the matrix is incomplete: id-taking routes without an entry, entries without a route."""
    id_routes = [r for r in routes if r.params]
    known = set(case_names)
    problems = []
    for route in id_routes:
        hint = f"add a BolaCase to BOLA_CASES in tests/{route.app}/bola.py"
        if route.name is None:
            problems.append(
                f"api route {route.route!r} takes an object id but has no name: name it and {hint}"
            )
        elif not route.names & known:
            problems.append(
                f"api route {route.name!r} ({route.route}) takes an object id "
                f"({', '.join(route.params)}) but has no BOLA matrix entry: {hint}"
            )
    routed = set().union(*(r.names for r in id_routes)) if id_routes else set()
    for name in sorted(known - routed):
        problems.append(
            f"BOLA entry {name!r} names no API route that takes an object id; rename or remove it"
        )
    return problems


ROUTES = api_routes()
MATRIX = bola_matrix_collect()
CASES = MATRIX.cases
ATTACKS = [
    pytest.param(
        name,
        method,
        id=f"{name}-{method}",
        marks=pytest.mark.django_db(transaction=collected.case.committed),
    )
    for name, collected in sorted(CASES.items())
    for method in collected.case.methods
]
_NONE_YET = pytest.mark.skip(reason="no API route takes an object id yet")
OWNER_CHECKS = [
    pytest.param(name, id=name)
    for name, collected in sorted(CASES.items())
    if "get" in collected.case.methods and collected.case.owner_can_get
]


def _owner_values(obj: models.Model, owner: Any) -> list[str]:
    """Text of user A's that must never appear in an answer to user B."""
    values = [owner.email]
    for model_field in obj._meta.concrete_fields:
        value = getattr(obj, model_field.attname)
        if isinstance(value, str) and len(value.strip()) >= 8 and not model_field.choices:
            values.append(value)
    return values


def _url(name: str, case: BolaCase, obj: Any) -> str:
    return reverse(name, kwargs=case.url_kwargs(obj))


def _send(client: Any, method: str, url: str, case: BolaCase) -> HttpResponse:
    if method in WRITE_METHODS:
        return getattr(client, method)(url, case.body, format="json")  # type: ignore[no-any-return]
    return getattr(client, method)(url)  # type: ignore[no-any-return]


def test_every_api_route_with_an_object_id_has_a_bola_case():
    problems = bola_coverage_problems(ROUTES, MATRIX.names)
    assert not problems, "The BOLA matrix is incomplete:\n  " + "\n  ".join(problems)


def bola_attack(name: str, method: str, case: BolaCase, owner: Any, intruder: Any) -> list[str]:
    """User B (`intruder`) tries `method` on user A's (`owner`) object; what went wrong, if any."""
    obj = case.make_object(owner)
    url = _url(name, case, obj)
    response = _send(bearer_client(intruder), method, url, case)
    text = response.content.decode(errors="replace")
    attempt = f"{method.upper()} {url} by another user"
    problems = []
    if response.status_code != 404:
        problems.append(f"{attempt} answered {response.status_code}, not 404: {text[:300]}")
    elif not response.get("Content-Type", "").startswith("application/json") or (
        json.loads(text).get("code") != "not_found"
    ):
        problems.append(f"{attempt} answered 404 without the not_found envelope: {text[:300]}")
    leaked = [value for value in _owner_values(obj, owner) if value in text]
    if leaked:
        problems.append(f"{attempt} leaked the owner's data: {leaked}")
    if not type(obj)._default_manager.filter(pk=obj.pk).exists():
        problems.append(f"{attempt} deleted the owner's object")
    elif case.unchanged is not None and not case.unchanged(obj):
        problems.append(f"{attempt} changed the owner's object")
    return problems


# Each case carries its own django_db mark (see BolaCase.committed).
@pytest.mark.parametrize(("name", "method"), ATTACKS or [pytest.param(None, None, marks=_NONE_YET)])
def test_another_users_object_answers_404_and_stays_intact(name, method, make_user):
    problems = bola_attack(name, method, CASES[name].case, make_user(), make_user())
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("name", OWNER_CHECKS or [pytest.param(None, marks=_NONE_YET)])
def test_the_owner_reaches_the_same_url(name, make_user):
    # Without this, a case whose URL is wrong for everyone would "pass" the 404 check.
    case = CASES[name].case
    owner = make_user()
    url = _url(name, case, case.make_object(owner))
    response = bearer_client(owner).get(url)
    assert response.status_code < 400, f"GET {url} by its owner answered {response.status_code}"


# --- the matrix checks itself ----------------------------------------------------------------


def _view(request: Any, **kwargs: Any) -> HttpResponse:
    return HttpResponse()


_FAKE_URLCONF: list[URLPattern | URLResolver] = [
    path(
        "api/",
        include(
            [
                path("widgets", _view, name="widget-list"),
                path("widgets/<uuid:pk>", _view, name="widget-detail"),
                path("gadgets/<uuid:pk>", _view, name="gadget-detail"),
                path("boards/<uuid:board_pk>/", include([path("pins", _view, name="pin-list")])),
                re_path(r"^things\.(?P<format>[a-z0-9]+)$", _view, name="thing-list"),
                path("nameless/<int:pk>", _view),
                path("v2/", include(([path("cogs/<int:pk>", _view, name="cog")], "v2"))),
            ]
        ),
    ),
    path("admin/users/<int:pk>", _view, name="admin-user"),
]


def test_the_matrix_reports_a_new_route_without_an_entry_and_a_stale_entry():
    routes = api_routes(_FAKE_URLCONF)
    entries = {"gadget-detail", "v2:cog", "gone"}
    problems = "\n".join(bola_coverage_problems(routes, entries))

    assert "'widget-detail' (api/widgets/<uuid:pk>)" in problems
    assert "tests/tests/bola.py" in problems  # the fake views live in this test module
    assert "'pin-list'" in problems  # the id sits in the include's prefix
    assert "'api/nameless/<int:pk>'" in problems
    assert "BOLA entry 'gone'" in problems
    for covered_or_idless in ("gadget-detail", "v2:cog", "widget-list", "thing-list", "admin"):
        assert covered_or_idless not in problems
    assert len(problems.splitlines()) == 4


def test_the_matrix_accepts_a_complete_set_of_entries():
    routes = api_routes(_FAKE_URLCONF)
    names = {"widget-detail", "gadget-detail", "pin-list", "cog"}
    problems = bola_coverage_problems([r for r in routes if r.name], names)
    assert problems == []


def test_bola_entries_are_collected_from_every_app_and_duplicates_refused(tmp_path, monkeypatch):
    package = tmp_path / "fake_tests"
    modules = {
        "alpha": "BOLA_CASES = {'a-detail': BolaCase(make_object=lambda u: u)}",
        "beta": (
            "BOLA_CASES = {'b-detail': BolaCase(make_object=lambda u: u)}\n"
            "BOLA_EXEMPT = {'catalogue-detail': 'shared read-only catalogue, no owner'}"
        ),
        "gamma": None,
    }
    for app, source in modules.items():
        (package / app).mkdir(parents=True)
        (package / app / "__init__.py").write_text("")
        if source is not None:
            (package / app / "bola.py").write_text(f"from tests.bola import BolaCase\n{source}\n")
    (package / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    fake = importlib.import_module("fake_tests")

    matrix = bola_matrix_collect(fake)
    assert set(matrix.cases) == {"a-detail", "b-detail"}
    assert matrix.cases["b-detail"].module == "fake_tests.beta.bola"
    assert matrix.names == {"a-detail", "b-detail", "catalogue-detail"}

    (package / "gamma" / "bola.py").write_text(
        "from tests.bola import BolaCase\nBOLA_CASES = {'a-detail': BolaCase(lambda u: u)}\n"
    )
    with pytest.raises(ValueError, match="'a-detail' is defined in both"):
        bola_matrix_collect(fake)


def _leaky_user_view(request: Any, pk: Any) -> HttpResponse:
    user = get_user_model()._default_manager.get(pk=pk)
    return JsonResponse({"id": str(user.pk), "email": user.email})


def _owner_scoped_user_view(request: Any, pk: Any) -> HttpResponse:
    if str(request.user.pk) != str(pk):
        return JsonResponse(envelope("not_found", "Not found."), status=404)
    return JsonResponse({"id": str(pk)})


# The URLconf of the two tests below (`pytest.mark.urls(__name__)`).
urlpatterns = [
    path("api/leaky/<uuid:pk>", _leaky_user_view, name="leaky-user"),
    path("api/scoped/<uuid:pk>", _owner_scoped_user_view, name="scoped-user"),
]
_USER_CASE = BolaCase(make_object=lambda user: user, methods=("get",))


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_the_attack_catches_a_route_that_serves_another_users_object(make_user):
    owner = make_user()
    problems = bola_attack("leaky-user", "get", _USER_CASE, owner, make_user())
    assert any("answered 200, not 404" in p for p in problems), problems
    assert any("leaked the owner's data" in p and owner.email in p for p in problems), problems


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_the_attack_passes_a_route_that_scopes_to_the_caller(make_user):
    assert bola_attack("scoped-user", "get", _USER_CASE, make_user(), make_user()) == []


def test_the_real_urlconf_is_walked():
    routes = {r.name: r for r in ROUTES}
    assert routes["auth-me"].route == "api/auth/me"
    assert routes["auth-me"].params == ()
    assert routes["auth-me"].app == "accounts"
