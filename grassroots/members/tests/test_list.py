"""The member list: every filter keeps its matches and drops the others, every sort
orders as labelled, the count agrees with the rows (dual management included), and the
page's queries are a fixed number however many members there are."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from grassroots.accounts.models import RoleAssignment, User
from grassroots.core.roles import Role
from grassroots.core.testing import factories
from grassroots.members import selectors
from grassroots.members.models import CommunityRegistration
from grassroots.members.rules import add_years
from grassroots.members.selectors import SORTS, MemberFilter

pytestmark = pytest.mark.django_db

TODAY = dt.date(2014, 12, 31)


def names(qs):
    return {m.name for m in qs}


@pytest.fixture
def people(world, extra_orgs):
    """Members that differ in exactly the attribute each filter looks at."""
    a1, a2, b1 = world.orgs["a1"], world.orgs["a2"], world.orgs["b1"]
    made = {
        "young_woman": factories.member(
            organization=a1,
            name="青年女",
            female=True,
            birth=add_years(TODAY, -30),
            joined_on=dt.date(2008, 1, 1),
            full_member_on=dt.date(2009, 1, 1),
            education="bachelor",
            occupation="professional",
            is_frontline=True,
        ),
        "old_man": factories.member(
            organization=a2,
            name="老年男",
            birth=add_years(TODAY, -70),
            joined_on=dt.date(1970, 1, 1),
            full_member_on=dt.date(1971, 1, 1),
            education="junior_high",
            occupation="retired",
            is_frontline=False,
        ),
        "mobile": factories.member(
            organization=b1,
            name="外出男",
            birth=add_years(TODAY, -40),
            managing_organization=extra_orgs["chamber"],
            mobile_since=dt.date(2012, 1, 1),
            occupation="worker",
        ),
        "in_service": factories.member(
            organization=b1,
            name="报到女",
            female=True,
            birth=add_years(TODAY, -50),
            occupation="organ_staff",
            service_community=extra_orgs["community"],
        ),
        "deceased": factories.member(
            organization=a1,
            name="去世男",
            birth=add_years(TODAY, -80),
            status="deceased",
            status_changed_on=dt.date(2013, 5, 1),
        ),
    }
    CommunityRegistration.objects.create(
        member=made["in_service"],
        community=extra_orgs["community"],
        registered_on=dt.date(2014, 3, 1),
    )
    return made


def listed(world, **filters):
    return names(
        selectors.member_list(
            actor=world.users["county"], filters=MemberFilter(**filters), today=TODAY
        )
    )


@pytest.mark.parametrize(
    ("filters", "included", "excluded"),
    [
        ({"org": "a"}, {"青年女", "老年男"}, {"外出男", "报到女", "乙镇李四"}),
        ({"status": "deceased"}, {"去世男"}, {"青年女", "老年男"}),
        ({"status": "active"}, {"青年女", "外出男"}, {"去世男"}),
        ({"status": ""}, {"去世男", "青年女"}, set()),
        ({"sex": "female"}, {"青年女", "报到女"}, {"老年男", "外出男"}),
        ({"sex": "male"}, {"老年男", "外出男"}, {"青年女", "报到女"}),
        ({"age_band": "u35"}, {"青年女"}, {"老年男", "外出男", "报到女"}),
        ({"age_band": "35_45"}, {"外出男"}, {"青年女", "报到女"}),
        ({"age_band": "46_60"}, {"报到女"}, {"外出男", "老年男"}),
        ({"age_band": "o60"}, {"老年男"}, {"青年女", "报到女"}),
        ({"education": "bachelor"}, {"青年女"}, {"老年男"}),
        ({"occupation": "retired"}, {"老年男"}, {"青年女", "外出男"}),
        ({"frontline": True}, {"青年女"}, {"老年男"}),
        ({"frontline": False}, {"老年男"}, {"青年女"}),
        ({"mobile": True}, {"外出男"}, {"青年女", "报到女"}),
        ({"mobile": False}, {"青年女", "报到女"}, {"外出男"}),
        ({"in_service": True}, {"报到女"}, {"青年女", "外出男"}),
        ({"in_service": False}, {"青年女", "外出男"}, {"报到女"}),
        ({"q": "qnn"}, {"青年女"}, {"老年男"}),
    ],
)
def test_each_filter_keeps_matches_and_drops_the_rest(world, people, filters, included, excluded):
    if filters.get("org"):
        filters["org"] = world.orgs[filters["org"]]
    found = listed(world, **filters)
    assert included <= found, found
    assert not (excluded & found), found
    # The page's count is the number of rows, whatever the filter.
    f = MemberFilter(**filters)
    actor = world.users["county"]
    assert selectors.member_count(actor=actor, filters=f, today=TODAY) == len(
        selectors.member_list(actor=actor, filters=f, today=TODAY)
    )


def test_org_filter_includes_members_managed_there(world, people, extra_orgs):
    """Dual management: a chamber's subtree lists the mobile members it manages."""
    assert listed(world, org=extra_orgs["chamber"]) == {"外出男"}


