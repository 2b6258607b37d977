"""Changes to users, roles, tokens and second factors."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.core import scoping
from grassroots.core.audit import log_action
from grassroots.core.errors import RuleViolation
from grassroots.core.roles import Role
from grassroots.orgs.models import Organization

from .models import ApiToken, RoleAssignment, User

TOKEN_PREFIX = "gr_"


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    password: str | None,
    full_name: str = "",
    mobile: str | None = None,
    member: Any = None,
    validate: bool = True,
    role: str | None = None,
    organization: Organization | None = None,
    title: str = "",
) -> User:
    """Create a login, optionally with its first role assignment (one audit entry)."""
    if User.objects.filter(username=username).exists():
        raise RuleViolation(
            _("用户名「%(u)s」已被使用。") % {"u": username},
            rule="accounts.username_unique",
            field="username",
        )
    if mobile and User.objects.filter(mobile=mobile).exists():
        raise RuleViolation(
            _("手机号已绑定其他用户。"), rule="accounts.mobile_unique", field="mobile"
        )
    user = User(username=username, full_name=full_name, mobile=mobile or None, member=member)
    if password:
        if validate:
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise RuleViolation(
                    " ".join(exc.messages), rule="accounts.password_policy", field="password"
                ) from exc
        user.set_password(password)
    else:
        user.set_unusable_password()
    if role is not None:
        if organization is None or role not in Role.values:
            raise ValueError("role needs an organization")
        if not _can_grant(actor, role, organization):
            raise RuleViolation(
                _("您无权在「%(org)s」授予该角色。") % {"org": organization.name},
                rule="accounts.grant_scope",
            )
    user.save()
    data: dict[str, Any] = {}
    if role is not None and organization is not None:
        RoleAssignment.objects.create(
            user=user, role=role, organization=organization, title=title, granted_by=actor or None
        )
        data = {"role": Role(role).label, "org": organization.name}
    log_action(
        actor=actor, action="accounts.user.created", obj=user, organization=organization, data=data
    )
    return user


def _can_grant(actor: Any, role: str, organization: Organization) -> bool:
    if actor is None:  # management commands and the demo loader
        return True
    if not scoping.covers(actor, "accounts.manage_roles", organization):
        return False
    # Only the county department makes county-department users and auditors.
    if role in (Role.COUNTY, Role.AUDITOR):
        return any(
            a.role == Role.COUNTY and organization.path.startswith(a.path)
            for a in scoping.assignments_of(actor)
        )
    return True


@transaction.atomic
def role_grant(
    *, actor: Any, user: User, role: str, organization: Organization, title: str = ""
) -> RoleAssignment:
    if role not in Role.values:
        raise ValueError(role)
    if not _can_grant(actor, role, organization):
        raise RuleViolation(
            _("您无权在「%(org)s」授予该角色。") % {"org": organization.name},
            rule="accounts.grant_scope",
        )
    if RoleAssignment.objects.filter(
        user=user, role=role, organization=organization, revoked_at__isnull=True
    ).exists():
        raise RuleViolation(_("该用户已拥有此角色。"), rule="accounts.role_unique")
    assignment = RoleAssignment.objects.create(
        user=user,
        role=role,
        organization=organization,
        title=title,
        granted_by=actor if actor else None,
    )
    scoping.forget(user)
    log_action(
        actor=actor,
        action="accounts.role.granted",
        obj=assignment,
        organization=organization,
        object_repr=organization.name,
        data={"user": user.display_name, "role": Role(role).label},
    )
    return assignment


@transaction.atomic
def role_revoke(*, actor: Any, assignment: RoleAssignment) -> RoleAssignment:
    assignment = (
        RoleAssignment.objects.select_for_update()
        .select_related("organization", "user")
        .get(pk=assignment.pk)
    )
    if not _can_grant(actor, assignment.role, assignment.organization):
        raise RuleViolation(_("您无权撤销该角色。"), rule="accounts.grant_scope")
    if assignment.revoked_at:
        return assignment
    assignment.revoked_at = timezone.now()
    assignment.save(update_fields=["revoked_at"])
    scoping.forget(assignment.user)
    log_action(
        actor=actor,
        action="accounts.role.revoked",
        obj=assignment,
        organization=assignment.organization,
        object_repr=assignment.organization.name,
        data={"user": assignment.user.display_name, "role": Role(assignment.role).label},
    )
    return assignment


@transaction.atomic
def token_create(
    *, actor: User, name: str, expires_at: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a personal access token. The secret is returned once and never stored."""
    name = name.strip()
    if not name:
        raise RuleViolation(
            _("请为令牌起一个名称，便于日后辨认。"), rule="accounts.token_name", field="name"
        )
    if expires_at and expires_at <= timezone.now():
        raise RuleViolation(
            _("过期时间应晚于现在。"), rule="accounts.token_expiry", field="expires_at"
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor,
        name=name,
        prefix=secret[:10],
        key_hash=hash_token(secret),
        expires_at=expires_at,
    )
    log_action(actor=actor, action="accounts.token.created", obj=token)
    return token, secret


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk, user=actor)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log_action(actor=actor, action="accounts.token.revoked", obj=token)
    return token


