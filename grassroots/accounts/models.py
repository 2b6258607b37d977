"""Users, their role assignments on the organization tree, and API tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from grassroots.core.roles import Role
from grassroots.core.validators import validate_mobile


class User(AbstractUser):
    """A person who logs in. Never deleted: deactivate instead."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    mobile = models.CharField(
        _("手机号"), max_length=11, unique=True, null=True, blank=True, validators=[validate_mobile]
    )
    member = models.OneToOneField(
        "members.Member",
        verbose_name=_("对应党员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="user",
    )

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def __str__(self) -> str:
        return self.display_name


class RoleAssignment(models.Model):
    """``user`` holds ``role`` on ``organization`` and its whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="role_assignments"
    )
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("组织"),
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    title = models.CharField(_("职务"), max_length=50, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(_("授予时间"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("角色授予")
        verbose_name_plural = _("角色授予")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organization"],
                condition=models.Q(revoked_at__isnull=True),
                name="unique_active_role_assignment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization}"


class ApiToken(models.Model):
    """A personal access token. The secret is shown once; only its SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(_("名称"), max_length=100)
    prefix = models.CharField(_("前缀"), max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
