"""The pages: a flow through the UI, refusals shown on the form, fixed query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grassroots.admission.models import AdmissionCase, CaseState
from grassroots.admission.permission_matrix import _case
from grassroots.admission.tests.helpers import Flow
from grassroots.core.testing import factories

D = dt.date
pytestmark = pytest.mark.django_db


def _apply_via_ui(world, client) -> AdmissionCase:  # type: ignore[no-untyped-def]
    response = client.post(
        reverse("admission:case_create"),
        {
            "organization": world.orgs["a1"].pk,
            "name": "甲一村李红",
            "id_number": factories.id_number(D(1992, 8, 8), female=True),
            "applied_on": "2023-01-10",
            "ethnicity": "汉族",
            "occupation": "farmer",
            "is_frontline": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return AdmissionCase.objects.get(name="甲一村李红")


def test_apply_talk_and_a_refusal_through_the_pages(world) -> None:
    client = world.client("branch_secretary")
    case = _apply_via_ui(world, client)
    assert case.sex == "female" and case.birth_date == D(1992, 8, 8)
    page = client.get(reverse("admission:case_detail", args=[case.pk])).content.decode()
    assert "党组织派人谈话" in page and "接下来" in page
    response = client.post(
        reverse("admission:case_act", args=[case.pk, "talk"]),
        {"done_on": "2023-02-06", "talker": "李书记", "opinion": "动机端正"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.talked_on == D(2023, 2, 6)
    # Making an activist before the recommendation round: the form says which rule refused.
    response = client.post(
        reverse("admission:case_act", args=[case.pk, "make_activist"]),
        {"done_on": "2023-02-20", "source": "members", "opinion": "同意"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "【一推荐】" in body and "rule-refusal" in body
    case.refresh_from_db()
    assert case.state == CaseState.APPLICANT


def test_age_refusal_on_the_application_form(world) -> None:
    client = world.client("branch_secretary")
    response = client.post(
        reverse("admission:case_create"),
        {
            "organization": world.orgs["a1"].pk,
            "name": "甲一村少年",
            "id_number": factories.id_number(D(2006, 5, 20)),
            "applied_on": "2024-05-19",
            "ethnicity": "汉族",
        },
    )
    assert response.status_code == 200
    assert "【年满十八岁】" in response.content.decode()
    assert not AdmissionCase.objects.exists()


def test_case_page_of_a_full_member_shows_the_history(world) -> None:
    flow = Flow(world)
    case = flow.to_full()
    flow.upload_documents()
    client = world.client("township")
    body = client.get(reverse("admission:case_detail", args=[case.pk])).content.decode()
    for text in (
        "正式党员",
        "支部大会讨论转正",
        "2025年5月6日",
        "入党介绍人",
        "县委组织部审查",
        "关于甲一村申请人",
    ):
        assert text in body, text
    doc = case.documents.first()
    download = client.get(reverse("admission:document_download", args=[doc.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_document_upload_through_the_page(world) -> None:
    client = world.client("branch_organizer")
    case = _case(world, world.orgs["a1"])
    response = client.post(
        reverse("admission:document_upload", args=[case.pk]),
        {"kind": "application_letter", "file": SimpleUploadedFile("申请书.pdf", b"%PDF-1.4 x")},
    )
    assert response.status_code == 302
    assert case.documents.get().filename == "申请书.pdf"
    bad = client.post(
        reverse("admission:document_upload", args=[case.pk]),
        {"kind": "other", "file": SimpleUploadedFile("x.exe", b"MZ")},
        follow=True,
    )
    assert "只能上传" in bad.content.decode()


def test_publish_notice_and_prepare_ballot_from_the_case_page(world) -> None:
    client = world.client("branch_secretary")
    case = _case(world, world.orgs["a1"])
    response = client.post(
        reverse("admission:notice_publish", args=[case.pk, "activist"]), follow=True
    )
    assert "已发布公示" in response.content.decode()
    response = client.post(reverse("admission:ballot_create", args=[case.pk, "activist"]))
    assert response.status_code == 302 and "/ballots/" in response["Location"]
    from grassroots.ballots.models import Ballot

    ballot = Ballot.objects.get()
    assert ballot.include_masses and ballot.rule == "policy_majority"


def test_queue_lists_what_waits_for_the_committee(world) -> None:
    flow = Flow(world)
    flow.to_activist()  # waits for filing (step 4)
    body = world.client("township").get(reverse("admission:queue")).content.decode()
    assert "甲一村申请人" in body and "上级党委备案" in body
    county = world.client("county").get(reverse("admission:queue")).content.decode()
    assert "县委组织部审查" in county and "甲一村申请人" not in county


def test_discipline_register_bars_sponsoring(world) -> None:
    from grassroots.core import crypto

    client = world.client("township")
    member = world.members["a1"]
    response = client.post(
        reverse("admission:discipline"),
        {
            "id_number": crypto.decrypt(member.id_number_encrypted),
            "started_on": "2024-01-05",
            "months": "12",
            "decision": "甲纪发〔2024〕1号",
        },
    )
    assert response.status_code == 302
    assert member.disciplinary_probations.get().months == 12


def _many_cases(world, n: int) -> None:  # type: ignore[no-untyped-def]
    for org_key in ("a1", "a2"):
        for _i in range(n):
            _case(world, world.orgs[org_key])


@pytest.mark.parametrize("n", [3, 12])
def test_list_pages_use_a_fixed_number_of_queries(world, django_assert_max_num_queries, n) -> None:
    _many_cases(world, n)
    client = world.client("township")
    org = world.orgs["a"]
    client.get(reverse("admission:pipeline", args=[org.pk]))  # warm the session
    with django_assert_max_num_queries(13):
        assert client.get(reverse("admission:pipeline", args=[org.pk])).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(reverse("admission:case_list"), {"org": org.pk}).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("admission:overdue"), {"org": org.pk}).status_code == 200
    with django_assert_max_num_queries(13):
        assert client.get(reverse("admission:queue")).status_code == 200


def test_case_page_uses_a_fixed_number_of_queries(world, django_assert_max_num_queries) -> None:
    flow = Flow(world)
    done = flow.to_full()
    other = Flow(world)
    other.apply(birth=D(1993, 3, 3))
    waiting = other.prepare_candidate()  # guards of notices and ballots run on the page
    client = world.client("branch_secretary")
    client.get(reverse("admission:case_detail", args=[done.pk]))
    with django_assert_max_num_queries(18):
        assert client.get(reverse("admission:case_detail", args=[done.pk])).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(reverse("admission:case_detail", args=[waiting.pk])).status_code == 200


def test_leaders_and_members_cannot_see_cases(world) -> None:
    case = _case(world, world.orgs["a1"])
    for role in ("leader", "member", "auditor"):
        assert (
            world.client(role).get(reverse("admission:case_detail", args=[case.pk])).status_code
            == 404
        )