def token_touch(token: ApiToken) -> None:
    """Record use at most once a minute (not an audited change)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


def otp_device_pending(*, actor: User) -> Any:
    """The unconfirmed TOTP device being enrolled (created on first use). Its secret is
    not yet a credential, so this is not an audited change; confirming it is."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=actor, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=actor, name=_("身份验证器"), confirmed=False)
    return device


BACKUP_CODE_COUNT = 10


def _backup_codes_replace(user: User) -> list[str]:
    """A fresh set of one-time backup codes (备用码) for when the phone is not at hand;
    any earlier set stops working. Returned once, for the user to write down."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_("备用码"), confirmed=True)
    codes = [StaticToken.random_token() for _i in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@transaction.atomic
def otp_enroll_confirm(*, actor: User, device: Any, token: str) -> tuple[Any, list[str]]:
    """Confirm a new TOTP device with a code from the authenticator app; issue the
    backup codes, which the caller shows once."""
    if not device.verify_token(token.strip()):
        raise RuleViolation(
            _("动态口令不正确，请核对手机上的6位数字（注意时间同步）。"),
            rule="accounts.otp_invalid",
            field="token",
        )
    device.confirmed = True
    device.save()
    # One confirmed device per user: older ones (unconfirmed, or replaced) go.
    type(device).objects.filter(user=actor).exclude(pk=device.pk).delete()
    codes = _backup_codes_replace(actor)
    log_action(
        actor=actor, action="accounts.otp.enrolled", obj=actor, data={"backup_count": len(codes)}
    )
    return device, codes


@transaction.atomic
def otp_backup_codes_renew(*, actor: User) -> list[str]:
    """Replace the actor's backup codes (the old ones stop working)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not TOTPDevice.objects.filter(user=actor, confirmed=True).exists():
        raise RuleViolation(
            _("请先启用动态口令，再生成备用码。"), rule="accounts.otp_backup_needs_totp"
        )
    codes = _backup_codes_replace(actor)
    log_action(actor=actor, action="accounts.otp.backup_renewed", obj=actor)
    return codes


@transaction.atomic
def otp_backup_code_used(*, actor: User) -> None:
    """Record that the actor passed the second factor with a backup code (it is spent)."""
    from django_otp.plugins.otp_static.models import StaticToken

    left = StaticToken.objects.filter(device__user=actor).count()
    log_action(actor=actor, action="accounts.otp.backup_used", obj=actor, data={"left": left})


