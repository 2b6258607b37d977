"""Public notices (公示) and the objections (异议) raised against them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NoticeStatus(models.TextChoices):
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


class Notice(models.Model):
    """A public notice of a subject (a candidate, a commitment letter ...) that anyone may
    read and object to for ``working_days`` working days, ``starts_on`` to ``ends_on``
    inclusive. The subject's workflow waits until the period is over and every
    objection is answered (:func:`grassroots.notices.selectors.require_notice_cleared`)."""

    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("公示单位"),
        on_delete=models.PROTECT,
        related_name="notices",
    )
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(max_length=64)
    subject = GenericForeignKey("subject_type", "subject_id")
    purpose = models.CharField(_("公示事项"), max_length=64, db_index=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("公示内容"))
    starts_on = models.DateField(_("公示开始日期"))
    ends_on = models.DateField(_("公示截止日期"))
    working_days = models.PositiveSmallIntegerField(_("公示期（工作日）"))
    provisional = models.BooleanField(_("截止日期为临时结果"), default=False)
    provisional_note = models.CharField(_("说明"), max_length=300, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=NoticeStatus.choices, default=NoticeStatus.PUBLISHED
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤回人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("撤回原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        ordering = ["-starts_on", "-id"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id", "purpose"]),
            models.Index(fields=["status", "ends_on"]),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open_on(self, day: dt.date) -> bool:
        """Within the notice period (objections accepted) on ``day``."""
        return self.status == NoticeStatus.PUBLISHED and self.starts_on <= day <= self.ends_on

    @property
    def is_open(self) -> bool:
        return self.is_open_on(timezone.localdate())

    @property
    def is_upcoming(self) -> bool:
        return self.status == NoticeStatus.PUBLISHED and timezone.localdate() < self.starts_on

    @property
    def is_withdrawn(self) -> bool:
        return self.status == NoticeStatus.WITHDRAWN

    @property
    def phase_label(self) -> str:
        if self.is_withdrawn:
            return str(_("已撤回"))
        if self.is_upcoming:
            return str(_("未开始"))
        if self.is_open:
            return str(_("公示中"))
        return str(_("公示期满"))


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("待答复")
    ANSWERED = "answered", _("已答复")


class Objection(models.Model):
    """An objection to a notice, from anyone (optionally anonymous). The organization
    investigates and answers it; ``reference`` lets the objector look the answer up."""

    notice = models.ForeignKey(
        Notice, verbose_name=_("公示"), on_delete=models.PROTECT, related_name="objections"
    )
    reference = models.CharField(_("意见编号"), max_length=16, unique=True)
    content = models.TextField(_("意见内容"))
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    anonymous = models.BooleanField(_("匿名"), default=False)
    submitted_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    status = models.CharField(
        _("状态"), max_length=16, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    investigation = models.TextField(_("调查核实情况"), blank=True)
    answer = models.TextField(_("答复意见"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["submitted_at", "id"]
        indexes = [models.Index(fields=["notice", "status"])]

    def __str__(self) -> str:
        return str(
            _("对「%(notice)s」的意见 %(ref)s")
            % {"notice": self.notice.title, "ref": self.reference}
        )

    @property
    def submitter_label(self) -> str:
        if self.anonymous or not self.name:
            return str(_("匿名"))
        return self.name
