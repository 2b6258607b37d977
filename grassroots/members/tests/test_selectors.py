"""Reads: scoping with dual management, search, filters at their boundaries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.test import override_settings

from grassroots.core import crypto
from grassroots.core.testing import factories
from grassroots.members import selectors
from grassroots.members.models import CommunityRegistration, MobileContact
from grassroots.members.rules import add_years
from grassroots.members.selectors import MemberFilter

pytestmark = pytest.mark.django_db


def names(qs):
    return sorted(m.name for m in qs)


def test_scope_of_each_role(world):
    assert names(selectors.member_list(actor=world.users["branch_secretary"])) == ["甲一村张三"]
    assert names(selectors.member_list(actor=world.users["township"])) == [
        "甲一村张三",
        "甲二村王五",
    ]
    assert len(names(selectors.member_list(actor=world.users["county"]))) == 3
    for role in ("leader", "member", "auditor"):
        assert names(selectors.member_list(actor=world.users[role])) == []


def test_dual_management_both_sides_see_the_mobile_member(world):
    """Managed in A1, home branch in B1: A1's roles see them, and so does B's side."""
    m = factories.member(
        organization=world.orgs["b1"], name="双管党员", managing_organization=world.orgs["a1"]
    )
    assert "双管党员" in names(selectors.member_list(actor=world.users["branch_secretary"]))
    assert selectors.member_get(actor=world.users["branch_organizer"], pk=m.pk) == m
    assert selectors.member_get(actor=world.users["township"], pk=m.pk) == m
    # The managing side sees them but may not manage their record (home side only).
    with pytest.raises(Http404):
        selectors.member_get_home(actor=world.users["branch_secretary"], pk=m.pk)
    # Managed in A2: not visible to A1, visible to A.
    other = factories.member(
        organization=world.orgs["b1"], name="别处双管", managing_organization=world.orgs["a2"]
    )
    with pytest.raises(Http404):
        selectors.member_get(actor=world.users["branch_secretary"], pk=other.pk)
    assert selectors.member_get(actor=world.users["township"], pk=other.pk) == other


def test_search_by_pinyin_and_id_number(world):
    zs = world.members["a1"]  # 甲一村张三
    county = world.users["county"]
    assert list(selectors.member_search(actor=county, query="jyczs")) == [zs]
    assert list(selectors.member_search(actor=county, query="jiayicun")) == [zs]
    assert list(selectors.member_search(actor=county, query="张三")) == [zs]
    number = crypto.decrypt(zs.id_number_encrypted)
    assert list(selectors.member_search(actor=county, query=number)) == [zs]
    assert (
        list(
            selectors.member_search(
                actor=world.users["township"],
                query=crypto.decrypt(world.members["b1"].id_number_encrypted),
            )
        )
        == []
    )


def test_zs_finds_zhang_san(world):
    factories.member(organization=world.orgs["a1"], name="张三")
    assert names(selectors.member_search(actor=world.users["branch_secretary"], query="zs")) == [
        "张三"
    ]


def test_age_band_boundary(world):
    today = dt.date(2014, 12, 31)
    exactly_35 = factories.member(
        organization=world.orgs["a1"], name="满三十五", birth=add_years(today, -35)
    )
    almost = factories.member(
        organization=world.orgs["a1"],
        name="差一天",
        birth=add_years(today, -35) + dt.timedelta(days=1),
    )
    u35 = selectors.member_list(
        actor=world.users["county"], filters=MemberFilter(age_band="u35"), today=today
    )
    band = selectors.member_list(
        actor=world.users["county"], filters=MemberFilter(age_band="35_45"), today=today
    )
    assert almost in u35 and exactly_35 not in u35
    assert exactly_35 in band and almost not in band


def test_filters(world):
    org = world.orgs["a1"]
    factories.member(
        organization=org, name="流动甲", managing_organization=world.orgs["a2"], is_frontline=True
    )
    factories.member(organization=org, name="去世乙", status="deceased")
    actor = world.users["county"]
    assert names(selectors.member_list(actor=actor, filters=MemberFilter(mobile=True))) == [
        "流动甲"
    ]
    assert names(selectors.member_list(actor=actor, filters=MemberFilter(status="deceased"))) == [
        "去世乙"
    ]
    assert "去世乙" not in names(
        selectors.member_list(actor=actor)
    )  # default: members in good standing
    assert names(selectors.member_list(actor=actor, filters=MemberFilter(frontline=True))) == [
        "流动甲"
    ]
    assert names(
        selectors.member_list(actor=actor, filters=MemberFilter(org=world.orgs["a2"]))
    ) == ["流动甲", "甲二村王五"]


@override_settings(GRASSROOTS={"MOBILE_CONTACT_MAX_DAYS": 90})
def test_overdue_contacts_boundary(world):
    today = dt.date(2014, 12, 31)
    org = world.orgs["a1"]
    never = factories.member(
        organization=org, name="从未联系", managing_organization=world.orgs["a2"]
    )
    on_edge = factories.member(
        organization=org, name="正好九十天", managing_organization=world.orgs["a2"]
    )
    late = factories.member(
        organization=org, name="九十一天", managing_organization=world.orgs["a2"]
    )
    MobileContact.objects.create(
        member=on_edge,
        contacted_on=today - dt.timedelta(days=90),
        channel="phone",
        content="x",
        contacted_by="y",
    )
    MobileContact.objects.create(
        member=late,
        contacted_on=today - dt.timedelta(days=91),
        channel="phone",
        content="x",
        contacted_by="y",
    )
    overdue = selectors.mobile_list(actor=world.users["county"], overdue_only=True, today=today)
    assert never in overdue and late in overdue and on_edge not in overdue


def test_registrations_seen_by_community_and_home(world):
    m = world.members["b1"]
    CommunityRegistration.objects.create(
        member=m, community=world.orgs["a1"], registered_on=dt.date(2014, 3, 1)
    )
    assert [
        r.member for r in selectors.registration_list(actor=world.users["branch_secretary"])
    ] == [m]
    # The member's own side (乙镇, here the county) sees the registration too.
    assert [r.member for r in selectors.registration_list(actor=world.users["county"])] == [m]
    assert list(selectors.registration_list(actor=world.users["leader"])) == []


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("z", {"张三", "赵四", "朱五"}),  # every key starting with z
        ("zs", {"张三", "赵四"}),  # initials zs (zhao si too)
        ("ZS", {"张三", "赵四"}),  # letters in any case
        ("zhang", {"张三"}),  # full pinyin prefix
        ("zhangsan", {"张三"}),
        ("zhangsanx", set()),  # longer than the key
        ("zt", set()),  # the next key after zs: no bleed across the range end
        ("zz", set()),
        ("六", {"王六"}),  # characters: anywhere in the name
    ],
)
def test_pinyin_search_is_a_prefix_of_the_keys(world, query, found):
    """Letters look up the pinyin keys by prefix (initials or full pinyin), for the
    branch's own members only; characters look anywhere in the name."""
    for name in ("张三", "赵四", "朱五", "王六"):
        factories.member(organization=world.orgs["a1"], name=name)
    factories.member(organization=world.orgs["b1"], name="张山")  # zs, outside 甲一村
    actor = world.users["branch_secretary"]
    assert {m.name for m in selectors.member_search(actor=actor, query=query)} == found
    listed = selectors.member_list(actor=actor, filters=MemberFilter(q=query))
    assert {m.name for m in listed} == found
    assert selectors.member_count(actor=actor, filters=MemberFilter(q=query)) == len(found)
