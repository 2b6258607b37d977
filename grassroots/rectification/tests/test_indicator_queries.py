"""A drill-down over a committee's children computes each rectification indicator in one
query, however many children there are, with the same values as each child on its own."""

import datetime as dt
from decimal import Decimal

import pytest

from grassroots.rectification.models import (
    KIND_HEADING,
    MONEY_KINDS,
    Action,
    ActionKind,
    CaseStatus,
    RectificationCase,
)
from grassroots.stats.registry import Period, compute, registry
from grassroots.stats.testing import add_village_branches, drill_down

pytestmark = pytest.mark.django_db

Y2014 = Period.year(2014)
KEYS = [k for k in registry() if k.startswith("rectification.")]


def _populate(org, repeat, status=CaseStatus.OPEN):
    case = RectificationCase.objects.create(
        organization=org,
        year=2014,
        reasons=["economy"],
        status=status,
        proposed_on=dt.date(2014, 3, 1),
        reviewed_on=dt.date(2014, 12, 1) if status == CaseStatus.RECTIFIED else None,
    )
    for kind in ActionKind.values:
        for i in range(repeat):
            Action.objects.create(
                case=case,
                heading=KIND_HEADING[kind],
                kind=kind,
                occurred_on=dt.date(2014, 5, 1 + i),
                title=ActionKind(kind).label,
                amount_yuan=Decimal(30000 + i * 1000) if kind in MONEY_KINDS else None,
            )
    return case


def _add_children(world, parent, count):
    for i, child in add_village_branches(world.users["county"], parent, count):
        _populate(child, i % 3 + 1, CaseStatus.RECTIFIED if i % 2 else CaseStatus.OPEN)


def _drill(key, parent):
    return drill_down(key, parent, Y2014)


def test_every_key_of_the_module_is_an_aggregate_indicator():
    assert len(KEYS) == 16
    assert all(registry()[k].aggregate is not None for k in KEYS)


@pytest.mark.parametrize("key", KEYS)
def test_drilldown_is_one_query_whatever_the_number_of_children(world, key):
    _populate(world.orgs["a1"], 2)
    _populate(world.orgs["b1"], 1)
    _, few_queries, _ = _drill(key, world.orgs["a"])
    _add_children(world, world.orgs["a"], 4)
    many, many_queries, children = _drill(key, world.orgs["a"])
    assert few_queries == many_queries == 1
    assert len(many) == len(children) == 6
    for child in children:
        assert many[child.path] == compute(key, child, Y2014), child.name


def test_drilldown_values_are_the_records_of_each_child(world):
    _populate(world.orgs["a1"], 2, CaseStatus.RECTIFIED)
    a1, a2 = world.orgs["a1"].path, world.orgs["a2"].path
    assert _drill("rectification.weak_villages", world.orgs["a"])[0] == {a1: 1, a2: 0}
    assert _drill("rectification.rectified", world.orgs["a"])[0] == {a1: 1, a2: 0}
    assert _drill("rectification.good_deeds", world.orgs["a"])[0] == {a1: 2, a2: 0}
    subsidy = _drill("rectification.service_centre_subsidy_yuan", world.orgs["a"])[0]
    assert subsidy == {a1: 61000, a2: 0}
