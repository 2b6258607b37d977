"""The API: the same flow and refusals as the pages."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from grassroots.admission.tests.helpers import Flow
from grassroots.core.testing import factories

D = dt.date
pytestmark = pytest.mark.django_db


def post(world, role: str, name: str, data: dict, **kwargs) -> object:  # type: ignore[no-untyped-def]
    return Client().post(
        reverse(f"api:{name}", kwargs=kwargs or None),
        json.dumps(data),
        content_type="application/json",
        **world.api_headers(role),
    )


def get(world, role: str, name: str, params: dict | None = None, **kwargs) -> object:  # type: ignore[no-untyped-def]
    return Client().get(
        reverse(f"api:{name}", kwargs=kwargs or None), params or {}, **world.api_headers(role)
    )


def test_flow_through_the_api(world) -> None:
    r = post(
        world,
        "branch_secretary",
        "admission_case_create",
        {
            "organization_id": world.orgs["a1"].pk,
            "name": "甲一村王芳",
            "id_number": factories.id_number(D(1995, 9, 9), female=True),
            "applied_on": "2023-01-10",
            "occupation": "worker",
            "is_frontline": True,
        },
    )
    assert r.status_code == 201, r.content
    case_id = r.json()["id"]
    assert r.json()["sex"] == "female" and r.json()["talk_due_on"] == "2023-02-10"
    r = post(
        world,
        "branch_secretary",
        "admission_case_talk",
        {"done_on": "2023-02-06", "talker": "李书记", "opinion": "好"},
        case_id=case_id,
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["talked_on"] == "2023-02-06" and body["step"] == 2
    verbs = {n["verb"]: n for n in body["next_steps"]}
    assert any("【一推荐】" in b for b in verbs["make_activist"]["blockers"])
    # Refused: no recommendation round (1443).
    r = post(
        world,
        "branch_secretary",
        "admission_case_make_activist",
        {"done_on": "2023-02-20", "source": "members", "opinion": "同意"},
        case_id=case_id,
    )
    assert r.status_code == 422
    assert r.json()["rule"] == "admission.recommendation_missing"
    assert "【一推荐】" in r.json()["detail"]
    # The committee cannot record the branch's step: 404, as for an unseen object.
    r = post(
        world,
        "township",
        "admission_case_recommend",
        {
            "held_on": "2023-01-20",
            "members_taking_part": 5,
            "members_for": 4,
            "masses_taking_part": 10,
            "masses_for": 8,
            "recommended": True,
        },
        case_id=case_id,
    )
    assert r.status_code == 404
    r = get(world, "county", "admission_case_audit", case_id=case_id)
    assert [e["action_type"] for e in r.json()][:2] == [
        "admission.case.talk",
        "admission.case.apply",
    ]


def test_api_refuses_sponsors_out_of_rule(world) -> None:
    flow = Flow(world)
    case = flow.to_candidate()
    r = post(
        world,
        "branch_secretary",
        "admission_case_assign_sponsors",
        {"done_on": "2024-03-25", "member_ids": [flow.members[0].pk]},
        case_id=case.pk,
    )
    assert r.status_code == 422 and r.json()["rule"] == "admission.sponsor_count"
    r = post(
        world,
        "branch_secretary",
        "admission_case_assign_sponsors",
        {"done_on": "2024-03-25", "member_ids": [flow.members[0].pk, world.members["b1"].pk]},
        case_id=case.pk,
    )
    assert r.status_code == 404  # a member outside the caller's scope
    r = post(
        world,
        "branch_secretary",
        "admission_case_assign_sponsors",
        {"done_on": "2024-03-25", "member_ids": [m.pk for m in flow.members[:2]]},
        case_id=case.pk,
    )
    assert r.status_code == 200 and r.json()["step_dates"]["9"] == "2024-03-25"


def test_api_decides_full_membership(world) -> None:
    flow = Flow(world)
    case = flow.to_full_meeting()
    r = post(
        world,
        "township",
        "admission_case_decide_full",
        {"done_on": "2025-05-20", "outcome": "extend", "extension_months": 13, "opinion": "延长"},
        case_id=case.pk,
    )
    assert r.status_code == 422 and r.json()["rule"] == "admission.extension_length"
    r = post(
        world,
        "township",
        "admission_case_decide_full",
        {"done_on": "2025-05-20", "outcome": "full", "opinion": "同意"},
        case_id=case.pk,
    )
    assert r.status_code == 200
    assert r.json()["full_on"] == "2025-05-06" and r.json()["state"] == "full"


def test_api_pipeline_overdue_queue_and_documents(world) -> None:
    flow = Flow(world)
    case = flow.to_activist()
    r = get(world, "township", "admission_pipeline", org_id=world.orgs["a"].pk)
    data = r.json()
    assert data["stages"][1]["open"] == 1 and data["rows"][0]["org"] == "甲一村党支部"
    assert data["overdue"]["assessments"] == 1  # no assessment since 2023
    r = get(
        world, "township", "admission_overdue", {"kind": "assessments"}, org_id=world.orgs["a"].pk
    )
    assert r.json()["items"][0]["id"] == case.pk
    r = get(world, "township", "admission_queue")
    assert {q["key"]: len(q["cases"]) for q in r.json()}["file_activist"] == 1
    r = Client().post(
        reverse("api:admission_case_document", kwargs={"case_id": case.pk}),
        {"kind": "application_letter", "file": SimpleUploadedFile("申请书.pdf", b"%PDF-1.4")},
        **world.api_headers("branch_organizer"),
    )
    assert r.status_code == 201, r.content
    assert r.json()["filename"] == "申请书.pdf"
