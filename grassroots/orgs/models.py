"""The organization tree (materialized path) and administrative divisions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager

from grassroots.core.fields import PathField


class OrgKind(models.TextChoices):
    COUNTY_COMMITTEE = "county_committee", _("县委")
    TOWNSHIP_COMMITTEE = "township_committee", _("乡镇党委")
    PARTY_COMMITTEE = "party_committee", _("党委")
    WORKING_COMMITTEE = "working_committee", _("党工委")
    GENERAL_BRANCH = "general_branch", _("党总支")
    BRANCH = "branch", _("党支部")
    JOINT_BRANCH = "joint_branch", _("联合党支部")
    PARTY_GROUP = "party_group", _("党小组")


# Kinds that hold members directly (a branch) and kinds that lead others (a committee).
BRANCH_KINDS = {OrgKind.BRANCH, OrgKind.JOINT_BRANCH}
COMMITTEE_KINDS = {
    OrgKind.COUNTY_COMMITTEE,
    OrgKind.TOWNSHIP_COMMITTEE,
    OrgKind.PARTY_COMMITTEE,
    OrgKind.WORKING_COMMITTEE,
}


class Sector(models.TextChoices):
    GENERAL = "general", _("综合")
    VILLAGE = "village", _("农村")
    COMMUNITY = "community", _("社区")
    ORGAN = "organ", _("机关")
    INSTITUTION = "institution", _("事业单位")
    STATE_ENTERPRISE = "state_enterprise", _("国有企业")
    PRIVATE_ENTERPRISE = "private_enterprise", _("非公有制企业")
    SOCIAL_ORGANIZATION = "social_organization", _("社会组织")
    REMOTE_CHAMBER = "remote_chamber", _("异地商会")
    MOBILE = "mobile", _("流动党员")


class DivisionLevel(models.TextChoices):
    COUNTY = "county", _("县")
    TOWNSHIP = "township", _("乡镇")
    VILLAGE = "village", _("行政村")
    COMMUNITY = "community", _("社区")


class AdminDivision(models.Model):
    """An administrative division (行政区划), by its statistical code."""

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("级别"), max_length=20, choices=DivisionLevel.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class OrganizationManager(MP_NodeManager):
    pass


class Organization(MP_Node):
    """A party organization. Never deleted: dissolving sets ``dissolved_on``."""

    steplen = 4
    path = PathField(max_length=255, unique=True)

    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    code = models.CharField(_("组织代码"), max_length=32, unique=True)
    kind = models.CharField(_("组织类别"), max_length=32, choices=OrgKind.choices)
    sector = models.CharField(
        _("所属领域"), max_length=32, choices=Sector.choices, default=Sector.GENERAL
    )
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    division = models.ForeignKey(
        AdminDivision, verbose_name=_("行政区划"), null=True, blank=True, on_delete=models.PROTECT
    )
    secretary = models.ForeignKey(
        "members.Member",
        verbose_name=_("书记"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    dissolved_on = models.DateField(_("撤销日期"), null=True, blank=True)
    dissolved_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)
    name_pinyin = models.CharField(max_length=400, blank=True, db_index=True)
    name_initials = models.CharField(max_length=100, blank=True, db_index=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = OrganizationManager()

    class Meta:
        verbose_name = _("党组织")
        verbose_name_plural = _("党组织")

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None

    @property
    def is_branch(self) -> bool:
        return self.kind in BRANCH_KINDS

    @property
    def parent_path(self) -> str:
        return self.path[: -self.steplen]

    def ancestor_paths(self) -> list[str]:
        """Paths of the ancestors, root first (no query)."""
        return [self.path[:i] for i in range(self.steplen, len(self.path), self.steplen)]
