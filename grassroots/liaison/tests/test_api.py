"""Recording a problem raised outside a visit (by phone, in a letter) through the API:
the point's leader or a committee above it, scoped, audited, counted once resolved."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from grassroots.core.models import LogEntry
from grassroots.liaison.models import ContactPoint, LeaderLevel, Problem
from grassroots.stats.registry import Period, compute

pytestmark = pytest.mark.django_db


def _point(world, org_key="a1", leader=None):
    return ContactPoint.objects.create(
        leader=leader or world.users["leader"],
        leader_level=LeaderLevel.TOWNSHIP,
        leader_post="镇党委副书记",
        organization=world.orgs[org_key],
        started_on=dt.date(2014, 1, 1),
    )


def _post(world, role, name, data, **kwargs):
    return world.client("anon").post(
        reverse(f"api:{name}", kwargs=kwargs),
        json.dumps(data),
        content_type="application/json",
        **world.api_headers(role),
    )


def _raise(world, role, point, **data):
    data = {
        "category": "infrastructure",
        "description": "村组公路损毁",
        "raised_on": "2014-04-02",
    } | data
    return _post(world, role, "liaison_problem_create", data, point_id=point.pk)


def test_a_leader_records_a_problem_outside_a_visit_and_resolves_it(world):
    point = _point(world)
    response = _raise(world, "leader", point)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["visit_id"], body["category"], body["resolved_on"]) == (
        None,
        "infrastructure",
        None,
    )
    problem = Problem.objects.get(pk=body["id"])
    assert problem.contact_point == point and problem.visit is None
    entry = LogEntry.objects.get(action_type="liaison.problem.added")
    assert entry.actor == world.users["leader"]
    listed = world.client("anon").get(
        reverse("api:liaison_problem_list"), {"resolved": "false"}, **world.api_headers("leader")
    )
    assert [p["id"] for p in listed.json()["items"]] == [problem.pk]
    year = Period.year(2014)
    assert compute("liaison.problems_solved", world.root, year) == 0
    resolved = _post(
        world,
        "leader",
        "liaison_problem_resolve",
        {"resolved_on": "2014-05-10", "resolution": "镇里协调资金修复"},
        problem_id=problem.pk,
    )
    assert resolved.status_code == 200
    assert compute("liaison.problems_solved", world.root, year) == 1


def test_a_committee_above_the_point_records_too(world):
    response = _raise(world, "township", _point(world))
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("data", "rule"),
    [
        ({"raised_on": "2013-12-31"}, "liaison.date_in_period"),
        ({"raised_on": "2099-01-01"}, "liaison.raised_future"),
        ({"description": "  "}, None),
        ({"category": "weather"}, None),
    ],
)
def test_a_bad_problem_is_refused_with_the_rule(world, data, rule):
    response = _raise(world, "leader", _point(world), **data)
    assert response.status_code == 422
    if rule:
        assert response.json()["rule"] == rule
    assert response.json()["detail"]
    assert not Problem.objects.exists()


def test_readers_and_other_leaders_cannot_record(world):
    point = _point(world)
    assert _raise(world, "auditor", point).status_code == 403
    assert _raise(world, "branch_secretary", point).status_code == 403
    outside = _point(world, "b1")
    assert _raise(world, "leader", outside).status_code == 404
    assert _raise(world, "township", outside).status_code == 404
    assert not Problem.objects.exists()
    assert not LogEntry.objects.filter(action_type="liaison.problem.added").exists()
