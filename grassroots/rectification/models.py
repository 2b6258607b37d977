"""Rectification of weak and lax party organizations (软弱涣散党组织整顿) by "five grasps,
five cures" (五抓五治).

A case is opened when a township (or the county) proposes to mark an organization weak for
a year; the county organization department approves the marking. The county assigns a
leader of the "four leading bodies" (县四大家) and sends a first secretary (第一书记); the
actions taken are recorded under the five headings; an acceptance review closes the case
as rectified, or carries it into the next year.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from grassroots.core.models import TimeStampedModel


class WeakReason(models.TextChoices):
    """The common national criteria for a weak organization."""

    SECRETARY = "secretary", _("书记长期空缺或不胜任现职、工作不在状态")
    DIVIDED = "divided", _("班子不团结、内耗严重，凝聚力弱")
    DISORDER = "disorder", _("宗族宗派势力干扰，矛盾纠纷突出，长期得不到解决")
    ECONOMY = "economy", _("村级集体经济薄弱，发展思路不清")
    RULES = "rules", _("组织制度形同虚设，不开展组织活动")
    SERVICE = "service", _("服务群众意识差，党员群众意见大")


class CaseStatus(models.TextChoices):
    PROPOSED = "proposed", _("待县委组织部审批")
    REJECTED = "rejected", _("未认定")
    OPEN = "open", _("整顿中")
    RECTIFIED = "rectified", _("已整顿转化")
    CARRIED_OVER = "carried_over", _("转入下一年度整顿")


# Statuses of a case whose organization the county marked weak for the year.
MARKED_WEAK = (CaseStatus.OPEN, CaseStatus.RECTIFIED, CaseStatus.CARRIED_OVER)


class LeadingBody(models.TextChoices):
    """The county's "four leading bodies" (四大家)."""

    PARTY = "party", _("县委")
    CONGRESS = "congress", _("县人大常委会")
    GOVERNMENT = "government", _("县政府")
    CPPCC = "cppcc", _("县政协")


