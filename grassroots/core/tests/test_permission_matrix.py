"""Every route, as every role, inside and outside the role's scope.

A route that is not listed in some app's ``permission_matrix.py`` fails
``test_every_route_is_in_the_matrix``: new routes cannot skip this test. Routes are listed
per HTTP method: a method a route answers but the matrix does not list fails
``test_unlisted_methods_are_refused``. Objects are made in the role's branch (A1), in a
sibling branch (A2, outside the branch-level roles' scope) and in another township (B1).
"""

from __future__ import annotations

import importlib
import json
from typing import Any

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from grassroots.core.models import LogEntry
from grassroots.core.testing.matrix import Route
from grassroots.core.testing.world import ROLE_USERS, ROLES, World


def _collect_specs() -> list[Route]:
    specs: list[Route] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("grassroots."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.permission_matrix")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.permission_matrix":
                raise
            continue
        specs.extend(module.ROUTES)
    return specs


SPECS = _collect_specs()


def _url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + (f"{p.namespace}:" if p.namespace else ""))
            elif isinstance(p, URLPattern):
                assert p.name, f"unnamed URL pattern {p.pattern} cannot be covered by the matrix"
                names.add(prefix + p.name)

    walk(get_resolver().url_patterns, "")
    return names


def test_every_route_is_in_the_matrix() -> None:
    missing = _url_names() - {s.name for s in SPECS}
    assert not missing, f"routes missing from permission_matrix.py: {sorted(missing)}"


def test_matrix_names_real_routes() -> None:
    unknown = {s.name for s in SPECS} - _url_names()
    assert not unknown, f"permission_matrix.py lists routes that do not exist: {sorted(unknown)}"


def _request(world: World, spec: Route, role: str, kwargs: dict[str, Any], org: Any) -> Any:
    url = reverse(spec.name, kwargs=kwargs or None)
    client = world.client("anon" if spec.api else role)
    headers = world.api_headers(role) if spec.api else {}
    data = spec.data(world, org) if spec.data else {}
    if spec.method == "GET":
        return client.get(url, spec.params, **headers)
    if spec.json:
        return client.generic(
            spec.method, url, json.dumps(data), content_type="application/json", **headers
        )
    return client.generic(
        spec.method,
        url,
        _form_encode(data),
        content_type="application/x-www-form-urlencoded",
        **headers,
    )


def _form_encode(data: dict[str, Any]) -> str:
    from urllib.parse import urlencode

    return urlencode(data, doseq=True)


def _ok(status: int, expected: Any) -> bool:
    return status in expected if isinstance(expected, tuple) else status == expected


def _body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return ""
    return response.content.decode("utf-8", "replace")


BRANCH_SCOPED = tuple(role for role, (_r, key) in ROLE_USERS.items() if key == "a1")


def _check_outside(
    world: World,
    spec: Route,
    role: str,
    kwargs: dict[str, Any],
    org: Any,
    failures: list[str],
    where: str,
) -> None:
    before = LogEntry.objects.count()
    response = _request(world, spec, role, kwargs, org)
    expected = spec.expect[role] if role == "county" or spec.outside is None else spec.outside
    if not _ok(response.status_code, expected):
        failures.append(f"{role}: {where} got {response.status_code}, expected {expected}")
    if role == "county":
        return
    if LogEntry.objects.count() != before:
        failures.append(f"{role}: a request on an object in {where} changed something")
    body = _body(response)
    for marker in world.forbidden_markers(role):
        if marker in body:
            failures.append(f"{role}: {where} response shows {marker!r}")


