"""The contract with the seed article: on the Tongshan 2014 demo, every *available*
catalogue indicator for the county root and year 2014 matches the article's figure by
its ``match`` rule. As modules land, their indicators join this test by themselves.

The demo is loaded once for the module (``tongshan`` fixture in conftest.py)."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal

import pytest

from grassroots.stats import registry as reg
from grassroots.stats.engine import compute_values
from grassroots.stats.registry import Period

Y2014 = Period.year(2014)


def matches(value, article, rule: str) -> bool:  # type: ignore[no-untyped-def]
    if value is None:
        return False
    if rule == "exact":
        return Decimal(str(value)) == Decimal(str(article))
    if rule == "at_least":
        return article <= value < 1.2 * article
    if rule == "percent":
        rounded = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        return rounded == Decimal(str(article)).quantize(Decimal("0.1"))
    raise AssertionError(f"unknown match rule {rule}")


def test_match_rules_at_their_boundaries() -> None:
    assert matches(186, 186, "exact") and not matches(187, 186, "exact")
    assert matches(3200, 3200, "at_least") and matches(3839, 3200, "at_least")
    assert not matches(3199, 3200, "at_least") and not matches(3840, 3200, "at_least")
    assert matches(30.24, 30.2, "percent") and matches(30.15, 30.2, "percent")
    assert not matches(30.25, 30.2, "percent") and not matches(None, 1, "exact")


@pytest.mark.django_db
def test_every_available_indicator_matches_the_article(tongshan) -> None:  # type: ignore[no-untyped-def]
    keys = [k for k in reg.catalogue() if reg.available(k)]
    values = compute_values(tongshan, [(k, Y2014) for k in keys])
    failures = []
    for key in keys:
        entry = reg.catalogue()[key]
        value = values[(key, Y2014)]
        if not matches(value, entry.article, entry.match or "exact"):
            failures.append(f"{key}: {value} vs article {entry.article} ({entry.match})")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_demo_report_json_lists_every_key_once(tongshan) -> None:  # type: ignore[no-untyped-def]
    from grassroots.stats.reports import render_report

    data = json.loads(render_report(tongshan, 2014, "json"))
    assert data["org"] == {"code": "421224", "name": "中共通山县委"}
    for key in reg.catalogue():
        assert (key in data["indicators"]) != (key in data["unavailable"]), key
    assert data["indicators"]["orgs.kind.township_committee"] == 12
    assert data["indicators"]["members.total"] > 10000


@pytest.mark.django_db
def test_demo_dashboard_costs_the_same_queries_as_a_small_tree(tongshan, client) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from grassroots.accounts.models import User

    from .test_dashboard import PAGE_QUERIES, _compute_budget

    client.force_login(
        User.objects.get(username="tongyang"),
        backend="grassroots.accounts.backends.UsernameOrMobileBackend",
    )
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("stats:dashboard"), {"year": 2014})
    assert response.status_code == 200
    assert response.context["org"].code == "421224100"
    assert len(ctx.captured_queries) <= PAGE_QUERIES + _compute_budget()
