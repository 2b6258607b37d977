"""The API uses the same selectors and services as the pages."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from grassroots.core.models import LogEntry
from grassroots.core.testing import factories
from grassroots.members.models import Member

pytestmark = pytest.mark.django_db


def call(world, role, method, name, data=None, **kwargs):
    from django.test import Client

    url = reverse(name, kwargs=kwargs or None)
    client = Client()
    headers = world.api_headers(role)
    if method == "GET":
        return client.get(url, data or {}, **headers)
    return client.generic(
        method, url, json.dumps(data or {}), content_type="application/json", **headers
    )


def test_list_search_and_dual_management(world):
    factories.member(
        organization=world.orgs["b1"], name="双管党员", managing_organization=world.orgs["a1"]
    )
    response = call(world, "branch_secretary", "GET", "api:member_list")
    names = sorted(m["name"] for m in response.json()["items"])
    assert names == ["双管党员", "甲一村张三"]
    assert all("*" in m["id_number_masked"] for m in response.json()["items"])
    response = call(world, "county", "GET", "api:member_search", {"q": "jyczs"})
    assert [m["name"] for m in response.json()] == ["甲一村张三"]


def test_create_and_rules_as_422(world, member_data):
    d = member_data()
    payload = {
        **d,
        "organization_id": world.orgs["a1"].pk,
        "birth_date": d["birth_date"].isoformat(),
        "joined_on": "2010-07-01",
        "full_member_on": "2011-06-30",
    }
    response = call(world, "branch_secretary", "POST", "api:member_create", payload)
    assert response.status_code == 422
    assert response.json()["rule"] == "members.probation_year"
    payload["full_member_on"] = "2011-07-01"
    response = call(world, "branch_secretary", "POST", "api:member_create", payload)
    assert response.status_code == 201, response.content
    assert Member.objects.filter(pk=response.json()["id"]).exists()


def test_status_transfer_contacts_and_reveal(world):
    m = world.members["a1"]
    r = call(
        world,
        "township",
        "POST",
        "api:member_status",
        {"new_status": "stopped", "changed_on": "2014-05-01", "reason": "批复"},
        member_id=m.pk,
    )
    assert r.status_code == 200 and r.json()["status"] == "stopped"
    other = factories.member(organization=world.orgs["a1"], name="甲一村外出")
    r = call(
        world,
        "branch_secretary",
        "POST",
        "api:member_transfer_send",
        {
            "kind": "out",
            "external_place": "武汉",
            "letter_number": "A1",
            "transfer_on": "2014-05-01",
            "dues_paid_until": "2014-04-01",
        },
        member_id=other.pk,
    )
    assert r.status_code == 201
    tid = r.json()["id"]
    r = call(
        world,
        "branch_secretary",
        "POST",
        "api:member_transfer_step",
        {},
        transfer_id=tid,
        step="approve-out",
    )
    assert r.status_code == 422 and r.json()["rule"] == "members.transfer_committee"
    r = call(
        world, "county", "POST", "api:member_transfer_step", {}, transfer_id=tid, step="approve-out"
    )
    assert r.status_code == 200 and r.json()["status"] == "completed"
    r = call(world, "county", "POST", "api:member_reveal", member_id=m.pk)
    assert r.status_code == 200 and len(r.json()["id_number"]) == 18
    assert LogEntry.objects.filter(action_type="core.personal_data.revealed").count() == 1
    mobile = factories.member(
        organization=world.orgs["b1"], name="双管", managing_organization=world.orgs["a1"]
    )
    r = call(
        world,
        "branch_organizer",
        "POST",
        "api:member_contact_create",
        {"contacted_on": "2014-05-01", "channel": "email", "content": "寄送学习材料"},
        member_id=mobile.pk,
    )
    assert r.status_code == 201
    r = call(world, "branch_organizer", "GET", "api:member_contacts", member_id=mobile.pk)
    assert [c["channel"] for c in r.json()] == ["email"]


# --- the age-band filter at its boundaries --------------------------------------------------

REFERENCE_DAY = dt.date(2014, 12, 31)
# Each band's lower bound is the birthday itself: a member is in "35_45" from the day they
# turn 35 (born 1979-12-31), still "u35" the day before (born 1980-01-01 turns 35 tomorrow).
BOUNDARY_BIRTHS = {
    "turns35": dt.date(1979, 12, 31),
    "turns35tomorrow": dt.date(1980, 1, 1),
    "turns46": dt.date(1968, 12, 31),
    "turns46tomorrow": dt.date(1969, 1, 1),
    "turns61": dt.date(1953, 12, 31),
    "turns61tomorrow": dt.date(1954, 1, 1),
}
WORLD_MEMBERS = {"甲一村张三", "乙镇李四", "甲二村王五"}  # born 1980-05-01: 34 years old


@pytest.fixture
def on_reference_day(monkeypatch):
    """The selectors' "today" (the API passes none) pinned to 2014-12-31."""
    from types import SimpleNamespace

    from grassroots.members import selectors

    monkeypatch.setattr(selectors, "timezone", SimpleNamespace(localdate=lambda: REFERENCE_DAY))