class RectificationCase(TimeStampedModel):
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("党组织"),
        on_delete=models.PROTECT,
        related_name="rectification_cases",
    )
    year = models.PositiveSmallIntegerField(_("整顿年度"))
    reasons = models.JSONField(_("软弱涣散情形"), default=list)
    other_reasons = models.TextField(_("其他情形"), blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_on = models.DateField(_("提出日期"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("审批日期"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=300, blank=True)
    # The county leader of the four leading bodies who takes the case (挂点县领导).
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("挂点县领导"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rectification_cases",
    )
    leader_body = models.CharField(
        _("所属班子"), max_length=16, choices=LeadingBody.choices, blank=True
    )
    leader_post = models.CharField(_("领导职务"), max_length=100, blank=True)
    first_secretary = models.CharField(_("第一书记"), max_length=50, blank=True)
    first_secretary_unit = models.CharField(_("第一书记派出单位"), max_length=100, blank=True)
    first_secretary_sent_on = models.DateField(_("选派日期"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_on = models.DateField(_("验收日期"), null=True, blank=True)
    review_note = models.TextField(_("验收意见"), blank=True)
    carried_from = models.OneToOneField(
        "self",
        verbose_name=_("上年度案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_to",
    )

    class Meta:
        verbose_name = _("软弱涣散党组织整顿")
        verbose_name_plural = _("软弱涣散党组织整顿")
        ordering = ["-year", "organization__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                condition=~Q(status="rejected"),
                name="one_rectification_case_per_org_year",
            )
        ]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self) -> str:
        return f"{self.organization.name}（{self.year}年）"

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.OPEN

    @property
    def reason_labels(self) -> list[str]:
        return [str(WeakReason(r).label) for r in self.reasons if r in WeakReason.values]


class Heading(models.TextChoices):
    """The five headings of "五抓五治"."""

    TEAM = "team", _("抓班子队伍“补钙”，治班子“软”")
    CONFLICTS = "conflicts", _("抓矛盾问题“解剖”，治基层“乱”")
    DEVELOPMENT = "development", _("抓帮扶发展“造血”，治经济“穷”")
    RULES = "rules", _("抓规范“正身”，治制度“散”")
    CONDITIONS = "conditions", _("抓软硬条件“健体”，治服务“弱”")


class ActionKind(models.TextChoices):
    COMMITTEE_MEMBER_ADJUSTED = "committee_member_adjusted", _("调整村“两委”班子成员")
    SECRETARY_ADJUSTED = "secretary_adjusted", _("调整村党支部书记")
    RESERVE_CADRE = "reserve_cadre", _("培养村级后备干部")
    COORDINATION_MEETING = "coordination_meeting", _("挂点领导召开协调会")
    DISPUTE_RESOLVED = "dispute_resolved", _("调解处理矛盾")
    LEGACY_ISSUE = "legacy_issue", _("解决历史遗留问题")
    HOT_ISSUE = "hot_issue", _("解决热点难点问题")
    GOOD_DEED = "good_deed", _("为群众办好事实事")
    COLLECTIVE_PROJECT = "collective_project", _("申报村级集体经济发展项目")
    SKILLS_TRAINING = "skills_training", _("开展实用技术培训")
    AID_FUNDS = "aid_funds", _("落实帮扶资金")
    AID_GOODS = "aid_goods", _("落实帮扶物资")
    RULE_ESTABLISHED = "rule_established", _("健全完善制度")
    SERVICE_CENTRE_SUBSIDY = "service_centre_subsidy", _("党员群众服务中心以奖代补")


KIND_HEADING: dict[str, str] = {
    ActionKind.COMMITTEE_MEMBER_ADJUSTED: Heading.TEAM,
    ActionKind.SECRETARY_ADJUSTED: Heading.TEAM,
    ActionKind.RESERVE_CADRE: Heading.TEAM,
    ActionKind.COORDINATION_MEETING: Heading.CONFLICTS,
    ActionKind.DISPUTE_RESOLVED: Heading.CONFLICTS,
    ActionKind.LEGACY_ISSUE: Heading.CONFLICTS,
    ActionKind.HOT_ISSUE: Heading.DEVELOPMENT,
    ActionKind.GOOD_DEED: Heading.DEVELOPMENT,
    ActionKind.COLLECTIVE_PROJECT: Heading.DEVELOPMENT,
    ActionKind.SKILLS_TRAINING: Heading.DEVELOPMENT,
    ActionKind.AID_FUNDS: Heading.DEVELOPMENT,
    ActionKind.AID_GOODS: Heading.DEVELOPMENT,
    ActionKind.RULE_ESTABLISHED: Heading.RULES,
    ActionKind.SERVICE_CENTRE_SUBSIDY: Heading.CONDITIONS,
}
# Kinds about one person (the member adjusted, the new secretary, the reserve cadre).
PERSON_KINDS = {
    ActionKind.COMMITTEE_MEMBER_ADJUSTED,
    ActionKind.SECRETARY_ADJUSTED,
    ActionKind.RESERVE_CADRE,
}
# Kinds that carry an amount of money (yuan).
MONEY_KINDS = {ActionKind.AID_FUNDS, ActionKind.AID_GOODS, ActionKind.SERVICE_CENTRE_SUBSIDY}


class HotIssueArea(models.TextChoices):
    """The eight areas of hot and difficult issues the article names."""

    FINANCE = "finance", _("村级财务管理")
    LAND = "land", _("土地承包")
    SECURITY = "security", _("社会治安")
    INFRASTRUCTURE = "infrastructure", _("基础设施")
    FORESTRY = "forestry", _("山林权属")
    RELIEF = "relief", _("民政救助")
    FAMILY_PLANNING = "family_planning", _("计划生育")
    ENVIRONMENT = "environment", _("环境卫生")


class RuleType(models.TextChoices):
    PARTY_WORK = "party_work", _("党组织工作制度")
    DEMOCRATIC = "democratic", _("民主管理制度")


SUBSIDY_MIN = Decimal("30000")
SUBSIDY_MAX = Decimal("70000")
RESERVE_CADRES_MIN = 2
RESERVE_CADRES_MAX = 3


class Action(TimeStampedModel):
    """One thing done in a case, under one of the five headings, with its date and evidence.
    Each record counts once (one meeting, one person adjusted, one rule, one payment)."""

    case = models.ForeignKey(
        RectificationCase,
        verbose_name=_("整顿案件"),
        on_delete=models.PROTECT,
        related_name="actions",
    )
    heading = models.CharField(_("五抓五治"), max_length=16, choices=Heading.choices)
    kind = models.CharField(_("措施类别"), max_length=32, choices=ActionKind.choices)
    occurred_on = models.DateField(_("日期"), db_index=True)
    title = models.CharField(_("事项"), max_length=200)
    person_name = models.CharField(_("涉及人员"), max_length=50, blank=True)
    area = models.CharField(_("领域/制度类别"), max_length=32, blank=True)
    amount_yuan = models.DecimalField(
        _("金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    evidence = models.TextField(_("佐证材料"), blank=True)
    evidence_file = models.FileField(_("佐证文件"), upload_to="rectification/%Y/%m/", blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    evidence_type = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("整顿措施")
        verbose_name_plural = _("整顿措施")
        ordering = ["occurred_on", "id"]
        indexes = [models.Index(fields=["kind", "occurred_on"])]
        constraints = [
            # The county's rule: each service-centre subsidy is 3万–7万元 (also checked
            # by the service, with a message; the database refuses any other way in).
            models.CheckConstraint(
                condition=~Q(kind="service_centre_subsidy")
                | Q(
                    amount_yuan__isnull=False,
                    amount_yuan__gte=SUBSIDY_MIN,
                    amount_yuan__lte=SUBSIDY_MAX,
                ),
                name="rectification_subsidy_30000_70000",
                violation_error_message=_("党员群众服务中心以奖代补资金须在3万元至7万元之间。"),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def area_label(self) -> str:
        choices = HotIssueArea if self.kind == ActionKind.HOT_ISSUE else RuleType
        return str(choices(self.area).label) if self.area in choices.values else self.area
