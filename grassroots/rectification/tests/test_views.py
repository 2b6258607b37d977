import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grassroots.orgs.bulk import TreeBuilder
from grassroots.orgs.models import OrgKind, Sector
from grassroots.rectification.models import (
    Action,
    ActionKind,
    CaseStatus,
    Heading,
    RectificationCase,
)

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _case(org, status=CaseStatus.OPEN, year=2014):
    return RectificationCase.objects.create(
        organization=org,
        year=year,
        reasons=["economy"],
        status=status,
        proposed_on=dt.date(2014, 3, 1),
        decided_on=dt.date(2014, 3, 20),
    )


def test_case_list_query_count_does_not_grow(world, django_assert_max_num_queries):
    client = world.client("township")
    url = reverse("rectification:case_list") + "?year=2014"
    case = _case(world.orgs["a1"])
    Action.objects.create(
        case=case,
        heading=Heading.CONFLICTS,
        kind=ActionKind.COORDINATION_MEETING,
        occurred_on=dt.date(2014, 5, 1),
        title="协调会",
        evidence="纪要",
    )
    with django_assert_max_num_queries(10) as few:
        assert client.get(url).status_code == 200
    tb = TreeBuilder()
    villages = [
        tb.add(
            world.orgs["a"],
            name=f"甲{i}村党支部",
            code=f"TAX{i}",
            kind=OrgKind.BRANCH,
            sector=Sector.VILLAGE,
        )
        for i in range(25)
    ]
    tb.save()
    for v in villages:
        _case(v)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert "甲24村党支部" in response.content.decode()


def test_case_detail_query_count_does_not_grow(world, django_assert_max_num_queries):
    client = world.client("county")
    case = _case(world.orgs["a1"])
    url = reverse("rectification:case_detail", args=[case.pk])
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    Action.objects.bulk_create(
        [
            Action(
                case=case,
                heading=Heading.DEVELOPMENT,
                kind=ActionKind.GOOD_DEED,
                occurred_on=dt.date(2014, 6, 1),
                title=f"好事{i}",
                evidence="台账",
            )
            for i in range(30)
        ]
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "好事29" in client.get(url).content.decode()


def test_recording_an_action_with_a_photo_and_downloading_it(world):
    case = _case(world.orgs["a1"])
    client = world.client("township")
    url = reverse("rectification:action_create", args=[case.pk, "development"])
    form = client.get(url).content.decode()
    assert "落实帮扶资金" in form and "调整村党支部书记" not in form
    response = client.post(
        url,
        {
            "kind": "good_deed",
            "occurred_on": "2014-06-01",
            "title": "为五保户修缮房屋",
            "evidence": "",
            "evidence_file": SimpleUploadedFile("修缮.png", PNG, "image/png"),
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    download = reverse("rectification:action_evidence", args=[action.pk])
    got = client.get(download)
    assert got.status_code == 200 and b"".join(got.streaming_content) == PNG
    assert got["Content-Type"] == "image/png"
    assert world.client("member").get(download).status_code == 404
    other = _case(world.orgs["b1"])
    outside = Action.objects.create(
        case=other,
        heading=Heading.DEVELOPMENT,
        kind=ActionKind.GOOD_DEED,
        occurred_on=dt.date(2014, 6, 1),
        title="乙镇好事",
        evidence="",
        evidence_file=action.evidence_file.name,
        evidence_type="image/png",
    )
    assert (
        client.get(reverse("rectification:action_evidence", args=[outside.pk])).status_code == 404
    )


def test_the_subsidy_form_shows_the_rule(world):
    case = _case(world.orgs["a1"])
    response = world.client("township").post(
        reverse("rectification:action_create", args=[case.pk, "conditions"]),
        {
            "kind": "service_centre_subsidy",
            "occurred_on": "2014-06-01",
            "title": "以奖代补",
            "amount_yuan": "75000",
            "evidence": "拨款凭证",
        },
    )
    assert response.status_code == 200
    assert "3万元至7万元" in response.content.decode()
    assert not Action.objects.exists()


def test_unknown_heading_is_404(world):
    case = _case(world.orgs["a1"])
    url = reverse("rectification:action_create", args=[case.pk, "nothing"])
    assert world.client("county").get(url).status_code == 404


def test_api_records_an_action(world):
    case = _case(world.orgs["a1"])
    response = world.client("anon").post(
        f"/api/v1/rectification/cases/{case.pk}/actions",
        {
            "kind": "service_centre_subsidy",
            "occurred_on": "2014-07-01",
            "title": "以奖代补",
            "amount_yuan": "29999",
            "evidence": "凭证",
        },
        content_type="application/json",
        **world.api_headers("county"),
    )
    assert response.status_code == 422 and response.json()["rule"] == "rectification.subsidy_range"
    detail = (
        world.client("anon")
        .get(f"/api/v1/rectification/cases/{case.pk}", **world.api_headers("township"))
        .json()
    )
    assert detail["organization"] == "甲一村党支部" and detail["actions"] == []


def test_year_summary_counts_cases_not_their_actions(world):
    from grassroots.rectification.selectors import year_summary

    case = _case(world.orgs["a1"])
    _case(world.orgs["a2"], status=CaseStatus.RECTIFIED)
    _case(world.orgs["b1"])  # outside the township's scope
    Action.objects.bulk_create(
        [
            Action(
                case=case,
                heading=Heading.DEVELOPMENT,
                kind=ActionKind.AID_FUNDS,
                occurred_on=dt.date(2014, 6, 1),
                title="资金",
                amount_yuan=1000,
                evidence="凭证",
            )
            for _ in range(5)
        ]
    )
    summary = year_summary(actor=world.users["township"], year=2014)
    assert summary["by_status"] == {CaseStatus.OPEN: 1, CaseStatus.RECTIFIED: 1}
    assert summary["by_kind"][ActionKind.AID_FUNDS]["n"] == 5
    assert summary["by_kind"][ActionKind.AID_FUNDS]["amount"] == 5000
    body = world.client("township").get(reverse("rectification:case_list")).content.decode()
    assert "2014年" in body
