"""The API uses the same selectors and services as the pages."""

from __future__ import annotations

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
