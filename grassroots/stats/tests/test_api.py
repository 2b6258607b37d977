from __future__ import annotations

import json

import pytest
from django.urls import reverse

from grassroots.core.models import Job
from grassroots.stats import registry as reg


def _get(world, role, name, **kwargs):  # type: ignore[no-untyped-def]
    params = kwargs.pop("params", {})
    url = reverse(f"api:{name}", kwargs=kwargs or None)
    return world.client("anon").get(url, params, **world.api_headers(role))


@pytest.mark.django_db
def test_indicator_list_shows_availability(world) -> None:  # type: ignore[no-untyped-def]
    response = _get(world, "leader", "stats_indicators")
    assert response.status_code == 200
    items = {i["key"]: i for i in response.json()}
    assert set(reg.catalogue()) <= set(items)
    for key in reg.catalogue():
        assert items[key]["available"] == reg.available(key)
        assert items[key]["in_catalogue"]
    assert items["members.total"]["available"] and not items["members.total"]["in_catalogue"]
    assert _get(world, "member", "stats_indicators").status_code == 403


@pytest.mark.django_db
def test_values_for_an_organization_in_scope(world) -> None:  # type: ignore[no-untyped-def]
    response = _get(
        world, "township", "stats_values", org_id=world.orgs["a"].pk, params={"year": 2014}
    )
    data = response.json()
    assert data["year"] == 2014 and data["org"]["code"] == "TA"
    assert data["indicators"]["members.total"] == 2
    for key in reg.catalogue():
        assert (key in data["indicators"]) != (key in data["unavailable"])
    out = _get(world, "township", "stats_values", org_id=world.orgs["b"].pk, params={"year": 2014})
    assert out.status_code == 404


@pytest.mark.django_db
def test_children_values(world) -> None:  # type: ignore[no-untyped-def]
    response = _get(
        world,
        "county",
        "stats_children",
        org_id=world.root.pk,
        key="members.total",
        params={"year": 2014},
    )
    data = response.json()
    assert data["value"] == 3
    assert {c["code"]: c["value"] for c in data["children"]} == {"TA": 2, "OUTB": 1}


@pytest.mark.django_db
def test_start_a_report_job(world, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    url = reverse("api:stats_report_start", kwargs={"org_id": world.orgs["a1"].pk})
    client = world.client("anon")
    headers = world.api_headers("branch_secretary")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            json.dumps({"year": 2014, "format": "json"}),
            content_type="application/json",
            **headers,
        )
    assert response.status_code == 202
    job = Job.objects.get(pk=response.json()["job_id"])
    data = json.loads(job.result_file.read())
    assert data["org"]["code"] == "TA1" and data["indicators"]["members.total"] == 1
    bad = client.post(
        url, json.dumps({"year": 2014, "format": "doc"}), content_type="application/json", **headers
    )
    assert bad.status_code == 422 and bad.json()["rule"] == "stats.report_format"
