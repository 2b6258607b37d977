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
    assert response.status_code == 200 and "这些备用码只显示这一次" in response.content.decode()
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


def _entries(action):
    from grassroots.core.models import LogEntry

    return list(LogEntry.objects.filter(action_type=action).order_by("id"))


def test_logins_and_failures_are_audited_without_the_password(world, client):
    _login(client, "w_township", "Wrong-secret-99")
    [failed] = _entries("accounts.login.failed")
    assert failed.actor is None and failed.data["login"] == "w_township"
    assert failed.organization == world.orgs["a"]
    assert "Wrong-secret-99" not in str(failed.data) and "Wrong-secret-99" not in failed.sentence
    assert failed.sentence == "用户名「w_township」登录失败（密码不正确或账号停用）"
    assert failed.ip == "127.0.0.1"
    _login(client, "w_township")
    [ok] = _entries("accounts.login.succeeded")
    assert ok.actor == world.users["township"] and PASSWORD not in str(ok.data)


def test_a_lockout_is_audited(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "w_township", "wrong-password")
    assert len(_entries("accounts.login.failed")) == settings.AXES_FAILURE_LIMIT - 1
    [locked] = _entries("accounts.login.locked_out")
    assert "登录被暂时锁定" in locked.sentence and locked.data == {"login": "w_township"}


def test_failures_by_mobile_number_lock_the_username_too(world, client):
    user = world.users["township"]
    user.mobile = "13907150001"
    user.save()
    # Each attempt from another address: only the account's own counter can lock it.
    for i in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("accounts:login"),
            {"username": "13907150001", "password": "wrong-password"},
            REMOTE_ADDR=f"10.0.0.{i + 1}",
        )
    response = client.post(
        reverse("accounts:login"),
        {"username": "w_township", "password": PASSWORD},
        REMOTE_ADDR="10.0.1.1",
    )
    assert response.status_code == 429
    body = response.content.decode()
    assert "账号已暂时锁定" in body and "密码连续输错次数过多" in body


def test_failures_from_one_address_lock_every_account_tried_from_it(world, client):
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"nobody{i}", "wrong-password")
    response = _login(client, "w_leader")  # another account, the right password
    assert response.status_code == 429
    # The same account from elsewhere is not locked.
    other = client.__class__()
    ok = other.post(
        reverse("accounts:login"),
        {"username": "w_leader", "password": PASSWORD},
        REMOTE_ADDR="10.9.9.9",
    )
    assert ok.status_code == 302


def test_an_idle_session_is_signed_out(world, client, settings):
    import time

    from grassroots.accounts.middleware import IDLE_KEY

    settings.SESSION_IDLE_TIMEOUT = 1800
    _login(client, "w_township")
    assert client.get(reverse("orgs:tree")).status_code == 200
    session = client.session
    session[IDLE_KEY] = time.time() - 1700  # 28 minutes ago: still signed in
    session.save()
    assert client.get(reverse("orgs:tree")).status_code == 200
    session = client.session
    session[IDLE_KEY] = time.time() - 1801
    session.save()
    response = client.get(reverse("orgs:tree"))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "长时间未操作，已自动退出" in page


def _enrol(client, user):
    """Enrol a TOTP device through the pages; the backup codes shown once."""
    import re

    client.get(reverse("accounts:otp_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    response = client.post(reverse("accounts:otp_setup"), {"token": f"{totp.token():06d}"})
    assert response.status_code == 200
    return re.findall(r'<code class="user-select-all">(\w+)</code>', response.content.decode())


def test_backup_codes_are_shown_once_and_work_once(world, client, settings):
    settings.OTP_REQUIRED_FOR_COUNTY = True
    user = world.users["county"]
    _login(client, "w_county")
    codes = _enrol(client, user)
    assert len(codes) == 10 and len(set(codes)) == 10
    body = client.get(reverse("accounts:profile")).content.decode()
    assert "剩余 10 个备用码" in body and codes[0] not in body
    client.logout()
    _login(client, "w_county")
    response = client.post(reverse("accounts:otp_verify"), {"token": codes[0]})
    assert response.status_code == 302
    assert client.get(reverse("orgs:tree")).status_code == 200
    from grassroots.core.models import LogEntry

    used = LogEntry.objects.get(action_type="accounts.otp.backup_used")
    assert used.data == {"left": 9} and codes[0] not in str(used.data)
    client.logout()
    _login(client, "w_county")
    again = client.post(reverse("accounts:otp_verify"), {"token": codes[0]})
    assert again.status_code == 200 and "备用码" in again.content.decode()


def test_renewing_backup_codes_voids_the_old_ones(world, client, settings):
    settings.OTP_REQUIRED_FOR_COUNTY = True
    _login(client, "w_county")
    old = _enrol(client, world.users["county"])
    response = client.post(reverse("accounts:otp_backup_renew"))
    import re

    new = re.findall(r'<code class="user-select-all">(\w+)</code>', response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    client.logout()
    _login(client, "w_county")
    assert client.post(reverse("accounts:otp_verify"), {"token": new[1]}).status_code == 302
    client.logout()
    _login(client, "w_county")
    refused = client.post(reverse("accounts:otp_verify"), {"token": old[1]})
    assert refused.status_code == 200 and "动态口令不正确" in refused.content.decode()
