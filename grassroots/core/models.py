"""Audit log (append-only) and the base classes of the domain models."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .fields import PathField


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyError(Exception):
    pass


class LogEntryQuerySet(models.QuerySet["LogEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("审计日志只能追加，不能修改。")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("审计日志只能追加，不能删除。")

    _raw_delete = delete  # type: ignore[assignment]


class LogEntry(models.Model):
    """One state change, written by the service that made it, in the same transaction.

    There is no code path that changes or removes a row: ``save`` refuses an existing
    row, ``delete`` and the queryset's ``update``/``delete`` raise. Organizations are
    referenced by id and by their path at the time, so a subtree search still finds an
    entry after the organization moved.
    """

    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("操作人名称"), max_length=100, blank=True)
    action_type = models.CharField(_("操作类型"), max_length=100, db_index=True)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    org_path = PathField(max_length=255, blank=True, db_index=True)
    data = models.JSONField(_("数据"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)

    objects = LogEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action_type} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("审计日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("审计日志只能追加，不能删除。")

    @property
    def shown_data(self) -> dict[str, Any]:
        """The data as the reader it was prepared for may see it (``audit.show_to``)."""
        data = getattr(self, "viewer_data", None)
        if data is None:
            from .audit import shown_data

            data = shown_data(self)
        return data

    @property
    def sentence(self) -> str:
        from .audit import render_sentence

        return render_sentence(self, self.shown_data)


class HolidayYear(models.Model):
    """A year whose official holiday schedule (国务院办公厅关于部分节假日安排的通知) is known.

    Seeded from the chinese-calendar package; administrators add the next year when the
    State Council publishes it.
    """

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.CharField(_("来源"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("节假日安排年份")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """A day that differs from the weekday rule: a statutory holiday on a weekday, or a
    make-up working day (调休上班) on a weekend."""

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("是否工作日"))
    name = models.CharField(_("名称"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("节假日调整")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("进行中")
    SUCCEEDED = "succeeded", _("已完成")
    FAILED = "failed", _("失败")


class Job(models.Model):
    """Long work (imports, report generation, slip printing) run in the background.

    Created by :func:`grassroots.core.jobs.job_start`; the handler registered for its
    ``kind`` reports progress, and leaves a result (JSON) and optionally a file.
    """

    kind = models.CharField(_("类型"), max_length=64, db_index=True)
    title = models.CharField(_("名称"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveIntegerField(_("进度"), default=0)
    total = models.PositiveIntegerField(_("总量"), default=0)
    message = models.CharField(_("当前步骤"), max_length=300, blank=True)
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    result_file = models.FileField(upload_to="jobs/%Y/%m/", blank=True)
    result_filename = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("后台任务")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.progress * 100 / self.total))

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)
