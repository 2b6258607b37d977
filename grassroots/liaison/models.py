"""Leaders' party-building contact points (领导干部党建工作联系点) and the county's own
leadership work on party building (standing-committee sessions, sector symposiums and the
party-building funds they integrate)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from grassroots.core.models import TimeStampedModel
from grassroots.orgs.models import Sector


class LeaderLevel(models.TextChoices):
    COUNTY = "county", _("县级领导干部")
    TOWNSHIP = "township", _("乡镇领导干部")
    OTHER = "other", _("其他领导干部")


class ContactPoint(TimeStampedModel):
    """A leader's contact point: ``leader`` follows ``organization``'s party building from
    ``started_on`` until ``ended_on`` (open while empty). Never deleted: ending sets the date."""

    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("联系领导"),
        on_delete=models.PROTECT,
        related_name="contact_points",
    )
    leader_level = models.CharField(_("领导层级"), max_length=16, choices=LeaderLevel.choices)
    leader_post = models.CharField(_("领导职务"), max_length=100)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("联系点"),
        on_delete=models.PROTECT,
        related_name="contact_points",
    )
    started_on = models.DateField(_("建立日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    end_reason = models.CharField(_("结束原因"), max_length=200, blank=True)
    note = models.TextField(_("联系重点"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("党建工作联系点")
        verbose_name_plural = _("党建工作联系点")
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["leader_level", "started_on"])]

    def __str__(self) -> str:
        return f"{self.leader.display_name}·{self.organization.name}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class Visit(TimeStampedModel):
    """One visit to a contact point: who came, what was done, what was brought."""

    contact_point = models.ForeignKey(
        ContactPoint, verbose_name=_("联系点"), on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField(_("走访日期"), db_index=True)
    visitors = models.CharField(
        _("走访人员"), max_length=200, help_text=_("领导本人及随行人员，如：张某及县直单位2人")
    )
    summary = models.TextField(_("走访情况"), blank=True)
    aid_funds_yuan = models.DecimalField(
        _("帮扶资金（元）"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    aid_goods_yuan = models.DecimalField(
        _("帮扶物资折价（元）"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    aid_goods_description = models.CharField(_("帮扶物资"), max_length=200, blank=True)
    disputes_mediated = models.PositiveSmallIntegerField(_("调处矛盾纠纷（次）"), default=0)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.contact_point.organization.name} {self.visited_on:%Y-%m-%d}"


class ProblemCategory(models.TextChoices):
    INFRASTRUCTURE = "infrastructure", _("基础设施")
    INDUSTRY = "industry", _("产业发展")
    LIVELIHOOD = "livelihood", _("民生保障")
    ORGANIZATION = "organization", _("组织建设")
    FUNDS = "funds", _("经费场所")
    GOVERNANCE = "governance", _("社会治理")
    OTHER = "other", _("其他")


class Problem(TimeStampedModel):
    """A difficulty raised at a contact point; solved when ``resolved_on`` is set."""

    contact_point = models.ForeignKey(
        ContactPoint, verbose_name=_("联系点"), on_delete=models.PROTECT, related_name="problems"
    )
    visit = models.ForeignKey(
        Visit,
        verbose_name=_("提出于走访"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    category = models.CharField(_("类别"), max_length=32, choices=ProblemCategory.choices)
    description = models.CharField(_("困难问题"), max_length=300)
    raised_on = models.DateField(_("提出日期"))
    resolution = models.CharField(_("解决情况"), max_length=300, blank=True)
    resolved_on = models.DateField(_("解决日期"), null=True, blank=True, db_index=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("困难问题")
        verbose_name_plural = _("困难问题")
        ordering = ["-raised_on", "-id"]

    def __str__(self) -> str:
        return self.description

    @property
    def is_resolved(self) -> bool:
        return self.resolved_on is not None


class MeetingKind(models.TextChoices):
    STANDING_COMMITTEE = "standing_committee", _("县委常委会专题研究党建")
    SYMPOSIUM = "symposium", _("领域座谈会")


class LeadershipMeeting(TimeStampedModel):
    """A meeting of a committee's leadership on party building: a standing-committee session
    (常委会专题研究基层党建工作) or a sector symposium (各领域座谈会)."""

    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("召开单位"),
        on_delete=models.PROTECT,
        related_name="leadership_meetings",
    )
    kind = models.CharField(_("会议类型"), max_length=32, choices=MeetingKind.choices)
    held_on = models.DateField(_("召开日期"), db_index=True)
    title = models.CharField(_("会议名称"), max_length=200)
    sector = models.CharField(_("座谈领域"), max_length=32, choices=Sector.choices, blank=True)
    chaired_by = models.CharField(_("主持人"), max_length=50, blank=True)
    topics = models.TextField(_("研究议题"))
    decisions = models.TextField(_("议定事项"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("抓党建会议")
        verbose_name_plural = _("抓党建会议")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class FundSource(models.TextChoices):
    COUNTY_BUDGET = "county_budget", _("县财政预算")
    DEPARTMENT = "department", _("县直部门整合")
    PARTY_DUES = "party_dues", _("党费")
    HIGHER_LEVEL = "higher_level", _("上级补助")
    TRANSFER = "transfer", _("转移支付")
    SOCIAL = "social", _("社会筹集")


class FundIntegration(TimeStampedModel):
    """Party-building funds integrated and put in place (整合落实基层党建经费): one record per
    source and purpose, optionally tied to the session that decided it."""

    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("落实单位"),
        on_delete=models.PROTECT,
        related_name="fund_integrations",
    )
    source = models.CharField(_("资金来源"), max_length=32, choices=FundSource.choices)
    source_detail = models.CharField(_("来源单位"), max_length=100, blank=True)
    purpose = models.CharField(_("用途"), max_length=200)
    amount_yuan = models.DecimalField(
        _("金额（元）"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    allocated_on = models.DateField(_("落实日期"), db_index=True)
    document_no = models.CharField(_("文号"), max_length=100, blank=True)
    meeting = models.ForeignKey(
        LeadershipMeeting,
        verbose_name=_("议定会议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funds",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("整合落实党建经费")
        verbose_name_plural = _("整合落实党建经费")
        ordering = ["-allocated_on", "-id"]

    def __str__(self) -> str:
        return self.purpose
