import pytest
from django.urls import reverse

from grassroots.orgs.bulk import TreeBuilder
from grassroots.orgs.models import Organization, OrgKind

pytestmark = pytest.mark.django_db


def _many_branches(parent, n):
    tb = TreeBuilder()
    for i in range(n):
        tb.add(parent, name=f"甲镇第{i}村党支部", code=f"TAX{i}", kind=OrgKind.BRANCH)
    tb.save()


@pytest.mark.parametrize("n", [5, 300])
def test_children_fragment_has_a_fixed_query_count(world, django_assert_max_num_queries, n):
    _many_branches(world.orgs["a"], n)
    client = world.client("township")
    with django_assert_max_num_queries(8):
        response = client.get(
            reverse("orgs:children", args=[world.orgs["a"].pk]), HTTP_HX_REQUEST="true"
        )
    body = response.content.decode()
    assert body.count('class="org-node"') == min(n + 2, 200)
    if n + 2 > 200:
        assert "下级组织较多" in body


@pytest.mark.parametrize("n", [5, 300])
def test_detail_page_has_a_fixed_query_count(world, django_assert_max_num_queries, n):
    _many_branches(world.orgs["a"], n)
    client = world.client("township")
    with django_assert_max_num_queries(16):
        response = client.get(reverse("orgs:detail", args=[world.orgs["a"].pk]))
    assert response.status_code == 200


def test_search_by_pinyin_initials(world):
    client = world.client("county")
    response = client.get(reverse("orgs:search"), {"q": "jycdzb"}, HTTP_HX_REQUEST="true")
    assert "甲一村党支部" in response.content.decode()
    response = client.get(reverse("orgs:search"), {"q": "yizhen"}, HTTP_HX_REQUEST="true")
    assert "乙镇党委" in response.content.decode()


def test_breadcrumbs_show_only_ancestors_in_scope(world):
    body = (
        world.client("branch_secretary")
        .get(reverse("orgs:detail", args=[world.orgs["a1"].pk]))
        .content.decode()
    )
    assert "甲镇党委" not in body  # above the secretary's scope
    body = (
        world.client("county")
        .get(reverse("orgs:detail", args=[world.orgs["a1"].pk]))
        .content.decode()
    )
    assert "测试县委" in body and "甲镇党委" in body


def test_refusal_is_shown_on_the_form(world):
    client = world.client("township")
    response = client.post(
        reverse("orgs:create", args=[world.orgs["a1"].pk]),
        {"name": "错误支部", "code": "ZZ", "kind": OrgKind.BRANCH, "sector": "village"},
    )
    assert response.status_code == 200
    assert "下不能设立党支部" in response.content.decode()
    assert not Organization.objects.filter(code="ZZ").exists()


def test_create_rename_move_dissolve_from_the_ui(world):
    client = world.client("county")
    response = client.post(
        reverse("orgs:create", args=[world.orgs["a"].pk]),
        {"name": "甲三村党支部", "code": "TA3", "kind": OrgKind.BRANCH, "sector": "village"},
    )
    org = Organization.objects.get(code="TA3")
    assert response.status_code == 302
    client.post(
        reverse("orgs:edit", args=[org.pk]), {"name": "甲三村联合党支部", "sector": "village"}
    )
    client.post(reverse("orgs:move", args=[org.pk]), {"new_parent": "OUTB"})
    response = client.post(
        reverse("orgs:dissolve", args=[org.pk]), {"dissolved_on": "2014-12-31", "reason": "撤并"}
    )
    org.refresh_from_db()
    assert (
        org.name == "甲三村联合党支部"
        and org.path.startswith(world.orgs["b"].path)
        and not org.is_active
    )
    detail = client.get(reverse("orgs:detail", args=[org.pk])).content.decode()
    for sentence in ("创建了组织", "更名为", "调整到「乙镇党委」之下", "撤销了组织"):
        assert sentence in detail


def test_move_to_a_parent_outside_scope_says_so(world):
    client = world.client("township")
    response = client.post(reverse("orgs:move", args=[world.orgs["a1"].pk]), {"new_parent": "OUTB"})
    assert "不在您的管理范围内" in response.content.decode()
