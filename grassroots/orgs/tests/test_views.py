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
    assert body.count('class="org-node"') == min(n + 2, 100)
    assert ("加载更多" in body) == (n + 2 > 100)


def _load_all_children(client, parent):
    """Follow the "load more" buttons to the end; the names seen, and queries per page."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("orgs:children", args=[parent.pk])
    names, counts = [], []
    while url:
        with CaptureQueriesContext(connection) as ctx:
            body = client.get(url, HTTP_HX_REQUEST="true").content.decode()
        counts.append(len(ctx.captured_queries))
        names += re.findall(r'<a href="/orgs/\d+/">([^<]+)</a>', body)
        more = re.search(r'hx-get="([^"]+\?after=[^"]+)"', body)
        url = more.group(1).replace("&amp;", "&") if more else ""
    return names, counts


def test_children_load_page_by_page_without_gaps(world, monkeypatch):
    from grassroots.orgs import views

    monkeypatch.setattr(views, "CHILDREN_PAGE", 7)
    _many_branches(world.orgs["a"], 30)
    names, counts = _load_all_children(world.client("township"), world.orgs["a"])
    expected = list(
        Organization.objects.filter(path__startswith=world.orgs["a"].path, depth=3)
        .order_by("path")
        .values_list("name", flat=True)
    )
    assert names == expected and len(names) == 32
    assert len(counts) == 5 and len(set(counts)) == 1  # every page costs the same


def test_tree_page_loads_more_after_the_first_page(world, monkeypatch):
    from grassroots.orgs import views

    monkeypatch.setattr(views, "CHILDREN_PAGE", 1)
    body = world.client("county").get(reverse("orgs:tree")).content.decode()
    assert "甲镇党委" in body and "乙镇党委" not in body
    assert "加载更多「测试县委」的下级组织" in body


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


def test_township_records_a_branch_secretary_from_its_members(world):
    from grassroots.core.models import LogEntry

    a1, member = world.orgs["a1"], world.members["a1"]
    client = world.client("township")
    detail = client.get(reverse("orgs:detail", args=[a1.pk])).content.decode()
    assert reverse("orgs:secretary", args=[a1.pk]) in detail
    page = client.get(reverse("orgs:secretary", args=[a1.pk])).content.decode()
    assert "甲一村张三" in page and "乙镇李四" not in page and "甲二村王五" not in page
    response = client.post(reverse("orgs:secretary", args=[a1.pk]), {"member": member.pk})
    assert response.status_code == 302
    a1.refresh_from_db()
    assert a1.secretary == member
    entry = LogEntry.objects.get(action_type="orgs.organization.secretary_set")
    assert entry.sentence == "测试township 将「甲一村张三」设为「甲一村党支部」书记"
    # A member of another branch is not among the choices: the form refuses it.
    refused = client.post(
        reverse("orgs:secretary", args=[a1.pk]), {"member": world.members["a2"].pk}
    )
    assert refused.status_code == 200 and "甲二村王五" not in refused.content.decode()
    a1.refresh_from_db()
    assert a1.secretary == member
    # Vacant again.
    client.post(reverse("orgs:secretary", args=[a1.pk]), {"member": ""})
    a1.refresh_from_db()
    assert a1.secretary is None


def test_a_branch_cannot_record_its_own_secretary(world):
    a1 = world.orgs["a1"]
    assert (
        world.client("branch_secretary").get(reverse("orgs:secretary", args=[a1.pk])).status_code
        == 404
    )
    # The township cannot name its own secretary either: the county does.
    a = world.orgs["a"]
    assert world.client("township").get(reverse("orgs:secretary", args=[a.pk])).status_code == 404


def test_secretary_page_query_count_is_fixed(world, django_assert_max_num_queries):
    from grassroots.core.testing import factories

    for i in range(20):
        factories.member(organization=world.orgs["a1"], name=f"甲一村党员{i}")
    client = world.client("township")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("orgs:secretary", args=[world.orgs["a1"].pk]))
    assert response.content.decode().count("<option") == 22  # 21 members and "vacant"


def test_secretary_search_narrows_the_choices(world):
    from grassroots.core.testing import factories

    factories.member(organization=world.orgs["a1"], name="甲一村李红")
    body = (
        world.client("township")
        .get(reverse("orgs:secretary", args=[world.orgs["a1"].pk]), {"q": "李红"})
        .content.decode()
    )
    assert "甲一村李红" in body and "甲一村张三" not in body
