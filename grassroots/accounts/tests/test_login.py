import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from grassroots.core.testing.world import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_by_username(world, client):
    response = _login(client, "w_township")
    assert response.status_code == 302
    assert client.get(reverse("orgs:tree")).status_code == 200


def test_login_by_mobile_number(world, client):
    user = world.users["township"]
    user.mobile = "13907150001"
    user.save()
    assert _login(client, "13907150001").status_code == 302


def test_wrong_password_says_so_in_chinese(world, client):
    response = _login(client, "w_township", "wrong-password")
    assert response.status_code == 200
    assert "用户名（手机号）或密码不正确" in response.content.decode()


def test_repeated_failures_lock_the_account(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "w_township", "wrong-password")
    response = _login(client, "w_township")  # even the right password now
    assert response.status_code == 429
    assert "账号已暂时锁定" in response.content.decode()


def test_passwords_are_hashed_with_argon2_outside_tests():
    # The test profile puts a fast hasher first; every real profile uses argon2.
    assert settings.PASSWORD_HASHERS[1] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.Argon2PasswordHasher" in settings.PASSWORD_HASHERS


def test_county_admin_must_enrol_a_second_factor(world, client, settings):
    settings.OTP_REQUIRED_FOR_COUNTY = True
    _login(client, "w_county")
    response = client.get(reverse("orgs:tree"))
    assert response.status_code == 302 and reverse("accounts:otp_setup") in response["Location"]
    # The API says so too, instead of redirecting.
    assert client.get("/api/v1/orgs/").status_code == 403


def test_enrolling_and_verifying_totp(world, client, settings):
    settings.OTP_REQUIRED_FOR_COUNTY = True
    _login(client, "w_county")
    client.get(reverse("accounts:otp_setup"))
    device = TOTPDevice.objects.get(user=world.users["county"])
    bad = client.post(reverse("accounts:otp_setup"), {"token": "000000"})
    assert "动态口令不正确" in bad.content.decode()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    response = client.post(reverse("accounts:otp_setup"), {"token": f"{totp.token():06d}"})
    assert response.status_code == 302
    assert client.get(reverse("orgs:tree")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    # A later login asks for the code.
    client.logout()
    _login(client, "w_county")
    response = client.get(reverse("orgs:tree"))
    assert reverse("accounts:otp_verify") in response["Location"]


def test_second_factor_not_required_when_turned_off(world, client, settings):
    settings.OTP_REQUIRED_FOR_COUNTY = False
    _login(client, "w_county")
    assert client.get(reverse("orgs:tree")).status_code == 200


def test_session_expires(settings):
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_token_is_shown_once_and_stored_hashed(world):
    from grassroots.accounts.models import ApiToken

    client = world.client("township")
    response = client.post(reverse("accounts:token_create"), {"name": "统计对接"})
    body = response.content.decode()
    token = ApiToken.objects.get(user=world.users["township"])
    secret = body.split('data-copy="')[1].split('"')[0]
    assert secret.startswith("gr_") and secret not in token.key_hash
    assert secret not in client.get(reverse("accounts:profile")).content.decode()
    api = client.__class__()
    assert api.get("/api/v1/orgs/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200


def test_revoked_and_expired_tokens_stop_working(world):
    from grassroots.accounts.services import token_create, token_revoke

    user = world.users["township"]
    token, secret = token_create(actor=user, name="a")
    client = world.client("anon")
    assert client.get("/api/v1/orgs/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    token_revoke(actor=user, token=token)
    assert client.get("/api/v1/orgs/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    token2, secret2 = token_create(
        actor=user, name="b", expires_at=timezone.now() + dt.timedelta(seconds=1)
    )
    type(token2).objects.filter(pk=token2.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert client.get("/api/v1/orgs/", HTTP_AUTHORIZATION=f"Bearer {secret2}").status_code == 401


def test_scope_switch_changes_the_working_scope(world):
    from grassroots.accounts.services import role_grant

    user = world.users["branch_secretary"]
    second = role_grant(
        actor=world.users["county"],
        user=user,
        role="branch_secretary",
        organization=world.orgs["a2"],
    )
    client = world.client("branch_secretary")
    client.post(reverse("accounts:scope_switch"), {"assignment": second.pk})
    page = client.get(reverse("stats:dashboard")).content.decode()
    assert "甲二村党支部" in page
    # An assignment of someone else's is ignored.
    other = world.users["township"].role_assignments.get()
    response = client.post(reverse("accounts:scope_switch"), {"assignment": other.pk}, follow=True)
    assert "无法切换到该工作范围" in response.content.decode()
