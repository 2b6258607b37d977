"""The member registry (党员信息库)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
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
    """A party member. Never deleted: leaving the party is a status with its date.

    ``organization`` is the branch that keeps the member's record (组织关系所在支部).
    A mobile member (流动党员) is also managed by a second organization where they work
    (``managing_organization``, e.g. a remote chamber-of-commerce branch): both see them
    ("双联双管", dual management). An in-service member (在职党员) may register with the
    community where they live (``service_community``, a non-membership link).
    """

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
    name_pinyin = models.CharField(max_length=200, blank=True)  # indexed with id (Meta)
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
    # Mobile members (流动党员): where they went and who manages them there.
    managing_organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("流入地管理党组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="managed_mobile_members",
    )
    mobile_destination = models.CharField(_("外出流向"), max_length=100, blank=True)
    mobile_since = models.DateField(_("外出日期"), null=True, blank=True)
    # In-service members' community registration (在职党员进社区): the current one.
    service_community = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("报到社区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registered_in_service_members",
    )

    class Meta:
        verbose_name = _("党员")
        verbose_name_plural = _("党员")
        indexes = [
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["status", "birth_date"]),
            models.Index(fields=["managing_organization", "status"]),
            # The list's default order (and full-pinyin prefix search).
            models.Index(fields=["name_pinyin", "id"], name="members_name_pinyin_id"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active_member(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_mobile(self) -> bool:
        return self.managing_organization_id is not None


class MembershipPeriod(models.Model):
    """One organization a member belonged to, from ``started_on`` to ``ended_on``
    (open while current). Together they are the member's organization history; a
    member in the county has exactly one open period."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="periods")
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(_("起始日期"))
    ended_on = models.DateField(_("截止日期"), null=True, blank=True)
    reason = models.CharField(_("原因"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("组织关系历史")
        verbose_name_plural = _("组织关系历史")
        ordering = ["member", "started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(ended_on__isnull=True),
                name="one_open_membership_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.organization_id} {self.started_on}"


class StatusChange(models.Model):
    """A change of a member's status (党籍状态), with its date and reason."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="status_changes")
    old_status = models.CharField(_("原状态"), max_length=20, choices=MemberStatus.choices)
    new_status = models.CharField(_("新状态"), max_length=20, choices=MemberStatus.choices)
    changed_on = models.DateField(_("变更日期"))
    reason = models.CharField(_("原因或依据"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("党籍状态变更")
        verbose_name_plural = _("党籍状态变更")
        ordering = ["member", "changed_on", "id"]

    def __str__(self) -> str:
        return f"{self.member_id} {self.old_status}→{self.new_status}"


class TransferKind(models.TextChoices):
    WITHIN = "within", _("县内转接")
    OUT = "out", _("转出本县")
    IN = "in", _("从县外转入")


class TransferStatus(models.TextChoices):
    SENT = "sent", _("已发起，待转出方党委审核")
    OUT_APPROVED = "out_approved", _("转出方党委已审核，待转入方党委审核")
    IN_APPROVED = "in_approved", _("转入方党委已审核，待转入支部接收")
    COMPLETED = "completed", _("已完成")
    CANCELLED = "cancelled", _("已撤回或退回")


PENDING_TRANSFER_STATUSES = (
    TransferStatus.SENT,
    TransferStatus.OUT_APPROVED,
    TransferStatus.IN_APPROVED,
)


class Transfer(models.Model):
    """A transfer of a member's organization relationship (组织关系转接).

    Within the county: the sending branch sends it, the sending side's committee and
    then the receiving side's committee confirm it, the receiving branch receives it;
    only then does the member move (the sending branch keeps them until received).
    Out of the county: sent by the branch, confirmed by its committee, which issues the
    introduction letter. Into the county: recorded when the letter arrives.
    """

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="transfers")
    kind = models.CharField(_("类型"), max_length=10, choices=TransferKind.choices)
    status = models.CharField(
        _("状态"), max_length=20, choices=TransferStatus.choices, default=TransferStatus.SENT
    )
    from_organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("转出党组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("转入党组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    external_place = models.CharField(_("县外党组织（去向或来源）"), max_length=200, blank=True)
    letter_number = models.CharField(_("介绍信编号"), max_length=50, blank=True)
    dues_paid_until = models.DateField(
        _("党费交至"), null=True, blank=True, help_text=_("所交党费的最后一个月（当月1日）")
    )
    transfer_on = models.DateField(_("转接日期"))
    reason = models.CharField(_("转接原因"), max_length=200, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    out_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    out_approved_at = models.DateTimeField(null=True, blank=True)
    in_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    in_approved_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("组织关系转接")
        verbose_name_plural = _("组织关系转接")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(status__in=["sent", "out_approved", "in_approved"]),
                name="one_pending_transfer_per_member",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member.name}：{self.get_kind_display()}"

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_TRANSFER_STATUSES

    @property
    def organization(self) -> Any:
        """The organization the transfer is filed under (for the audit log)."""
        return self.from_organization or self.to_organization


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("电话")
    SMS = "sms", _("短信")
    EMAIL = "email", _("电子邮件")
    POST = "post", _("邮寄资料")
    WECHAT = "wechat", _("微信")


class MobileContact(models.Model):
    """One contact with a mobile member (电话、短信、邮件、邮寄资料、微信)."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="contacts")
    contacted_on = models.DateField(_("联系日期"))
    channel = models.CharField(_("联系方式"), max_length=10, choices=ContactChannel.choices)
    content = models.CharField(_("联系内容"), max_length=500)
    contacted_by = models.CharField(_("联系人"), max_length=50)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("流动党员联系记录")
        verbose_name_plural = _("流动党员联系记录")
        ordering = ["-contacted_on", "-id"]
        indexes = [models.Index(fields=["member", "-contacted_on"])]

    def __str__(self) -> str:
        return f"{self.member_id} {self.contacted_on} {self.channel}"


class CommunityRegistration(models.Model):
    """An in-service member's registration with the community where they live
    (在职党员进社区报到): not a membership; the community sees them for service work."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="community_registrations"
    )
    community = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("报到社区"),
        on_delete=models.PROTECT,
        related_name="in_service_registrations",
    )
    registered_on = models.DateField(_("报到日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.CharField(_("服务意向"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("在职党员社区报到")
        verbose_name_plural = _("在职党员社区报到")
        ordering = ["-registered_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(ended_on__isnull=True),
                name="one_current_community_registration",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.community_id}"
