"""The organization switcher: a user with several scopes works in one at a time."""

import pytest
from django.urls import reverse

from grassroots.accounts.models import RoleAssignment, User
from grassroots.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_hats(world):
    """Township committee at 甲镇 and branch secretary at 乙镇一村."""
    user = User.objects.create_user(username="two_hats", full_name="双职干部")
    first = RoleAssignment.objects.create(
        user=user, role=Role.TOWNSHIP, organization=world.orgs["a"]
    )
    second = RoleAssignment.objects.create(
        user=user, role=Role.BRANCH_SECRETARY, organization=world.orgs["b1"]
    )
    client = world.client("anon")
    client.force_login(user, backend="grassroots.accounts.backends.UsernameOrMobileBackend")
    return client, first, second


def _tree_roots(body):
    import re

    part = body.split('id="org-tree"', 1)[1]
    return re.findall(r'<div class="org-node">.*?<a href="/orgs/\d+/">([^<]+)</a>', part, re.S)


def test_the_menu_names_each_scope_with_its_role(two_hats):
    client, _first, _second = two_hats
    body = client.get(reverse("orgs:tree")).content.decode()
    assert "切换工作范围" in body
    assert "甲镇党委 <small" in body and "基层党委</small>" in body
    assert "乙镇一村党支部 <small" in body and "支部书记</small>" in body
    assert '<span class="scope-role"> · 基层党委</span>' in body  # the one in use


def test_the_tree_opens_on_the_chosen_scope(two_hats):
    client, _first, second = two_hats
    roots = _tree_roots(client.get(reverse("orgs:tree")).content.decode())
    assert roots[0] == "甲镇党委" and "甲一村党支部" in roots  # first scope, opened
    client.post(reverse("accounts:scope_switch"), {"assignment": second.pk})
    body = client.get(reverse("orgs:tree")).content.decode()
    assert _tree_roots(body)[0] == "乙镇一村党支部"
    assert '<span class="scope-role"> · 支部书记</span>' in body


def test_a_nested_scope_takes_over_the_tree_root(world):
    user = world.users["county"]
    township = RoleAssignment.objects.create(
        user=user, role=Role.TOWNSHIP, organization=world.orgs["a"]
    )
    client = world.client("county")
    assert _tree_roots(client.get(reverse("orgs:tree")).content.decode())[0] == "测试县委"
    client.post(reverse("accounts:scope_switch"), {"assignment": township.pk})
    roots = _tree_roots(client.get(reverse("orgs:tree")).content.decode())
    assert roots[0] == "甲镇党委" and "测试县委" not in roots


def test_switching_to_someone_elses_assignment_is_refused(two_hats, world):
    client, _first, _second = two_hats
    other = RoleAssignment.objects.get(user=world.users["county"])
    response = client.post(reverse("accounts:scope_switch"), {"assignment": other.pk}, follow=True)
    assert "无法切换到该工作范围" in response.content.decode()
    assert _tree_roots(client.get(reverse("orgs:tree")).content.decode())[0] == "甲镇党委"


def test_languages_are_offered_in_their_own_names(world):
    body = world.client("township").get(reverse("orgs:tree")).content.decode()
    assert ">English</button>" in body and ">简体中文</button>" in body
    assert "英语" not in body
