import pytest
from django.urls import reverse

from grassroots.accounts.models import RoleAssignment, User
from grassroots.core.models import LogEntry

pytestmark = pytest.mark.django_db


def test_township_creates_a_branch_secretary(world):
    client = world.client("township")
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "jiayi_sj",
            "full_name": "甲一书记",
            "password": "Strong-pass-2014",
            "role": "branch_secretary",
            "org_code": "TA1",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="jiayi_sj")
    assert user.role_assignments.get().organization == world.orgs["a1"]
    entry = LogEntry.objects.get(action_type="accounts.user.created")
    assert "支部书记" in entry.sentence and "甲一村党支部" in entry.sentence


def test_township_cannot_create_users_outside_or_county_roles(world):
    client = world.client("township")
    data = {
        "username": "x1",
        "full_name": "某",
        "password": "Strong-pass-2014",
        "role": "branch_secretary",
        "org_code": "OUTB1",
    }
    response = client.post(reverse("accounts:user_create"), data)
    assert "不在您的管理范围内" in response.content.decode()
    response = client.post(
        reverse("accounts:user_create"), {**data, "org_code": "TA", "role": "county"}
    )
    assert "无权" in response.content.decode()
    assert not User.objects.filter(username="x1").exists()


def test_weak_password_is_refused_with_the_policy(world):
    response = world.client("county").post(
        reverse("accounts:user_create"),
        {
            "username": "x2",
            "full_name": "某",
            "password": "12345678",
            "role": "member",
            "org_code": "TA1",
        },
    )
    assert response.status_code == 400
    assert not User.objects.filter(username="x2").exists()


def test_grant_and_revoke_a_role(world):
    client = world.client("county")
    client.post(
        reverse("accounts:role_grant"),
        {"username": "w_leader", "role": "leader", "org_code": "OUTB"},
    )
    assignment = RoleAssignment.objects.get(
        user=world.users["leader"], organization=world.orgs["b"]
    )
    client.post(reverse("accounts:role_revoke", args=[assignment.pk]))
    assignment.refresh_from_db()
    assert assignment.revoked_at is not None
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()  # kept, not deleted


def test_user_list_is_scoped(world):
    body = world.client("township").get(reverse("accounts:users")).content.decode()
    assert "测试branch_secretary" in body and "测试county" not in body
