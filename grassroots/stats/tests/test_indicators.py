from __future__ import annotations

import datetime as dt

import pytest

from grassroots.core.testing import factories
from grassroots.members.models import MemberStatus
from grassroots.orgs.models import Organization
from grassroots.stats.engine import batched_query_count, compute_children, compute_values, percent
from grassroots.stats.registry import Period, compute, registry

Y2014 = Period.year(2014)
END = Y2014.end


def _member(org: Organization, **fields):  # type: ignore[no-untyped-def]
    return factories.member(organization=org, **fields)


@pytest.mark.django_db
def test_members_count_at_the_period_end(world) -> None:  # type: ignore[no-untyped-def]
    a1 = world.orgs["a1"]
    root = world.root
    base = compute("members.total", root, Y2014)  # the world's own three members
    _member(a1, joined_on=END)  # joined on the last day: counts
    _member(a1, joined_on=END + dt.timedelta(days=1))  # joined after: does not
    _member(a1, status=MemberStatus.DECEASED, status_changed_on=END + dt.timedelta(days=1))
    _member(a1, status=MemberStatus.DECEASED, status_changed_on=END)  # left on the day: gone
    _member(a1, status=MemberStatus.TRANSFERRED_OUT, status_changed_on=dt.date(2014, 3, 1))
    assert compute("members.total", root, Y2014) == base + 2
    assert compute("members.left", root, Y2014) == 2
    assert compute("members.new", root, Y2014) == 1
    # Scope: the subtree only.
    assert compute("members.total", world.orgs["b1"], Y2014) == 1


@pytest.mark.django_db
def test_age_bands_at_their_boundaries(world) -> None:  # type: ignore[no-untyped-def]
    a1 = world.orgs["a1"]
    _member(a1, birth=dt.date(1978, 12, 31))  # 36 on 2014-12-31
    _member(a1, birth=dt.date(1979, 1, 1))  # 35 on 2014-12-31
    values = compute_values(a1, [("members.age.35_below", Y2014), ("members.age.36_45", Y2014)])
    # world member in A1 was born 1980-05-01 (34): 35 and under.
    assert values[("members.age.35_below", Y2014)] == 2
    assert values[("members.age.36_45", Y2014)] == 1


@pytest.mark.django_db
def test_rates_are_derived_without_a_query(world, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    a1 = world.orgs["a1"]
    _member(a1, female=True)
    _member(a1, female=True, is_frontline=True)
    with django_assert_num_queries(1):
        values = compute_values(
            a1,
            [
                ("members.female_rate", Y2014),
                ("members.female", Y2014),
                ("members.total", Y2014),
                ("members.frontline_rate", Y2014),
            ],
        )
    assert values[("members.total", Y2014)] == 3
    assert values[("members.female_rate", Y2014)] == 66.7
    assert values[("members.frontline_rate", Y2014)] == 33.3


def test_percent_rounds_half_up_and_refuses_a_zero_base() -> None:
    assert percent(1, 3) == 33.3
    assert percent(2, 3) == 66.7
    assert percent(1, 8) == 12.5  # 12.5 exactly
    assert percent(1, 16) == 6.3  # 6.25 → 6.3
    assert percent(0, 0) is None
    assert percent(None, 5) is None


@pytest.mark.django_db
def test_children_in_one_group_by_query_equal_each_childs_value(
    world, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    root = world.root
    a = world.orgs["a"]
    for _ in range(3):
        _member(world.orgs["a2"], female=True)
    children = list(Organization.objects.filter(path__subtree=root.path, depth=2).order_by("path"))
    with django_assert_num_queries(1):
        by_child = compute_children("members.total", root, Y2014, children)
    for child in children:
        assert by_child[child.path] == compute("members.total", child, Y2014)
    assert by_child[a.path] == 5
    with django_assert_num_queries(2):  # a rate: its two inputs, one query each
        rates = compute_children("members.female_rate", root, Y2014, children)
    assert rates[a.path] == 60.0
    assert rates[world.orgs["b"].path] == 0.0


@pytest.mark.django_db
def test_organization_counts_follow_founding_and_dissolution(world) -> None:  # type: ignore[no-untyped-def]
    root = world.root
    before = compute("orgs.branches", root, Y2014)
    Organization.objects.filter(pk=world.orgs["a2"].pk).update(dissolved_on=dt.date(2014, 6, 1))
    Organization.objects.filter(pk=world.orgs["b1"].pk).update(founded_on=dt.date(2015, 1, 1))
    assert compute("orgs.branches", root, Y2014) == before - 2
    assert compute("orgs.branches", root, Period.year(2013)) == before - 1


@pytest.mark.django_db
def test_many_periods_and_keys_of_one_model_take_one_query(
    world, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    keys = [k for k, ind in registry().items() if k.startswith("members.") and ind.aggregate]
    periods = [Period.year(y) for y in (2012, 2013, 2014)]
    assert batched_query_count(keys) == 1
    with django_assert_num_queries(1):
        values = compute_values(world.root, [(k, p) for k in keys for p in periods])
    assert len(values) == len(keys) * 3