def test_count_counts_a_member_seen_from_both_sides_once(world, people):
    """The township of the home branch also manages the member: one member, counted once."""
    both = factories.member(
        organization=world.orgs["a1"], name="本镇双管", managing_organization=world.orgs["a2"]
    )
    actor = world.users["township"]
    rows = selectors.member_list(actor=actor)
    assert both in rows
    assert selectors.member_count(actor=actor) == len(rows)


def test_default_sort_is_by_pinyin_on_the_member_table(world, people):
    assert selectors.DEFAULT_SORT == "name"
    assert SORTS["name"] == ("name_pinyin", "id")
    ordered = [m.name_pinyin for m in selectors.member_list(actor=world.users["county"])]
    assert ordered == sorted(ordered)


@pytest.mark.parametrize(
    ("sort", "key", "reverse"),
    [
        ("name", lambda m: m.name_pinyin, False),
        ("-name", lambda m: m.name_pinyin, True),
        ("birth", lambda m: m.birth_date, False),
        ("-birth", lambda m: m.birth_date, True),
        ("joined", lambda m: m.joined_on, False),
        ("-joined", lambda m: m.joined_on, True),
        ("org", lambda m: m.organization.path, False),
    ],
)
def test_each_sort_orders_as_labelled(world, people, sort, key, reverse):
    rows = list(selectors.member_list(actor=world.users["county"], filters=MemberFilter(sort=sort)))
    assert len(rows) >= 5
    assert [key(m) for m in rows] == sorted((key(m) for m in rows), reverse=reverse)


def test_unknown_sort_falls_back_to_the_default(world, people):
    client = world.client("county")
    response = client.get(reverse("members:list"), {"sort": "drop table"})
    assert response.status_code == 200
    listed_names = [m.name for m in response.context["page"]]
    expected = [m.name for m in selectors.member_list(actor=world.users["county"])]
    assert listed_names == expected


def _add(org, n, prefix):
    for i in range(n):
        factories.member(organization=org, name=f"{prefix}{i}", mobile="13907150000")


@pytest.mark.parametrize(
    ("role", "expected"),
    # Session, user, roles and second-factor devices (one more lookup for roles without
    # an authenticator app), then the page's own three: the organization filter's
    # choices, the count, the 50 rows.
    [("county", 7), ("township", 8), ("branch_secretary", 8)],
)
def test_list_page_runs_a_fixed_number_of_queries(world, role, expected, django_assert_num_queries):
    """The same queries for 3 members or 120 (and a second page), filtered or not."""
    client = world.client(role)
    url = reverse("members:list")
    client.get(url)  # warm per-process caches; the first request also saves the session
    client.get(url)
    _add(world.orgs["a1"], 3, "甲一村少")
    with django_assert_num_queries(expected) as few:
        assert client.get(url).status_code == 200
    _add(world.orgs["a1"], 120, "甲一村多")
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["page"]) == 50
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(
            url, {"page": 2, "sex": "male", "age_band": "46_60", "sort": "-birth"}
        )
    assert response.status_code == 200
    assert len(response.context["page"]) > 0  # a real second page, not an empty one


def test_list_page_shows_the_count_and_labels(world, people):
    response = world.client("county").get(reverse("members:list"), {"status": "", "sort": "name"})
    body = response.content.decode()
    total = selectors.member_count(actor=world.users["county"], filters=MemberFilter(status=""))
    assert f"共 {total} 名党员" in body
    # Choice labels, not stored values, in the table.
    assert '<td class="d-none d-sm-table-cell">大学本科</td>' in body
    assert "已去世</span>" in body
    assert '<td class="d-none d-sm-table-cell">bachelor</td>' not in body


def test_unfiltered_page_shows_the_filters_it_applies(world, people):
    """The first page lists members in good standing and its status select says so, so
    that a search submitted from it keeps leaving out the deceased (not "全部")."""
    client = world.client("county")
    response = client.get(reverse("members:list"))
    body = response.content.decode()
    assert '<option value="active" selected>' in body
    assert '<option value="name" selected>' in body
    assert "去世男" not in {m.name for m in response.context["page"]}
    # What the browser submits from that page on a search.
    form = response.context["form"]
    submitted = {name: form[name].value() or "" for name in form.fields}
    submitted["q"] = "qs"  # 去世男 (qsn) and 青年女 (qnn) differ: only 去世男 matches "qs"
    response = client.get(reverse("members:list"), submitted)
    assert "去世男" not in {m.name for m in response.context["page"]}


