"""Pages: the list's query budget, masking, forms through the services, self-service."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from grassroots.core import crypto
from grassroots.core.models import Job, LogEntry
from grassroots.core.testing import factories
from grassroots.members.models import Member

pytestmark = pytest.mark.django_db


def _members(org, n, prefix):
    for i in range(n):
        factories.member(
            organization=org, name=f"{prefix}{i}", mobile="13907150000", managing_organization=None
        )


@pytest.mark.parametrize("role", ["county", "branch_secretary"])
def test_list_query_count_does_not_grow(world, role, django_assert_max_num_queries):
    client = world.client(role)
    url = reverse("members:list")
    client.get(url)  # warm caches (content types, sessions)
    _members(world.orgs["a1"], 3, "甲一村少")
    with django_assert_max_num_queries(9) as few:
        assert client.get(url).status_code == 200
    _members(world.orgs["a1"], 60, "甲一村多")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, {"sort": "name", "mobile": "0", "age_band": "35_45"})
    assert response.status_code == 200


def test_list_masks_id_numbers_and_phones(world):
    factories.member(organization=world.orgs["a1"], name="甲一村有手机", mobile="13907151234")
    response = world.client("county").get(reverse("members:list"))
    body = response.content.decode()
    number = crypto.decrypt(world.members["a1"].id_number_encrypted)
    assert "甲一村张三" in body
    assert number not in body
    assert "139****1234" in body and "13907151234" not in body


def test_detail_masks_until_revealed_and_reveal_is_audited(world):
    m = world.members["a1"]
    number = crypto.decrypt(m.id_number_encrypted)
    client = world.client("township")
    body = client.get(reverse("members:detail", args=[m.pk])).content.decode()
    assert m.id_number_masked in body and number not in body
    body = client.post(reverse("members:reveal", args=[m.pk])).content.decode()
    assert number in body
    assert (
        LogEntry.objects.filter(
            action_type="core.personal_data.revealed", object_id=str(m.pk)
        ).count()
        == 1
    )
    # A branch secretary sees the masked number and cannot reveal it.
    body = (
        world.client("branch_secretary")
        .get(reverse("members:detail", args=[m.pk]))
        .content.decode()
    )
    assert "查看完整号码" not in body
    assert (
        world.client("branch_secretary").post(reverse("members:reveal", args=[m.pk])).status_code
        == 403
    )


def test_member_role_sees_only_their_own_record(world):
    client = world.client("member")
    response = client.get(reverse("members:me"))
    assert response.status_code == 200
    assert "甲一村张三" in response.content.decode()
    assert client.get(reverse("members:list")).status_code == 403
    assert client.get(reverse("members:detail", args=[world.members["a1"].pk])).status_code == 404


def test_create_form_shows_rule_in_chinese(world, member_data):
    client = world.client("branch_secretary")
    d = member_data(full_member_on=dt.date(2011, 6, 30))
    post = {k: v for k, v in d.items() if v not in (None, False)}
    post.update(organization=world.orgs["a1"].pk, status="full", ethnicity="汉族")
    response = client.post(reverse("members:create"), post)
    assert response.status_code == 200
    assert "预备期满" in response.content.decode()
    post["full_member_on"] = "2011-07-01"
    response = client.post(reverse("members:create"), post)
    assert response.status_code == 302
    assert Member.objects.filter(name="王小明", organization=world.orgs["a1"]).exists()


def test_status_form_and_transfer_form(world):
    m = world.members["a1"]
    client = world.client("township")
    response = client.post(
        reverse("members:status", args=[m.pk]),
        {"new_status": "stopped", "changed_on": "2014-05-01", "reason": "批复"},
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.status == "stopped"
    other = factories.member(organization=world.orgs["a1"], name="甲一村转出")
    response = client.post(
        reverse("members:transfer_send", args=[other.pk]),
        {
            "kind": "out",
            "external_place": "武汉",
            "letter_number": "A-1",
            "transfer_on": "2014-05-01",
            "dues_paid_until": "2014-04",
        },
    )
    assert response.status_code == 302
    transfer = other.transfers.get()
    assert transfer.dues_paid_until == dt.date(2014, 4, 1)
    response = client.post(
        reverse("members:transfer_act", args=[transfer.pk]), {"action": "approve_out"}
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.status == "transferred_out"


def test_dual_managed_member_page_for_managing_branch(world):
    m = factories.member(
        organization=world.orgs["b1"],
        name="双管党员",
        managing_organization=world.orgs["a1"],
        mobile_destination="广州",
    )
    client = world.client("branch_secretary")
    body = client.get(reverse("members:detail", args=[m.pk])).content.decode()
    assert "双联双管" in body and "登记联系" in body
    assert client.get(reverse("members:edit", args=[m.pk])).status_code == 404
    response = client.post(
        reverse("members:contact_create", args=[m.pk]),
        {
            "contacted_on": "2014-05-01",
            "channel": "phone",
            "content": "问候",
            "contacted_by": "书记",
        },
    )
    assert response.status_code == 302
    assert m.contacts.count() == 1


def test_export_is_masked_stamped_and_audited(world, django_capture_on_commit_callbacks):
    client = world.client("branch_secretary")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:export") + "?status=", {"columns": ["name", "id_number", "mobile"]}
        )
    assert response.status_code == 302
    job = Job.objects.get(kind="core.export")
    assert job.status == "succeeded", job.result
    wb = load_workbook(io.BytesIO(job.result_file.read()))
    rows = list(wb.active.iter_rows(values_only=True))
    assert "导出人：测试branch_secretary" in rows[0][0]
    assert rows[1] == ("姓名", "公民身份号码", "手机号")
    assert rows[2][0] == "甲一村张三"
    assert rows[2][1] == world.members["a1"].id_number_masked
    assert len(rows) == 3  # only the branch's own member
    entry = LogEntry.objects.get(action_type="core.personal_data.exported")
    assert entry.data["rows"] == 1


def test_export_reveals_for_county(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        world.client("county").post(reverse("members:export"), {"columns": ["name", "id_number"]})
    job = Job.objects.get(kind="core.export")
    rows = list(
        load_workbook(io.BytesIO(job.result_file.read())).active.iter_rows(values_only=True)
    )
    numbers = {r[1] for r in rows[2:]}
    assert crypto.decrypt(world.members["a1"].id_number_encrypted) in numbers


def test_receive_page_without_a_date_shows_the_rule_and_changes_nothing(
    world, transfer_to_receive, assert_not_received
):
    response = world.client("township").post(
        reverse("members:transfer_act", args=[transfer_to_receive.pk]),
        {"action": "receive", "received_on": ""},
    )
    assert response.status_code == 200
    assert "请填写接收日期（转入支部接收该党员的日期）。" in response.content.decode()
    assert_not_received(transfer_to_receive)
