import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from grassroots.liaison import services
from grassroots.liaison.models import (
    ContactPoint,
    LeaderLevel,
    MeetingKind,
    Problem,
    ProblemCategory,
    Visit,
)
from grassroots.stats.registry import Period, compute

pytestmark = pytest.mark.django_db


def _make_point(world, org, level=LeaderLevel.COUNTY, started=dt.date(2014, 1, 1), ended=None):
    return ContactPoint.objects.create(
        leader=world.users["leader"],
        leader_level=level,
        leader_post="县委常委",
        organization=org,
        started_on=started,
        ended_on=ended,
    )


def _visit(point, day, funds=0, disputes=0):
    return Visit.objects.create(
        contact_point=point,
        visited_on=day,
        visitors="走访组",
        aid_funds_yuan=Decimal(funds),
        disputes_mediated=disputes,
    )


def test_point_list_query_count_does_not_grow(world, django_assert_max_num_queries):
    client = world.client("township")
    url = reverse("liaison:point_list")
    _make_point(world, world.orgs["a1"])
    with django_assert_max_num_queries(8) as few:
        assert client.get(url).status_code == 200
    for i in range(30):
        point = _make_point(world, world.orgs["a2"], started=dt.date(2014, 1, 1 + i % 28))
        _visit(point, dt.date(2014, 3, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200 and "甲二村党支部" in response.content.decode()


def test_problem_list_query_count_does_not_grow(world, django_assert_max_num_queries):
    client = world.client("county")
    url = reverse("liaison:problem_list") + "?state=all"
    point = _make_point(world, world.orgs["a1"])
    Problem.objects.create(
        contact_point=point, category="other", description="一", raised_on=dt.date(2014, 2, 1)
    )
    with django_assert_max_num_queries(8) as few:
        client.get(url)
    Problem.objects.bulk_create(
        [
            Problem(
                contact_point=point,
                category="other",
                description=f"问题{i}",
                raised_on=dt.date(2014, 2, 1),
            )
            for i in range(40)
        ]
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_leadership_page_query_count_does_not_grow(world, django_assert_max_num_queries):
    client = world.client("county")
    url = reverse("liaison:leadership")

    def add(i):
        services.meeting_record(
            actor=world.users["county"],
            organization=world.root,
            kind=MeetingKind.STANDING_COMMITTEE,
            held_on=dt.date(2014, 1, 1 + i),
            title=f"常委会{i}",
            topics="党建",
        )
        services.fund_record(
            actor=world.users["county"],
            organization=world.root,
            source="county_budget",
            purpose=f"经费{i}",
            amount_yuan=Decimal(1000),
            allocated_on=dt.date(2014, 2, 1),
        )

    add(0)
    with django_assert_max_num_queries(8) as few:
        client.get(url)
    for i in range(1, 20):
        add(i)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_leader_logs_a_visit_from_the_phone_form(world):
    point = _make_point(world, world.orgs["a1"])
    client = world.client("leader")
    listing = client.get(reverse("liaison:point_list")).content.decode()
    assert "我的联系点" in listing and reverse("liaison:visit_create", args=[point.pk]) in listing
    url = reverse("liaison:visit_create", args=[point.pk])
    response = client.post(
        url,
        {
            "visited_on": "2014-05-06",
            "visitors": "测试leader",
            "summary": "召开支部委员会",
            "aid_funds_yuan": "15000",
            "aid_goods_yuan": "0",
            "aid_goods_description": "",
            "disputes_mediated": "1",
            "problems-TOTAL_FORMS": "3",
            "problems-INITIAL_FORMS": "0",
            "problems-0-category": "infrastructure",
            "problems-0-description": "村部危房改造",
            "problems-0-resolution": "",
            "problems-1-category": "livelihood",
            "problems-1-description": "低保申报",
            "problems-1-resolution": "当场协调",
            "problems-2-category": "other",
            "problems-2-description": "",
            "problems-2-resolution": "",
        },
    )
    visit = Visit.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/visits/{visit.pk}/")
    assert visit.problems.count() == 2 and visit.aid_funds_yuan == 15000
    detail = client.get(response["Location"]).content.decode()
    assert "村部危房改造" in detail and "已解决" in detail


def test_a_refused_visit_shows_the_rule(world):
    point = _make_point(world, world.orgs["a1"], started=dt.date(2014, 6, 1))
    response = world.client("leader").post(
        reverse("liaison:visit_create", args=[point.pk]),
        {
            "visited_on": "2014-05-06",
            "visitors": "x",
            "aid_funds_yuan": "0",
            "aid_goods_yuan": "0",
            "disputes_mediated": "0",
            "problems-TOTAL_FORMS": "0",
            "problems-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "不在联系点的联系期内" in response.content.decode()
    assert not Visit.objects.exists()


def test_api_visit_then_resolve(world):
    point = _make_point(world, world.orgs["a1"])
    client = world.client("anon")
    headers = world.api_headers("leader")
    response = client.post(
        f"/api/v1/liaison/points/{point.pk}/visits",
        {
            "visited_on": "2014-04-01",
            "visitors": "测试leader",
            "aid_funds_yuan": "5000",
            "problems": [{"category": "funds", "description": "活动经费不足"}],
        },
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.content
    problem = Problem.objects.get()
    response = client.post(
        f"/api/v1/liaison/problems/{problem.pk}/resolve",
        {"resolved_on": "2014-03-31", "resolution": "已落实"},
        content_type="application/json",
        **headers,
    )
    assert (
        response.status_code == 422 and response.json()["rule"] == "liaison.resolved_before_raised"
    )
    listing = client.get("/api/v1/liaison/points", **headers).json()
    assert listing["count"] == 1 and listing["items"][0]["organization"] == "甲一村党支部"


def test_indicators_count_records_in_scope_and_period(world):
    a1, b1 = world.orgs["a1"], world.orgs["b1"]
    year = Period.year(2014)
    county = _make_point(world, a1)
    _make_point(world, b1, level=LeaderLevel.TOWNSHIP)
    _make_point(world, a1, level=LeaderLevel.OTHER, started=dt.date(2015, 1, 1))  # not yet
    _make_point(
        world,
        a1,
        level=LeaderLevel.COUNTY,
        started=dt.date(2012, 1, 1),
        ended=dt.date(2013, 12, 31),
    )
    _make_point(
        world, a1, level=LeaderLevel.COUNTY, started=dt.date(2012, 1, 1), ended=dt.date(2014, 1, 1)
    )
    assert compute("liaison.county_leader_points", world.root, year) == 2
    assert compute("liaison.county_leader_points", world.orgs["b"], year) == 0
    assert compute("liaison.other_level_points", world.root, year) == 1
    _visit(county, dt.date(2014, 1, 1), funds=100, disputes=2)
    _visit(county, dt.date(2014, 12, 31), funds=50, disputes=1)
    _visit(county, dt.date(2013, 12, 31), funds=1000, disputes=5)
    assert compute("liaison.aid_funds_yuan", world.root, year) == Decimal(150)
    assert compute("liaison.disputes_mediated", world.root, year) == 3
    assert compute("liaison.disputes_mediated", world.orgs["b"], year) == 0
    for raised, resolved in [
        (dt.date(2013, 11, 1), dt.date(2014, 1, 1)),  # solved in 2014: counts
        (dt.date(2013, 11, 1), dt.date(2013, 12, 31)),  # solved in 2013
        (dt.date(2014, 12, 1), None),  # still open
        (dt.date(2014, 6, 1), dt.date(2014, 12, 31)),  # counts
    ]:
        Problem.objects.create(
            contact_point=county,
            category=ProblemCategory.OTHER,
            description="x",
            raised_on=raised,
            resolved_on=resolved,
        )
    assert compute("liaison.problems_solved", world.root, year) == 2
    assert compute("liaison.problems_solved", world.root, Period.half(2014, 2)) == 1
    services.meeting_record(
        actor=world.users["county"],
        organization=world.root,
        kind=MeetingKind.SYMPOSIUM,
        held_on=dt.date(2014, 2, 1),
        title="座谈会",
        topics="意见",
        sector="village",
    )
    assert compute("leadership.symposiums", world.root, year) == 1
    assert compute("leadership.standing_committee_sessions", world.root, year) == 0
    assert compute("leadership.symposiums", world.root, Period.year(2015)) == 0