@pytest.mark.django_db
@pytest.mark.parametrize("spec", SPECS, ids=[f"{s.method} {s.name}" for s in SPECS])
def test_route(world: World, spec: Route) -> None:
    # Every object exists before the first request, so a page that lists or links the
    # out-of-scope ones shows up as a leak in the in-scope responses.
    inside = spec.make(world, world.orgs["a1"]) if spec.make else {}
    outside = spec.make(world, world.orgs["b1"]) if spec.make else None
    sibling = spec.make(world, world.orgs["a2"]) if spec.make else None
    leaked_urls = [
        reverse(spec.name, kwargs=kw)
        for kw in (outside, sibling)
        if kw and kw != inside and spec.method == "GET"
    ]
    failures: list[str] = []
    for role in ROLES:
        expected = spec.anon if role == "anon" else spec.expect[role]
        response = _request(world, spec, role, inside, world.orgs["a1"])
        if not _ok(response.status_code, expected):
            failures.append(f"{role}: inside got {response.status_code}, expected {expected}")
        body = _body(response)
        for marker in world.forbidden_markers(role):
            if marker in body:
                failures.append(f"{role}: response shows out-of-scope {marker!r}")
        if role not in ("county", "anon"):
            for url in leaked_urls[: 1 if role not in BRANCH_SCOPED else 2]:
                if f'"{url}"' in body:
                    failures.append(f"{role}: response links the out-of-scope {url}")
        if outside is None or role == "anon":
            continue
        _check_outside(world, spec, role, outside, world.orgs["b1"], failures, "another township")
        if sibling is not None and role in BRANCH_SCOPED and sibling != inside:
            _check_outside(
                world, spec, role, sibling, world.orgs["a2"], failures, "a sibling branch"
            )
    assert not failures, "\n".join(failures)


# -- methods ----------------------------------------------------------------------------

PAGE_METHODS = ("GET", "POST")
API_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _allowed_spec(specs: list[Route]) -> tuple[Route, str]:
    """A listed spec of this route and a role that may use it (so a 405 is not masked)."""
    for spec in specs:
        for role in ("county", *ROLE_USERS):
            expected = spec.expect[role]
            statuses = expected if isinstance(expected, tuple) else (expected,)
            if any(200 <= s < 404 for s in statuses):
                return spec, role
    return specs[0], "county"


def _routes() -> dict[str, str]:
    """URL name -> its route pattern (django-ninja gives each method of a path its own name)."""
    routes: dict[str, str] = {}

    def walk(patterns: list[Any], prefix: str, base: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{p.namespace}:" if p.namespace else ""
                walk(p.url_patterns, prefix + ns, base + str(p.pattern))
            elif isinstance(p, URLPattern):
                routes[prefix + str(p.name)] = base + str(p.pattern)

    walk(get_resolver().url_patterns, "", "")
    return routes


def _by_route() -> dict[str, list[Route]]:
    routes = _routes()
    grouped: dict[str, list[Route]] = {}
    for spec in SPECS:
        grouped.setdefault(routes.get(spec.name, spec.name), []).append(spec)
    return grouped


BY_ROUTE = _by_route()

# Views that answer any method by design and change nothing on the unlisted ones:
# django-ninja's API description, the empty API prefix (404 for everything), and
# Django's set_language, which only acts on POST and otherwise just redirects.
ANY_METHOD = {"api:openapi-json", "api:openapi-view", "api:api-root", "set_language"}


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(BY_ROUTE))
def test_unlisted_methods_are_refused(world: World, route: str) -> None:
    """The matrix lists each route per HTTP method: every method it does not list is a 405.

    So a view that starts accepting POST (or an API path that gains a DELETE) without a
    matrix entry for that method fails here, and the new method gets tested by role.
    """
    specs = BY_ROUTE[route]
    if {s.name for s in specs} & ANY_METHOD:
        pytest.skip("answers every method by design")
    listed = {s.method for s in specs}
    spec, role = _allowed_spec(specs)
    kwargs = spec.make(world, world.orgs["a1"]) if spec.make else {}
    url = reverse(spec.name, kwargs=kwargs or None)
    failures = []
    for method in API_METHODS if spec.api else PAGE_METHODS:
        if method in listed:
            continue
        if spec.api:
            response = world.client("anon").generic(method, url, **world.api_headers(role))
        else:
            response = world.client(role).generic(method, url)
        if response.status_code != 405:
            failures.append(f"{method} {url} as {role}: {response.status_code}, not 405")
    assert not failures, (
        "unlisted methods must be refused; list them in permission_matrix.py or "
        "restrict the view: " + "; ".join(failures)
    )