def test_org_filter_outside_the_scope_still_finds_members_managed_there(world, people):
    """甲镇's 甲一村 member managed by the chamber (outside 甲镇): filtering 甲镇's list by
    the chamber finds them, although the chamber is not in 甲镇's scope."""
    managed = factories.member(
        organization=world.orgs["a1"],
        name="甲镇外管",
        managing_organization=people["mobile"].managing_organization,
    )
    f = MemberFilter(org=managed.managing_organization)
    actor = world.users["township"]
    rows = list(selectors.member_list(actor=actor, filters=f, today=TODAY))
    assert [m.name for m in rows] == ["甲镇外管"]  # not 外出男, homed outside 甲镇
    assert selectors.member_count(actor=actor, filters=f, today=TODAY) == 1


WALK_FILTERS = [
    {},
    {"status": ""},
    {"org": "a"},
    {"org": "a1"},
    {"sex": "female"},
    {"mobile": True},
    {"q": "qnn"},
    {"age_band": "o60"},
]


@pytest.mark.parametrize("sort", ["name", "-name"])
@pytest.mark.parametrize("filters", WALK_FILTERS)
@pytest.mark.parametrize("role", ["county", "township", "remote_secretary"])
def test_walking_the_order_index_lists_the_same_members_in_the_same_order(
    world, people, extra_orgs, role, filters, sort
):
    """The cheaper plan for a long list is the same list: same members, same order."""
    if role == "remote_secretary":  # sees the mobile members the chamber manages
        actor = User.objects.create(username="chamber_secretary", full_name="商会书记")
        RoleAssignment.objects.create(
            user=actor, role=Role.BRANCH_SECRETARY, organization=extra_orgs["chamber"]
        )
    else:
        actor = world.users[role]
    filters = dict(filters)
    if filters.get("org"):
        filters["org"] = world.orgs[filters["org"]]
    f = MemberFilter(sort=sort, **filters)
    walked = [
        m.pk for m in selectors.member_list(actor=actor, filters=f, today=TODAY, walk_order=True)
    ]
    collected = [m.pk for m in selectors.member_list(actor=actor, filters=f, today=TODAY)]
    assert walked == collected
    assert selectors.member_count(actor=actor, filters=f, today=TODAY) == len(collected)


@pytest.mark.parametrize(
    ("matching", "sort", "end", "walks"),
    [
        (100_000, "name", 50, True),  # a county's first page
        (100_000, "-name", 100_000, True),  # its last page: still no sort of everything
        (5_000, "name", 50, True),  # a township's first page: ~1,000 rows walked
        (5_000, "name", 1_500, False),  # its 30th: collect 5,000 and sort
        (104, "name", 50, False),  # a branch: a few index lookups
        (0, "name", 50, False),
        (100_000, "birth", 50, False),  # no index gives this order
    ],
)
def test_the_page_walks_the_order_index_only_when_that_is_cheaper(matching, sort, end, walks):
    from django.db import connection

    tally = selectors.MemberTally(matching=matching, table_rows=100_000)
    expected = walks and connection.vendor == "sqlite"
    assert selectors.walk_order_index(tally, sort, end) is expected


def test_a_county_page_reads_the_name_index_in_order(world, people, django_assert_num_queries):
    """On SQLite the county's page is read by walking the name index (the scope compared
    unindexed, ``+column``) and shows the same rows as the collected list."""
    from django.db import connection

    client = world.client("county")
    url = reverse("members:list")
    client.get(url)
    with django_assert_num_queries(7) as captured:
        response = client.get(url)
    page_sql = captured.captured_queries[-1]["sql"]
    walked = '+"members_member"."organization_id"' in page_sql
    assert walked is (connection.vendor == "sqlite")
    expected = [m.pk for m in selectors.member_list(actor=world.users["county"])][:50]
    assert [m.pk for m in response.context["page"]] == expected


def test_large_counts_are_written_with_thousands_separators(world, people, monkeypatch):
    """共 15,910 名党员, as the dashboard writes its figures, not 共 15910."""
    real = selectors.member_tally

    def county_sized(**kwargs):
        return selectors.MemberTally(matching=15910, table_rows=real(**kwargs).table_rows)

    monkeypatch.setattr(selectors, "member_tally", county_sized)
    body = world.client("county").get(reverse("members:list")).content.decode()
    assert "共 15,910 名党员" in body
    assert "共 15,910 条" in body  # the pagination line
