"""Public commitments of party secretaries on party building (党委书记抓基层党建公开承诺,
承诺践诺).

Each year a secretary (county, township, optionally a branch) publishes a commitment letter
(《年度抓基层党建工作公开承诺书》): items with category, responsible person, due date,
means of verification and weight (weights sum to 100). The letter is made public with a
notice; progress is reported with evidence; an item that falls short gets a public
explanatory note; the year-end review by the level above confirms each item fulfilled or
not. Every public change is kept as a revision: the public version history.
"""

from __future__ import annotations

import string
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from grassroots.core.models import TimeStampedModel

NOTICE_PURPOSE = "commitments.letter"


class LetterStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已公开承诺")
    REVIEWED = "reviewed", _("已年终评议")


PUBLIC_STATUSES = (LetterStatus.PUBLISHED, LetterStatus.REVIEWED)


class CommitmentLetter(TimeStampedModel):
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("承诺单位"),
        on_delete=models.PROTECT,
        related_name="commitment_letters",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    secretary_name = models.CharField(_("承诺人（书记）"), max_length=50)
    secretary_post = models.CharField(_("职务"), max_length=100)
    title = models.CharField(_("标题"), max_length=200)
    preamble = models.TextField(_("承诺说明"), blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=LetterStatus.choices, default=LetterStatus.DRAFT
    )
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_in = models.CharField(
        _("公示媒体"), max_length=200, blank=True, help_text=_("如：《通山周刊》、通山政务网")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("公开承诺书")
        verbose_name_plural = _("公开承诺书")
        ordering = ["-year", "organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="one_letter_per_org_year")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def progress(self) -> Any:
        """Progress rolled up from the items by weight (needs ``selectors.with_progress``)."""
        from .selectors import progress_of

        return progress_of(self)


class ItemCategory(models.TextChoices):
    ORGANIZATION = "organization", _("组织建设")
    TEAM = "team", _("队伍建设")
    POSITION = "position", _("阵地建设")
    MECHANISM = "mechanism", _("制度建设")
    SERVICE = "service", _("服务群众")
    FUNDS = "funds", _("经费保障")
    STYLE = "style", _("作风建设")
    OTHER = "other", _("其他")


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("推进中")
    DELAYED = "delayed", _("滞后")
    COMPLETED = "completed", _("已完成")


class ReviewResult(models.TextChoices):
    PENDING = "", _("待评议")
    FULFILLED = "fulfilled", _("已落实")
    NOT_FULFILLED = "not_fulfilled", _("未落实")


class CommitmentItem(TimeStampedModel):
    letter = models.ForeignKey(
        CommitmentLetter, verbose_name=_("承诺书"), on_delete=models.PROTECT, related_name="items"
    )
    number = models.PositiveSmallIntegerField(_("序号"))
    category = models.CharField(_("类别"), max_length=16, choices=ItemCategory.choices)
    content = models.TextField(_("承诺事项"))
    responsible = models.CharField(_("责任人"), max_length=100)
    due_on = models.DateField(_("完成时限"))
    verification = models.CharField(_("验证方式"), max_length=200)
    weight = models.PositiveSmallIntegerField(
        _("权重"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    status = models.CharField(
        _("进展状态"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED
    )
    percent = models.PositiveSmallIntegerField(
        _("完成进度（%）"), default=0, validators=[MaxValueValidator(100)]
    )
    shortfall_note = models.TextField(_("未完成情况说明"), blank=True)
    shortfall_noted_on = models.DateField(_("说明日期"), null=True, blank=True)
    review_result = models.CharField(
        _("年终评议"), max_length=16, choices=ReviewResult.choices, blank=True, default=""
    )
    reviewed_on = models.DateField(_("评议日期"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewing_body = models.CharField(_("评议机关"), max_length=100, blank=True)
    review_note = models.TextField(_("评议意见"), blank=True)
    removed_at = models.DateTimeField(_("删除时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("承诺事项")
        verbose_name_plural = _("承诺事项")
        ordering = ["letter", "number"]
        indexes = [models.Index(fields=["review_result", "reviewed_on"])]

    def __str__(self) -> str:
        text = self.content.replace("\n", " ")
        return f"{self.number}. {text[:40]}{'…' if len(text) > 40 else ''}"

    @property
    def falls_short(self) -> bool:
        return self.percent < 100

    @property
    def is_reviewed(self) -> bool:
        return bool(self.review_result)


class Milestone(TimeStampedModel):
    item = models.ForeignKey(
        CommitmentItem,
        verbose_name=_("承诺事项"),
        on_delete=models.PROTECT,
        related_name="milestones",
    )
    title = models.CharField(_("节点"), max_length=200)
    due_on = models.DateField(_("计划时间"))
    done_on = models.DateField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("进度节点")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class ProgressUpdate(models.Model):
    item = models.ForeignKey(
        CommitmentItem, verbose_name=_("承诺事项"), on_delete=models.PROTECT, related_name="updates"
    )
    reported_on = models.DateField(_("报告日期"))
    percent = models.PositiveSmallIntegerField(
        _("完成进度（%）"), validators=[MaxValueValidator(100)]
    )
    text = models.TextField(_("进展情况"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("进展报告")
        ordering = ["-reported_on", "-id"]

    def __str__(self) -> str:
        return f"{self.item} {self.percent}%"


class Evidence(models.Model):
    """A photo or document attached to a progress update (through Django storage)."""

    update = models.ForeignKey(
        ProgressUpdate,
        verbose_name=_("进展报告"),
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    file = models.FileField(_("文件"), upload_to="commitments/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    kind = models.CharField(max_length=16)  # photo / document (grassroots.core.uploads)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("佐证材料")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_photo(self) -> bool:
        return self.kind == "photo"


class RevisionKind(models.TextChoices):
    PUBLISHED = "published", _("公开承诺")
    AMENDED = "amended", _("修改承诺事项")
    PROGRESS = "progress", _("报告进展")
    MILESTONE = "milestone", _("完成进度节点")
    SHORTFALL = "shortfall", _("未完成情况说明")
    REVIEWED = "reviewed", _("年终评议")


# What each revision says in public; keys come from ``data``.
REVISION_SENTENCES: dict[str, Any] = {
    RevisionKind.PUBLISHED: _("公开《{title}》，承诺事项{items}项"),
    RevisionKind.AMENDED: _("第{number}项承诺事项修改：{fields}"),
    RevisionKind.PROGRESS: _("第{number}项进度由{old}%更新为{new}%"),
    RevisionKind.MILESTONE: _("第{number}项完成节点「{milestone}」"),
    RevisionKind.SHORTFALL: _("第{number}项作出未完成情况说明"),
    RevisionKind.REVIEWED: _("第{number}项经{body}年终评议：{result}"),
}


class _Missing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "…"


class LetterRevision(models.Model):
    """One public change to a published letter: the public version history (append only)."""

    letter = models.ForeignKey(CommitmentLetter, on_delete=models.PROTECT, related_name="revisions")
    item = models.ForeignKey(
        CommitmentItem, null=True, blank=True, on_delete=models.PROTECT, related_name="revisions"
    )
    kind = models.CharField(max_length=16, choices=RevisionKind.choices)
    at = models.DateTimeField(_("时间"), db_index=True)
    data = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("公开版本记录")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return self.sentence

    @property
    def sentence(self) -> str:
        template = str(REVISION_SENTENCES.get(self.kind, "{kind}"))
        values = _Missing({k: v for k, v in self.data.items() if not isinstance(v, dict | list)})
        values.setdefault("kind", self.kind)
        return string.Formatter().vformat(template, (), values)

    @property
    def changes(self) -> list[tuple[str, Any, Any]]:
        """(field label, old, new) for amendments."""
        return [(c[0], c[1], c[2]) for c in self.data.get("changes", [])]
