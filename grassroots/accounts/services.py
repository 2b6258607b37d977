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


@transaction.atomic
def otp_enroll_confirm(*, actor: User, device: Any, token: str) -> Any:
    """Confirm a new TOTP device with a code from the authenticator app."""
    if not device.verify_token(token.strip()):
        raise RuleViolation(
            _("动态口令不正确，请核对手机上的6位数字（注意时间同步）。"),
            rule="accounts.otp_invalid",
            field="token",
        )
    device.confirmed = True
    device.save()
    # One confirmed device per user: older unconfirmed ones go.
    type(device).objects.filter(user=actor, confirmed=False).exclude(pk=device.pk).delete()
    log_action(actor=actor, action="accounts.otp.enrolled", obj=actor)
    return device


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
