"""A drill-down over a committee's children computes each contact-point and leadership
indicator in one query, however many children there are, with the same values as
computing each child on its own."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grassroots.liaison.models import (
    ContactPoint,
    FundIntegration,
    FundSource,
    LeaderLevel,
    LeadershipMeeting,
    MeetingKind,
    Problem,
    ProblemCategory,
    Visit,
)
from grassroots.stats.registry import Period, compute, registry
from grassroots.stats.testing import add_village_branches, drill_down

pytestmark = pytest.mark.django_db

Y2014 = Period.year(2014)
KEYS = [
    k
    for k in registry()
    if k.startswith(("liaison.", "leadership.")) or k == "funds.party_building_integrated_yuan"
]


def _populate(world, org, n):
    """``n`` of each record at ``org`` in 2014 (and one outside the year)."""
    for i in range(n):
        level = LeaderLevel.COUNTY if i % 2 == 0 else LeaderLevel.TOWNSHIP
        point = ContactPoint.objects.create(
            leader=world.users["leader"],
            leader_level=level,
            leader_post="县委常委",
            organization=org,
            started_on=dt.date(2014, 1, 1),
        )
        visit = Visit.objects.create(
            contact_point=point,
            visited_on=dt.date(2014, 5, 1 + i),
            visitors="走访组",
            aid_funds_yuan=Decimal(1000 * (i + 1)),
            aid_goods_yuan=Decimal("250.50"),
            disputes_mediated=i + 1,
        )
        Visit.objects.create(contact_point=point, visited_on=dt.date(2013, 5, 1), visitors="去年")
        Problem.objects.create(
            contact_point=point,
            visit=visit,
            category=ProblemCategory.INDUSTRY,
            description="产业发展难",
            raised_on=dt.date(2014, 5, 1),
            resolved_on=dt.date(2014, 9, 1) if i % 2 == 0 else None,
        )
        for kind in MeetingKind.values:
            LeadershipMeeting.objects.create(
                organization=org, kind=kind, held_on=dt.date(2014, 3, 1), title="会", topics="议题"
            )
        FundIntegration.objects.create(
            organization=org,
            source=FundSource.COUNTY_BUDGET,
            purpose="阵地建设",
            amount_yuan=Decimal(5000),
            allocated_on=dt.date(2014, 6, 1),
        )


def _add_children(world, parent, count, start):
    for i, child in add_village_branches(world.users["county"], parent, count, start):
        _populate(world, child, i % 3 + 1)


def _drill(key, parent):
    return drill_down(key, parent, Y2014)


def test_every_key_of_the_module_is_an_aggregate_indicator():
    assert len(KEYS) == 10
    assert all(registry()[k].aggregate is not None for k in KEYS)


@pytest.mark.parametrize("key", KEYS)
def test_drilldown_is_one_query_whatever_the_number_of_children(world, key):
    _populate(world, world.orgs["a1"], 2)
    _populate(world, world.orgs["b1"], 1)  # another township: never counted under A
    few, few_queries, _ = _drill(key, world.orgs["a"])
    _add_children(world, world.orgs["a"], 4, start=1)
    many, many_queries, children = _drill(key, world.orgs["a"])
    assert few_queries == many_queries == 1
    assert len(many) == len(children) == 6
    for child in children:
        assert many[child.path] == compute(key, child, Y2014), child.name
    assert many[world.orgs["a1"].path] == few[world.orgs["a1"].path]


def test_drilldown_values_are_the_records_of_each_child(world):
    _populate(world, world.orgs["a1"], 2)
    values, _, _ = _drill("liaison.aid_funds_yuan", world.orgs["a"])
    assert values[world.orgs["a1"].path] == 3000
    assert values[world.orgs["a2"].path] == 0  # no visit: zero, not missing
    visits, _, _ = _drill("liaison.visits", world.orgs["a"])
    assert visits[world.orgs["a1"].path] == 2  # the 2013 visits are outside the year
    points, _, _ = _drill("liaison.county_leader_points", world.orgs["a"])
    assert points[world.orgs["a1"].path] == 1
    assert compute("liaison.aid_goods_yuan", world.root, Y2014) == Decimal("501.00")


def test_drilldown_page_query_count_does_not_grow_with_children(world):
    _populate(world, world.orgs["a1"], 1)
    client = world.client("county")
    url = reverse("stats:drilldown", kwargs={"pk": world.orgs["a"].pk, "key": "liaison.visits"})
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"year": 2014}).status_code == 200
    _add_children(world, world.orgs["a"], 5, start=1)
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"year": 2014})
    assert len(response.context["rows"]) == 7
    assert len(many.captured_queries) == len(few.captured_queries)
