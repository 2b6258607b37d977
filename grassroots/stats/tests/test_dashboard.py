from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import transaction
from django.urls import reverse

from grassroots.core.audit import log_action
from grassroots.core.testing import factories
from grassroots.stats import cache as stats_cache
from grassroots.stats import registry as reg
from grassroots.stats.engine import batched_query_count
from grassroots.stats.selectors import (
    KEY_FIGURES,
    TREND_KEYS,
    admission_keys,
    member_structure_keys,
)

# Session, user, role assignments, the organization, the default year, the children,
# the ancestors, and the savepoint pair of the test client's request.
PAGE_QUERIES = 12


def _add_members(org, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        factories.member(
            organization=org,
            name=f"甲一村党员{i}",
            birth=dt.date(1960 + i % 40, 1 + i % 12, 1),
            female=i % 3 == 0,
            joined_on=dt.date(2012 + i % 3, 7, 1),
            education="bachelor" if i % 2 else "high_school",
        )


def _compute_budget() -> int:
    keys = {*KEY_FIGURES, *TREND_KEYS, *admission_keys()}
    keys.update(["members.frontline_rate", "members.college_rate"])
    keys.update(k for k in reg.catalogue() if reg.available(k))
    for group in member_structure_keys().values():
        keys.update(group)
    return batched_query_count(keys)


def _dashboard_queries(client, url, captured) -> int:  # type: ignore[no-untyped-def]
    with captured as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_dashboard_query_count_does_not_grow_with_the_data(world) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client("township")
    url = reverse("stats:dashboard_org", kwargs={"pk": world.orgs["a"].pk}) + "?year=2014"
    _add_members(world.orgs["a1"], 5)
    small = _dashboard_queries(client, url, CaptureQueriesContext(connection))
    stats_cache.bump()
    _add_members(world.orgs["a1"], 40)
    _add_members(world.orgs["a2"], 20)
    stats_cache.bump()
    large = _dashboard_queries(client, url, CaptureQueriesContext(connection))
    assert small == large
    assert large <= PAGE_QUERIES + _compute_budget()


@pytest.mark.django_db
def test_dashboard_is_cached_until_the_data_changes(
    world, django_assert_max_num_queries, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = world.client("township")
    url = reverse("stats:dashboard_org", kwargs={"pk": world.orgs["a"].pk}) + "?year=2014"
    first = client.get(url)
    assert "党员总数" in first.content.decode()
    with django_assert_max_num_queries(PAGE_QUERIES):  # no statistics query: from the cache
        client.get(url)
    _add_members(world.orgs["a1"], 4)  # written directly: the cache does not know yet
    assert client.get(url).context["data"]["figures"][0]["value"] == 2
    # A service's audit entry bumps the data version when its transaction commits.
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        log_action(actor=None, action="members.member.created", organization=world.orgs["a1"])
    assert client.get(url).context["data"]["figures"][0]["value"] == 6


@pytest.mark.django_db
def test_accounts_and_core_actions_do_not_invalidate(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    version = stats_cache.data_version()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        log_action(actor=None, action="accounts.user.created")
        log_action(actor=None, action="core.job.started")
    assert stats_cache.data_version() == version
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        log_action(actor=None, action="orgs.organization.updated")
    assert stats_cache.data_version() != version


@pytest.mark.django_db
def test_a_version_bump_waits_for_the_commit(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    version = stats_cache.data_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        log_action(actor=None, action="orgs.organization.updated")
        assert stats_cache.data_version() == version  # not before the commit
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_dashboard_shows_the_scope_and_charts_as_data(world) -> None:  # type: ignore[no-untyped-def]
    _add_members(world.orgs["a1"], 6)
    response = world.client("branch_secretary").get(reverse("stats:dashboard") + "?year=2014")
    assert response.status_code == 200
    assert response.context["org"] == world.orgs["a1"]
    body = response.content.decode()
    assert "<script>" not in body  # data in json_script, no inline script
    charts = json.loads(
        body.split('id="stats-charts" type="application/json">')[1].split("</script>")[0]
    )
    age = next(c for c in charts if c["id"] == "chart-age")
    assert sum(age["series"][0]["data"]) == 7


@pytest.mark.django_db
def test_unavailable_indicators_are_shown_as_such(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    key = next(iter(reg.catalogue()))
    if key in reg.registry():
        monkeypatch.delitem(reg._registry, key)
    response = world.client("county").get(reverse("stats:dashboard") + "?year=2014")
    items = [i for s in response.context["data"]["catalogue"] for i in s["items"]]
    item = next(i for i in items if i["key"] == key)
    assert not item["available"] and item["value"] is None and item["text"] == "暂无数据"


@pytest.mark.django_db
def test_picking_a_sub_organization(world) -> None:  # type: ignore[no-untyped-def]
    client = world.client("township")
    response = client.get(reverse("stats:dashboard"), {"org": world.orgs["a1"].pk, "year": 2013})
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("stats:dashboard_org", kwargs={"pk": world.orgs["a1"].pk}) + "?year=2013"
    )
    assert client.get(reverse("stats:dashboard"), {"org": world.orgs["b1"].pk}).status_code == 404


@pytest.mark.django_db
def test_drilldown_lists_children_values(world, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    _add_members(world.orgs["a2"], 3)
    client = world.client("county")
    url = reverse("stats:drilldown", kwargs={"pk": world.orgs["a"].pk, "key": "members.total"})
    response = client.get(url, {"year": 2014})
    rows = {r.org.code: r.value for r in response.context["rows"]}
    assert rows == {"TA1": 1, "OUTA2": 4}
    assert response.context["parent"].value == 5
    _add_members(world.orgs["a1"], 10)
    with django_assert_max_num_queries(PAGE_QUERIES):  # one GROUP BY, whatever the rows
        client.get(url, {"year": 2014})


@pytest.mark.django_db
def test_drilldown_of_an_unknown_key_is_404(world) -> None:  # type: ignore[no-untyped-def]
    url = reverse("stats:drilldown", kwargs={"pk": world.orgs["a"].pk, "key": "no.such"})
    assert world.client("county").get(url).status_code == 404


@pytest.mark.django_db
def test_indicator_catalogue_page(world) -> None:  # type: ignore[no-untyped-def]
    response = world.client("auditor").get(reverse("stats:indicators"))
    body = response.content.decode()
    for key in reg.catalogue():
        assert key in body


@pytest.mark.django_db
def test_dashboard_query_count_is_fixed_cold_and_warm(world) -> None:  # type: ignore[no-untyped-def]
    """The county's dashboard takes the same number of queries with little and with more
    data (members and subordinate organizations), computed (cache cold) and from the
    cache (warm); the warm page runs no statistics query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from grassroots.stats.testing import add_village_branches

    client = world.client("county")
    url = reverse("stats:dashboard_org", kwargs={"pk": world.root.pk})

    def counts() -> tuple[int, int]:
        stats_cache.bump()
        cold = _dashboard_queries(client, url, CaptureQueriesContext(connection))
        warm = _dashboard_queries(client, url, CaptureQueriesContext(connection))
        return cold, warm

    small = counts()
    _add_members(world.orgs["a1"], 30)
    _add_members(world.orgs["b1"], 30)
    for _index, branch in add_village_branches(world.users["county"], world.orgs["a"], 8):
        _add_members(branch, 3)
    add_village_branches(world.users["county"], world.root, 5, start=100)  # more children
    large = counts()
    assert large == small
    cold, warm = large
    assert warm < cold and warm <= PAGE_QUERIES
    assert cold <= PAGE_QUERIES + _compute_budget()
