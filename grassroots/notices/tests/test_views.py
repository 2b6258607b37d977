"""Notice pages: staff list and detail, the public pages and the objection form."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from grassroots.notices import services
from grassroots.notices.forms import MIN_FILL_SECONDS, form_token
from grassroots.notices.models import Objection

pytestmark = pytest.mark.django_db


def publish(world: Any, org_key: str = "a1", n: int = 0) -> Any:
    org = world.orgs[org_key]
    return services.notice_publish(
        actor=world.users["county"],
        organization=org,
        subject=world.members[org_key] if n == 0 else org,
        purpose=f"admission.activist.{n}",
        title=f"{world.marker(org)}入党积极分子公示{n}",
        body=f"{world.marker(org)}张三，男，1990年生。\n经支部委员会研究，拟确定为入党积极分子。",
    )


def objection_data(**kw: Any) -> dict[str, Any]:
    data = {
        "content": "该同志平时表现一般，请组织核实。",
        "name": "李四",
        "contact": "13800000000",
        "website": "",
        "started": form_token(time.time() - MIN_FILL_SECONDS - 1),
    }
    data.update(kw)
    return data


def test_public_pages_need_no_login(world: Any) -> None:
    notice = publish(world)
    client = Client()
    for url in (
        reverse("notices:public_list"),
        reverse("notices:public_detail", args=[notice.pk]),
        reverse("notices:public_objection", args=[notice.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert notice.title in response.content.decode() or url.endswith("objection/")
    assert "甲一村党支部" in client.get(reverse("notices:public_list")).content.decode()


def test_public_list_query_count_is_fixed(world: Any, django_assert_max_num_queries: Any) -> None:
    for n in range(12):
        publish(world, "a1" if n % 2 else "b1", n + 1)
    client = Client()
    with django_assert_max_num_queries(3):
        response = client.get(reverse("notices:public_list"))
    assert response.content.decode().count("入党积极分子公示") == 12
    from django.test import RequestFactory

    from grassroots.notices.public_sections import render_notices

    with django_assert_max_num_queries(1):
        html = render_notices(RequestFactory().get("/"))
    assert html.count("入党积极分子公示") == 12


def test_withdrawn_notice_is_not_public(world: Any) -> None:
    notice = publish(world)
    services.notice_withdraw(actor=world.users["county"], notice=notice, reason="有误")
    assert Client().get(reverse("notices:public_detail", args=[notice.pk])).status_code == 404
    assert notice.title not in Client().get(reverse("notices:public_list")).content.decode()


def test_objection_through_the_public_form(world: Any) -> None:
    notice = publish(world)
    url = reverse("notices:public_objection", args=[notice.pk])
    response = Client().post(url, objection_data())
    assert response.status_code == 200
    objection = Objection.objects.get()
    assert objection.name == "李四" and objection.contact == "13800000000"
    assert objection.reference in response.content.decode()
    # The objector reads the answer by the reference.
    services.objection_answer(
        actor=world.users["branch_secretary"],
        objection=objection,
        investigation="已核实",
        answer="意见不属实",
    )
    lookup = Client().post(
        reverse("notices:public_objection_lookup"), {"reference": objection.reference.lower()}
    )
    assert "意见不属实" in lookup.content.decode()
    miss = Client().post(reverse("notices:public_objection_lookup"), {"reference": "XXXXXXXXXX"})
    assert "没有找到" in miss.content.decode()


def test_anonymous_objection_through_the_form(world: Any) -> None:
    notice = publish(world)
    Client().post(
        reverse("notices:public_objection", args=[notice.pk]),
        objection_data(anonymous="on", name="王五"),
    )
    objection = Objection.objects.get()
    assert objection.anonymous and objection.name == "" and objection.contact == ""


def test_named_objection_needs_a_name(world: Any) -> None:
    notice = publish(world)
    response = Client().post(
        reverse("notices:public_objection", args=[notice.pk]), objection_data(name="")
    )
    assert "请勾选“匿名提出”" in response.content.decode()
    assert not Objection.objects.exists()


@pytest.mark.parametrize(
    ("override", "message"),
    [
        (lambda: {"website": "http://spam.example"}, "提交未成功"),  # the honeypot
        (lambda: {"started": form_token(time.time())}, "提交过快"),  # sent back at once
        (lambda: {"started": form_token(time.time() - 5 * 3600)}, "已失效"),  # stale page
        (lambda: {"started": "forged"}, "已失效"),
    ],
)
def test_spam_is_refused(world: Any, override: Any, message: str) -> None:
    notice = publish(world)
    response = Client().post(
        reverse("notices:public_objection", args=[notice.pk]), objection_data(**override())
    )
    assert message in response.content.decode()
    assert not Objection.objects.exists()


def test_rate_limit_through_the_form(world: Any) -> None:
    notice = publish(world)
    url = reverse("notices:public_objection", args=[notice.pk])
    client = Client(REMOTE_ADDR="10.9.8.7")
    for _i in range(services.OBJECTION_RATE_LIMIT[0]):
        client.post(url, objection_data())
    response = client.post(url, objection_data())
    assert "一小时内最多" in response.content.decode()
    assert Objection.objects.count() == services.OBJECTION_RATE_LIMIT[0]
    Client(REMOTE_ADDR="10.9.8.8").post(url, objection_data())
    assert Objection.objects.count() == services.OBJECTION_RATE_LIMIT[0] + 1


def test_staff_list_is_scoped_with_a_fixed_query_count(
    world: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(10):
        publish(world, "a1" if n % 2 else "b1", n + 1)
    client = world.client("township")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("notices:list"))
    body = response.content.decode()
    assert body.count("入党积极分子公示") == 5 and "乙镇" not in body
    assert world.client("member").get(reverse("notices:list")).status_code == 403


def test_staff_detail_answers_an_objection(world: Any) -> None:
    notice = publish(world)
    objection = services.objection_submit(notice=notice, content="有意见", name="李四")
    client = world.client("branch_secretary")
    page = client.get(reverse("notices:detail", args=[notice.pk])).content.decode()
    assert "1 条待答复" in page and "提交答复" in page
    response = client.post(
        reverse("notices:objection_answer", args=[objection.pk]),
        {"investigation": "走访核实", "answer": "不属实"},
    )
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.answer == "不属实"
    page = client.get(reverse("notices:detail", args=[notice.pk])).content.decode()
    assert "走访核实" in page and "提交答复" not in page


def test_holiday_page_adds_a_year(world: Any) -> None:
    client = world.client("county")
    assert "2026" in client.get(reverse("notices:holidays")).content.decode()
    response = client.post(
        reverse("notices:holiday_edit"),
        {
            "year": 2027,
            "holidays": "2027-01-01 元旦\n2027-02-05 至 2027-02-11 春节",
            "workdays": "2027-02-14 春节调休上班",
            "source": "国务院办公厅通知",
        },
    )
    assert response.status_code == 302
    from grassroots.core.calendar import add_working_days, is_working_day

    assert is_working_day(add_working_days(__import__("datetime").date(2027, 2, 14), 1).end) == (
        True,
        False,
    )
    edit = client.get(reverse("notices:holiday_edit") + "?year=2027").content.decode()
    assert "2027-02-08 春节" in edit
    bad = client.post(reverse("notices:holiday_edit"), {"year": 2027, "holidays": "明天放假"})
    assert "看不懂" in bad.content.decode()


def test_subject_tags_for_other_apps(world: Any) -> None:
    from django.template import Context, Template

    notice = publish(world)
    html = Template(
        "{% load notices ballots %}{% subject_notices obj %}{% subject_ballots obj %}"
    ).render(Context({"obj": world.members["a1"]}))
    assert notice.title in html and "尚未组织投票" in html
