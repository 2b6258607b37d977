"""Rectification through the API: evidence files download within the scope, and the
assigned leader must be a county-level leader."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grassroots.accounts.models import RoleAssignment, User
from grassroots.core.models import LogEntry
from grassroots.core.roles import Role
from grassroots.rectification import services
from grassroots.rectification.models import ActionKind, CaseStatus, RectificationCase

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
DOCX = b"PK\x03\x04" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _case(world, org_key="a1"):
    return RectificationCase.objects.create(
        organization=world.orgs[org_key],
        year=2014,
        reasons=["economy"],
        status=CaseStatus.OPEN,
        proposed_on=dt.date(2014, 3, 1),
        decided_on=dt.date(2014, 3, 20),
    )


def _action_with_file(world, case, upload, actor="county"):
    return services.action_record(
        actor=world.users[actor],
        case=case,
        kind=ActionKind.GOOD_DEED,
        occurred_on=dt.date(2014, 6, 1),
        title="为五保户修缮房屋",
        evidence="",
        evidence_file=upload,
    )


def _download(world, role, action):
    url = reverse("api:rectification_action_evidence", kwargs={"action_id": action.pk})
    return world.client("anon").get(url, **world.api_headers(role))


def test_evidence_downloads_for_readers_of_the_case(world):
    action = _action_with_file(
        world, _case(world), SimpleUploadedFile("修缮.png", PNG, "image/png")
    )
    detail = world.client("anon").get(
        reverse("api:rectification_case_detail", kwargs={"case_id": action.case_id}),
        **world.api_headers("branch_secretary"),
    )
    listed = detail.json()["actions"][0]
    assert (listed["has_file"], listed["evidence_name"]) == (True, "修缮.png")
    for role in ("county", "township", "branch_secretary", "auditor"):
        response = _download(world, role, action)
        assert response.status_code == 200, role
        assert b"".join(response.streaming_content) == PNG
        assert response["Content-Type"] == "image/png"
    assert _download(world, "member", action).status_code == 404
    assert (
        world.client("anon")
        .get(reverse("api:rectification_action_evidence", kwargs={"action_id": action.pk}))
        .status_code
        == 401
    )


def test_a_document_downloads_as_an_attachment(world):
    docx = SimpleUploadedFile(
        "村规民约.docx",
        DOCX,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    action = _action_with_file(world, _case(world), docx)
    response = _download(world, "township", action)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_evidence_outside_the_scope_or_without_a_file_is_not_found(world):
    outside = _action_with_file(
        world, _case(world, "b1"), SimpleUploadedFile("乙镇.png", PNG, "image/png")
    )
    assert _download(world, "township", outside).status_code == 404
    assert _download(world, "county", outside).status_code == 200
    no_file = services.action_record(
        actor=world.users["county"],
        case=_case(world, "a2"),
        kind=ActionKind.GOOD_DEED,
        occurred_on=dt.date(2014, 6, 1),
        title="慰问",
        evidence="慰问登记表",
    )
    assert _download(world, "county", no_file).status_code == 404


def _assign(world, case, leader):
    return world.client("anon").post(
        reverse("api:rectification_case_assign", kwargs={"case_id": case.pk}),
        json.dumps({"leader_id": leader.pk, "leader_body": "government", "leader_post": "副县长"}),
        content_type="application/json",
        **world.api_headers("county"),
    )


def test_the_api_assigns_only_a_county_level_leader(world):
    case = _case(world)
    response = _assign(world, case, world.users["leader"])  # a township's leader
    assert response.status_code == 422
    assert response.json()["rule"] == "rectification.leader_not_county"
    assert "不是县级领导干部" in response.json()["detail"]
    county_leader = User.objects.create(username="w_fxz", full_name="副县长")
    RoleAssignment.objects.create(user=county_leader, role=Role.LEADER, organization=world.root)
    response = _assign(world, case, county_leader)
    assert response.status_code == 200 and response.json()["leader"] == "副县长"
    assert LogEntry.objects.filter(action_type="rectification.case.assigned").count() == 1
