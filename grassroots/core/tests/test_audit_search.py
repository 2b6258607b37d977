import datetime as dt

import pytest
from django.urls import reverse

from grassroots.orgs import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(world):
    services.organization_rename(
        actor=world.users["township"], org=world.orgs["a1"], name="甲一社区党支部"
    )
    services.organization_rename(
        actor=world.users["county"], org=world.orgs["b1"], name="乙镇新村党支部"
    )
    return world


def test_auditor_sees_only_their_subtree(history):
    body = history.client("auditor").get(reverse("core:audit")).content.decode()
    assert "甲一社区党支部" in body
    assert "乙镇新村党支部" not in body


def test_county_filters_by_subtree_actor_type_and_date(history):
    client = history.client("county")
    body = client.get(reverse("core:audit"), {"org": "OUTB"}).content.decode()
    assert "乙镇新村党支部" in body and "甲一社区党支部" not in body
    body = client.get(reverse("core:audit"), {"who": "测试township"}).content.decode()
    assert "甲一社区党支部" in body and "乙镇新村党支部" not in body
    body = client.get(reverse("core:audit"), {"action_type": "orgs."}).content.decode()
    assert "更名为" in body
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    body = client.get(reverse("core:audit"), {"date_from": tomorrow}).content.decode()
    assert "更名为" not in body


def test_dates_out_of_order_are_refused(history):
    body = (
        history.client("county")
        .get(reverse("core:audit"), {"date_from": "2014-12-31", "date_to": "2014-01-01"})
        .content.decode()
    )
    assert "截止日期不能早于起始日期" in body


def test_auditor_cannot_search_outside_their_subtree(history):
    body = history.client("auditor").get(reverse("core:audit"), {"org": "OUTB"}).content.decode()
    assert "不在您的审计范围内" in body
    assert "乙镇新村党支部" not in body


def test_query_count_does_not_grow(history, django_assert_max_num_queries):
    for i in range(60):
        services.organization_update(
            actor=history.users["county"], org=history.orgs["a2"], phone=f"0715-{i:04d}"
        )
    client = history.client("county")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("core:audit"))
    assert response.content.decode().count("<tr>") > 50