@pytest.mark.parametrize(
    ("band", "expected"),
    [
        ("u35", {"turns35tomorrow", *WORLD_MEMBERS}),
        ("35_45", {"turns35", "turns46tomorrow"}),
        ("46_60", {"turns46", "turns61tomorrow"}),
        ("o60", {"turns61"}),
    ],
)
def test_age_band_filter_at_the_birthday_boundaries(world, on_reference_day, band, expected):
    for name, birth in BOUNDARY_BIRTHS.items():
        factories.member(organization=world.orgs["a1"], name=name, birth=birth)
    response = call(world, "county", "GET", "api:member_list", {"age_band": band})
    assert response.status_code == 200, response.content
    assert {m["name"] for m in response.json()["items"]} == expected
    assert response.json()["count"] == len(expected)


def test_age_bands_cover_every_age_once(world, on_reference_day):
    for name, birth in BOUNDARY_BIRTHS.items():
        factories.member(organization=world.orgs["a1"], name=name, birth=birth)
    seen: list[str] = []
    for band in ("u35", "35_45", "46_60", "o60"):
        response = call(world, "county", "GET", "api:member_list", {"age_band": band})
        seen += [m["name"] for m in response.json()["items"]]
    assert sorted(seen) == sorted([*BOUNDARY_BIRTHS, *WORLD_MEMBERS])


def test_unknown_age_band_is_refused_in_chinese(world):
    response = call(world, "county", "GET", "api:member_list", {"age_band": "30_40"})
    assert response.status_code == 422
    assert response.json()["rule"] == "members.age_band"
    assert "年龄段「30_40」无效" in response.json()["detail"]


@pytest.mark.parametrize("payload", [{}, {"received_on": None}])
def test_receive_without_a_date_is_refused_in_chinese(
    world, transfer_to_receive, assert_not_received, payload
):
    response = call(
        world,
        "township",
        "POST",
        "api:member_transfer_step",
        payload,
        transfer_id=transfer_to_receive.pk,
        step="receive",
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": "请填写接收日期（转入支部接收该党员的日期）。",
        "rule": "members.received_on_required",
        "field": "received_on",
    }
    assert_not_received(transfer_to_receive)


def test_list_pages_by_limit_and_offset_in_a_fixed_number_of_queries(
    world, django_assert_num_queries
):
    """Every member exactly once across the pages, in name order, the count the same on
    each page, and the same queries for 3 members or 60."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from grassroots.members import selectors

    for i in range(3):
        factories.member(organization=world.orgs["a1"], name=f"甲一村少{i}")
    call(world, "county", "GET", "api:member_list")  # warm the token's caches
    with CaptureQueriesContext(connection) as few:
        call(world, "county", "GET", "api:member_list", {"limit": 10})
    for i in range(57):
        factories.member(organization=world.orgs["a2"], name=f"甲二村多{i}")
    expected = [m.pk for m in selectors.member_list(actor=world.users["county"])]
    seen = []
    for offset in range(0, len(expected), 25):
        with django_assert_num_queries(len(few.captured_queries)):
            response = call(
                world, "county", "GET", "api:member_list", {"limit": 25, "offset": offset}
            )
        body = response.json()
        assert body["count"] == len(expected)
        seen += [m["id"] for m in body["items"]]
    assert seen == expected
