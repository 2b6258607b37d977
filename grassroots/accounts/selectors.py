from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from grassroots.core import scoping
from grassroots.core.roles import Role

from .models import ApiToken, RoleAssignment
from .services import hash_token


def token_for_secret(secret: str) -> ApiToken | None:
    """The live token with this secret, or None (revoked, expired, unknown)."""
    if not secret:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.expires_at and token.expires_at <= timezone.now():
        return None
    return token


def token_list(*, actor: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=actor).order_by("-created_at")


def role_assignment_list(*, actor: Any, include_revoked: bool = False) -> QuerySet[RoleAssignment]:
    """Role assignments on organizations within the actor's role-management scope."""
    qs = RoleAssignment.objects.filter(scoping.scope_q(actor, "accounts.manage_roles"))
    if not include_revoked:
        qs = qs.filter(revoked_at__isnull=True)
    return qs.select_related("user", "organization").order_by("organization__path", "role")


def requires_second_factor(user: Any) -> bool:
    from django.conf import settings

    if not getattr(user, "is_authenticated", False):
        return False
    if settings.OTP_REQUIRED_FOR_COUNTY and any(
        a.role == Role.COUNTY for a in scoping.assignments_of(user)
    ):
        return True
    from django_otp import user_has_device

    return user_has_device(user)


def user_by_login(login: str) -> Any:
    from .models import User

    login = login.strip()
    return User.objects.filter(username=login).first() or (
        User.objects.filter(mobile=login).first() if login.isdigit() else None
    )


def user_managed_get(*, actor: Any, pk: Any, permission: str = "accounts.manage_security") -> Any:
    """A user holding a role (current or past) within the actor's ``permission`` scope,
    or 404."""
    from .models import User

    assignments = RoleAssignment.objects.filter(scoping.scope_q(actor, permission)).values(
        "user_id"
    )
    return scoping.get_scoped_or_404(User.objects.filter(pk__in=assignments), pk=pk)
