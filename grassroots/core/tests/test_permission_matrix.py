"""Every route, as every role, inside and outside the role's scope.

A route that is not listed in some app's ``permission_matrix.py`` fails
``test_every_route_is_in_the_matrix``: new routes cannot skip this test.
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
from grassroots.core.testing.world import ROLES, World


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


@pytest.mark.django_db
@pytest.mark.parametrize("spec", SPECS, ids=[f"{s.method} {s.name}" for s in SPECS])
def test_route(world: World, spec: Route) -> None:
    inside = spec.make(world, world.orgs["a1"]) if spec.make else {}
    outside = spec.make(world, world.orgs["b1"]) if spec.make else None
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
        if outside is None or role == "anon":
            continue
        before = LogEntry.objects.count()
        response = _request(world, spec, role, outside, world.orgs["b1"])
        expected_out = (
            spec.expect[role] if role == "county" or spec.outside is None else spec.outside
        )
        if not _ok(response.status_code, expected_out):
            failures.append(f"{role}: outside got {response.status_code}, expected {expected_out}")
        if role != "county":
            if LogEntry.objects.count() != before:
                failures.append(f"{role}: a request on an out-of-scope object changed something")
            body = _body(response)
            for marker in world.forbidden_markers(role):
                if marker in body:
                    failures.append(f"{role}: outside response shows {marker!r}")
    assert not failures, "\n".join(failures)
