"""The county department resets a lost authenticator and deactivates logins."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from grassroots.accounts import services
from grassroots.core.errors import RuleViolation
from grassroots.core.models import LogEntry
from grassroots.core.testing.world import PASSWORD

pytestmark = pytest.mark.django_db


def _with_otp(user):
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    StaticDevice.objects.create(user=user, name="backup", confirmed=True)


def test_county_resets_a_lost_authenticator(world):
    target = world.users["township"]
    _with_otp(target)
    client = world.client("county")
    users_page = client.get(reverse("accounts:users")).content.decode()
    assert reverse("accounts:user_otp_reset", args=[target.pk]) in users_page
    response = client.post(reverse("accounts:user_otp_reset", args=[target.pk]), follow=True)
    assert "已重置「测试township」的动态口令" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=target).exists()
    assert not StaticDevice.objects.filter(user=target).exists()
    entry = LogEntry.objects.get(action_type="accounts.otp.reset")
    assert entry.sentence == "测试county 重置了「测试township」的动态口令"
    assert entry.organization == world.orgs["a"]


def test_only_the_county_resets_and_not_for_itself(world):
    target = world.users["branch_secretary"]
    _with_otp(target)
    township = world.client("township")
    assert "重置动态口令" not in township.get(reverse("accounts:users")).content.decode()
    assert township.post(reverse("accounts:user_otp_reset", args=[target.pk])).status_code == 404
    assert TOTPDevice.objects.filter(user=target).exists()
    with pytest.raises(RuleViolation, match="不能对自己的账号"):
        services.user_otp_reset(actor=world.users["county"], user=world.users["county"])
    with pytest.raises(RuleViolation, match="尚未启用动态口令"):
        services.user_otp_reset(actor=world.users["county"], user=world.users["leader"])


def test_a_deactivated_user_cannot_log_in_and_is_kept(world):
    target = world.users["leader"]
    target_client = world.client("anon")
    assert (
        target_client.post(
            reverse("accounts:login"), {"username": "w_leader", "password": PASSWORD}
        ).status_code
        == 302
    )
    county = world.client("county")
    url = reverse("accounts:user_deactivate", args=[target.pk])
    assert "停用原因" in county.get(url).content.decode()
    refused = county.post(url, {"reason": " "})
    assert refused.status_code == 200
    response = county.post(url, {"reason": "调离本县"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_active  # kept, not deleted
    entry = LogEntry.objects.get(action_type="accounts.user.deactivated")
    assert entry.sentence == "测试county 停用了「测试leader」的账号（调离本县）"
    # The open session stops working, and a new login is refused.
    assert target_client.get(reverse("orgs:tree")).status_code == 302
    again = world.client("anon").post(
        reverse("accounts:login"), {"username": "w_leader", "password": PASSWORD}
    )
    assert again.status_code == 200 and "用户名（手机号）或密码不正确" in again.content.decode()
    users_page = county.get(reverse("accounts:users")).content.decode()
    assert "已停用" in users_page


def test_deactivation_is_for_the_county_only(world):
    target = world.users["branch_secretary"]
    url = reverse("accounts:user_deactivate", args=[target.pk])
    assert world.client("township").get(url).status_code == 404
    assert world.client("township").post(url, {"reason": "x"}).status_code == 404
    target.refresh_from_db()
    assert target.is_active
