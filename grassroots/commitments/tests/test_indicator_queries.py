"""A drill-down over a committee's children computes each commitments indicator in one
query, however many children there are, with the same values as each child on its own."""

import datetime as dt

import pytest

from grassroots.commitments.models import (
    CommitmentItem,
    CommitmentLetter,
    LetterStatus,
    ReviewResult,
)
from grassroots.stats.registry import Period, compute, registry
from grassroots.stats.testing import add_village_branches, drill_down

pytestmark = pytest.mark.django_db

Y2014 = Period.year(2014)
KEYS = [k for k in registry() if k.startswith("commitments.")]


def _populate(org, results, status=LetterStatus.REVIEWED, year=2014):
    letter = CommitmentLetter.objects.create(
        organization=org,
        year=year,
        secretary_name="书记",
        secretary_post="党支部书记",
        title="公开承诺书",
        status=status,
    )
    for n, result in enumerate(results, start=1):
        CommitmentItem.objects.create(
            letter=letter,
            number=n,
            category="organization",
            content="事项",
            responsible="书记",
            due_on=dt.date(year, 11, 30),
            verification="台账",
            weight=10,
            percent=100 if result == ReviewResult.FULFILLED else 60,
            review_result=result,
            reviewed_on=dt.date(year, 12, 20) if result else None,
        )
    return letter


def _add_children(world, parent, count):
    f, n = ReviewResult.FULFILLED, ReviewResult.NOT_FULFILLED
    for i, child in add_village_branches(world.users["county"], parent, count):
        _populate(child, [f, n, f][: i % 3 + 1])


def _drill(key, parent):
    return drill_down(key, parent, Y2014)


def test_every_key_of_the_module_is_an_aggregate_indicator():
    assert sorted(KEYS) == [
        "commitments.fulfilled",
        "commitments.items",
        "commitments.letters",
        "commitments.not_fulfilled",
    ]
    assert all(registry()[k].aggregate is not None for k in KEYS)


@pytest.mark.parametrize("key", KEYS)
def test_drilldown_is_one_query_whatever_the_number_of_children(world, key):
    _populate(world.orgs["a1"], [ReviewResult.FULFILLED, ReviewResult.NOT_FULFILLED])
    _populate(world.orgs["b1"], [ReviewResult.FULFILLED])
    _, few_queries, _ = _drill(key, world.orgs["a"])
    _add_children(world, world.orgs["a"], 4)
    many, many_queries, children = _drill(key, world.orgs["a"])
    assert few_queries == many_queries == 1
    assert len(many) == len(children) == 6
    for child in children:
        assert many[child.path] == compute(key, child, Y2014), child.name


def test_drilldown_counts_only_public_letters_and_live_items(world):
    from django.utils import timezone

    letter = _populate(world.orgs["a1"], [ReviewResult.FULFILLED, ReviewResult.NOT_FULFILLED])
    _populate(world.orgs["a2"], [ReviewResult.FULFILLED], status=LetterStatus.DRAFT)
    CommitmentItem.objects.filter(letter=letter, number=2).update(removed_at=timezone.now())
    a1, a2 = world.orgs["a1"].path, world.orgs["a2"].path
    assert _drill("commitments.items", world.orgs["a"])[0] == {a1: 1, a2: 0}
    assert _drill("commitments.letters", world.orgs["a"])[0] == {a1: 1, a2: 0}
    assert _drill("commitments.not_fulfilled", world.orgs["a"])[0] == {a1: 0, a2: 0}