def _require_security_admin(actor: Any, user: User) -> None:
    """Only the county organization department resets second factors and deactivates
    logins, and only of users whose roles lie within its scope."""
    if actor is not None and getattr(actor, "pk", None) == user.pk:
        raise RuleViolation(
            _("不能对自己的账号执行此操作，请由其他管理员办理。"), rule="accounts.not_self"
        )
    orgs = list(Organization.objects.filter(role_assignments__user=user).distinct())
    allowed = (
        any(scoping.covers(actor, "accounts.manage_security", org) for org in orgs)
        if orgs
        else scoping.has_permission_anywhere(actor, "accounts.manage_security")
    )
    if actor is not None and not allowed:
        raise RuleViolation(_("只有县委组织部管理员可以办理此项。"), rule="accounts.security_admin")


@transaction.atomic
def user_otp_reset(*, actor: Any, user: User) -> User:
    """Remove a user's authenticator and backup codes (lost phone): at the next login
    the user enrols a new one. The user's sessions that passed the old factor end."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = User.objects.select_for_update().get(pk=user.pk)
    _require_security_admin(actor, user)
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    StaticDevice.objects.filter(user=user).delete()
    if not removed:
        raise RuleViolation(
            _("「%(name)s」尚未启用动态口令，无需重置。") % {"name": user.display_name},
            rule="accounts.otp_none",
        )
    log_action(
        actor=actor,
        action="accounts.otp.reset",
        obj=user,
        organization=_home_organization(user),
    )
    return user


@transaction.atomic
def user_deactivate(*, actor: Any, user: User, reason: str) -> User:
    """Stop a login (离岗、调离): it can no longer sign in, its sessions and API tokens
    stop working, and its roles no longer grant anything. The record and its history
    stay; nothing is deleted."""
    user = User.objects.select_for_update().get(pk=user.pk)
    _require_security_admin(actor, user)
    if not reason.strip():
        raise RuleViolation(
            _("停用账号须写明原因。"), rule="accounts.deactivate_reason", field="reason"
        )
    if not user.is_active:
        raise RuleViolation(
            _("「%(name)s」的账号已经停用。") % {"name": user.display_name},
            rule="accounts.already_inactive",
        )
    user.is_active = False
    user.save(update_fields=["is_active"])
    scoping.forget(user)
    log_action(
        actor=actor,
        action="accounts.user.deactivated",
        obj=user,
        organization=_home_organization(user),
        data={"reason": reason.strip()},
        changes={"is_active": [True, False]},
    )
    return user


@transaction.atomic
def password_change(*, actor: User, old_password: str, new_password: str) -> User:
    if not actor.check_password(old_password):
        raise RuleViolation(_("原密码不正确。"), rule="accounts.password_old", field="old_password")
    try:
        validate_password(new_password, actor)
    except ValidationError as exc:
        raise RuleViolation(
            " ".join(exc.messages), rule="accounts.password_policy", field="new_password"
        ) from exc
    actor.set_password(new_password)
    actor.save(update_fields=["password"])
    log_action(actor=actor, action="accounts.password.changed", obj=actor)
    return actor


def _home_organization(user: User | None) -> Organization | None:
    """The organization a user's login events are filed under (their first role's), so
    an auditor of that subtree finds them."""
    if user is None:
        return None
    assignment = (
        RoleAssignment.objects.filter(user=user, revoked_at__isnull=True)
        .select_related("organization")
        .order_by("id")
        .first()
    )
    return assignment.organization if assignment else None


@transaction.atomic
def login_record(*, user: User, login: str) -> None:
    """Audit a successful password login (``login`` as typed: username or mobile)."""
    log_action(
        actor=user,
        action="accounts.login.succeeded",
        obj=user,
        organization=_home_organization(user),
        data={"via": "mobile" if login.strip() != user.username else "username"},
    )


@transaction.atomic
def login_failure_record(*, login: str, locked: bool) -> None:
    """Audit a refused login, by an anonymous actor. The password never reaches the log;
    the login name is stored as the canonical username when it names a user."""
    from .selectors import user_by_login

    user = user_by_login(login) if login.strip() else None
    log_action(
        actor=None,
        action="accounts.login.locked_out" if locked else "accounts.login.failed",
        obj=user,
        organization=_home_organization(user),
        object_repr=user.username if user else login.strip()[:150],
        data={"login": user.username if user else login.strip()[:150]},
    )
