"""The member registry (党员信息库)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from grassroots.core.models import TimeStampedModel


class Sex(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class Education(models.TextChoices):
    POSTGRADUATE = "postgraduate", _("研究生")
    BACHELOR = "bachelor", _("大学本科")
    JUNIOR_COLLEGE = "junior_college", _("大学专科")
    SECONDARY_VOCATIONAL = "secondary_vocational", _("中专")
    HIGH_SCHOOL = "high_school", _("高中")
    JUNIOR_HIGH_OR_BELOW = "junior_high", _("初中及以下")


class Degree(models.TextChoices):
    NONE = "", _("无")
    BACHELOR = "bachelor", _("学士")
    MASTER = "master", _("硕士")
    DOCTOR = "doctor", _("博士")


class Occupation(models.TextChoices):
    """The national statistical categories of members' occupations."""

    WORKER = "worker", _("工人")
    FARMER = "farmer", _("农牧渔民")
    PROFESSIONAL = "professional", _("专业技术人员")
    MANAGER = "manager", _("企事业单位管理人员")
    ORGAN_STAFF = "organ_staff", _("党政机关工作人员")
    STUDENT = "student", _("学生")
    RETIRED = "retired", _("离退休人员")
    OTHER = "other", _("其他职业人员")


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", _("预备党员")
    FULL = "full", _("正式党员")
    DECEASED = "deceased", _("已去世")
    STOPPED = "stopped", _("停止党籍")
    REMOVED = "removed", _("除名/出党")
    TRANSFERRED_OUT = "transferred_out", _("已转出")


ACTIVE_STATUSES = (MemberStatus.PROBATIONARY, MemberStatus.FULL)


class BranchPost(models.TextChoices):
    NONE = "", _("无")
    SECRETARY = "secretary", _("书记")
    DEPUTY_SECRETARY = "deputy_secretary", _("副书记")
    COMMITTEE_MEMBER = "committee_member", _("委员")


class Member(TimeStampedModel):
    """A party member. Never deleted: leaving the party is a status with its date."""

    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("所在党组织"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    party_group = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("党小组"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="group_members",
    )
    name = models.CharField(_("姓名"), max_length=50)
    name_pinyin = models.CharField(max_length=200, blank=True, db_index=True)
    name_initials = models.CharField(max_length=50, blank=True, db_index=True)
    sex = models.CharField(_("性别"), max_length=10, choices=Sex.choices)
    ethnicity = models.CharField(_("民族"), max_length=20, default="汉族")
    birth_date = models.DateField(_("出生日期"))
    # The ID number is stored encrypted; the keyed hash finds it exactly; the masked form
    # is what lists show (420224********1234).
    id_number_encrypted = models.TextField(blank=True)
    id_number_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    id_number_masked = models.CharField(_("身份证号"), max_length=18, blank=True)
    native_place = models.CharField(_("籍贯"), max_length=50, blank=True)
    education = models.CharField(_("学历"), max_length=32, choices=Education.choices, blank=True)
    degree = models.CharField(_("学位"), max_length=16, choices=Degree.choices, blank=True)
    occupation = models.CharField(
        _("工作岗位"), max_length=32, choices=Occupation.choices, blank=True
    )
    is_frontline = models.BooleanField(_("生产、工作一线"), default=False)
    mobile = models.CharField(_("手机号"), max_length=11, blank=True)
    address = models.CharField(_("家庭住址"), max_length=200, blank=True)
    branch_post = models.CharField(
        _("支部职务"), max_length=32, choices=BranchPost.choices, blank=True
    )
    joined_on = models.DateField(_("入党日期（接收为预备党员）"), null=True, blank=True)
    full_member_on = models.DateField(_("转为正式党员日期"), null=True, blank=True)
    status = models.CharField(
        _("党籍状态"), max_length=20, choices=MemberStatus.choices, default=MemberStatus.FULL
    )
    status_changed_on = models.DateField(_("状态变更日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("党员")
        verbose_name_plural = _("党员")
        indexes = [
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["status", "birth_date"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active_member(self) -> bool:
        return self.status in ACTIVE_STATUSES
