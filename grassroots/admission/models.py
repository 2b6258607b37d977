"""Admission cases (发展党员): one per person, from the application to the archive.

A case records the person (as an applicant they are not yet in the member registry),
the step dates, the people involved (mentors, sponsors, reviewers, the committee member
who talked with the candidate), assessments, opinions, documents and the 1443 records.
When the committee approves the admission the person becomes a member of the registry
(``member``); from then on the registry holds the person's status, the case holds the
history of how they got there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grassroots.core.models import TimeStampedModel
from grassroots.members.models import Education, Occupation, Sex

from .steps import STAGES, STEPS


class CaseState(models.TextChoices):
    APPLICANT = "applicant", _("入党申请人")
    ACTIVIST = "activist", _("入党积极分子")
    CANDIDATE = "candidate", _("发展对象")
    PROBATIONARY = "probationary", _("预备党员")
    FULL = "full", _("正式党员")
    CANCELLED = "cancelled", _("已取消预备党员资格")
    CLOSED = "closed", _("已终止")


OPEN_STATES = (
    CaseState.APPLICANT,
    CaseState.ACTIVIST,
    CaseState.CANDIDATE,
    CaseState.PROBATIONARY,
)
ENDED_STATES = (CaseState.FULL, CaseState.CANCELLED, CaseState.CLOSED)


class ActivistSource(models.TextChoices):
    """How an activist was put forward (step 3)."""

    MEMBERS = "members", _("党员推荐")
    MASS_ORGANIZATION = "mass_organization", _("群团组织推优")


class AdmissionCase(TimeStampedModel):
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("党支部"),
        on_delete=models.PROTECT,
        related_name="admission_cases",
    )
    # The person
    name = models.CharField(_("姓名"), max_length=50)
    name_pinyin = models.CharField(max_length=200, blank=True, db_index=True)
    name_initials = models.CharField(max_length=50, blank=True, db_index=True)
    sex = models.CharField(_("性别"), max_length=10, choices=Sex.choices)
    ethnicity = models.CharField(_("民族"), max_length=20, default="汉族")
    birth_date = models.DateField(_("出生日期"))
    id_number_encrypted = models.TextField(blank=True)
    id_number_hash = models.CharField(max_length=64, db_index=True)
    id_number_masked = models.CharField(_("身份证号"), max_length=18, blank=True)
    education = models.CharField(_("学历"), max_length=32, choices=Education.choices, blank=True)
    occupation = models.CharField(
        _("工作岗位"), max_length=32, choices=Occupation.choices, blank=True
    )
    is_frontline = models.BooleanField(_("生产、工作一线"), default=False)
    work_unit = models.CharField(_("工作单位"), max_length=100, blank=True)
    mobile = models.CharField(_("手机号"), max_length=11, blank=True)
    address = models.CharField(_("家庭住址"), max_length=200, blank=True)
    # Where the case stands
    state = models.CharField(
        _("状态"), max_length=16, choices=CaseState.choices, default=CaseState.APPLICANT
    )
    stage = models.PositiveSmallIntegerField(_("阶段"), default=1)
    step = models.PositiveSmallIntegerField(_("已完成步骤"), default=0)
    # {"1": "2014-01-02", ...}: the date of each step done in the current round.
    step_dates = models.JSONField(default=dict, blank=True)
    # {"notices": [ids], "ballots": [ids]}: notices and ballots a step has already relied
    # on, so a step done again (after an extension, a lapsed resolution) needs new ones.
    used_records = models.JSONField(default=dict, blank=True)
    # Key dates, kept beside step_dates for indexed queries (overdue lists, statistics).
    applied_on = models.DateField(_("递交申请日期"))
    talk_due_on = models.DateField(_("谈话期限"))
    talked_on = models.DateField(_("谈话日期"), null=True, blank=True)
    activist_on = models.DateField(_("确定为入党积极分子日期"), null=True, blank=True)
    activist_source = models.CharField(
        _("推荐方式"), max_length=20, choices=ActivistSource.choices, blank=True
    )
    assessment_due_on = models.DateField(_("下次考察期限"), null=True, blank=True)
    candidate_on = models.DateField(_("确定为发展对象日期"), null=True, blank=True)
    leaving_unit_soon = models.BooleanField(_("三个月内将离开工作单位"), default=False)
    branch_meeting_on = models.DateField(_("支部大会通过日期"), null=True, blank=True)
    approval_due_on = models.DateField(_("审批期限"), null=True, blank=True)
    approval_extension_reason = models.CharField(
        _("延长审批时间的原因"), max_length=300, blank=True
    )
    approved_on = models.DateField(_("上级党委审批日期"), null=True, blank=True)
    probation_ends_on = models.DateField(_("预备期满日期"), null=True, blank=True)
    extensions = models.PositiveSmallIntegerField(_("延长预备期次数"), default=0)
    extension_months = models.PositiveSmallIntegerField(_("延长预备期（月）"), default=0)
    full_meeting_on = models.DateField(_("支部大会讨论转正日期"), null=True, blank=True)
    full_on = models.DateField(_("转为正式党员日期"), null=True, blank=True)
    ended_on = models.DateField(_("终止/取消日期"), null=True, blank=True)
    end_reason = models.CharField(_("终止/取消原因"), max_length=300, blank=True)
    archived_on = models.DateField(_("归档日期"), null=True, blank=True)
    # People and places
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("党员信息库记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="admission_cases",
    )
    party_group = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("党小组"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("发展党员档案")
        verbose_name_plural = _("发展党员档案")
        ordering = ["-applied_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "state", "stage"]),
            models.Index(fields=["state", "talk_due_on"]),
            models.Index(fields=["state", "assessment_due_on"]),
            models.Index(fields=["state", "approval_due_on"]),
            models.Index(fields=["state", "probation_ends_on"]),
            models.Index(fields=["branch_meeting_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash"],
                condition=models.Q(
                    state__in=["applicant", "activist", "candidate", "probationary"]
                ),
                name="admission_one_open_case_per_person",
            )
        ]

    def __str__(self) -> str:
        return self.name

    # --- reading the step dates ---------------------------------------------------------

    def done_on(self, step: int) -> dt.date | None:
        value = (self.step_dates or {}).get(str(step))
        return dt.date.fromisoformat(value) if value else None

    def is_done(self, step: int) -> bool:
        return str(step) in (self.step_dates or {})

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def stage_label(self) -> str:
        return str(STAGES.get(self.stage, ""))

    @property
    def step_label(self) -> str:
        return str(STEPS[self.step].label) if self.step in STEPS else ""

    @property
    def talk_overdue(self) -> bool:
        """The talk came (or is still to come) after its one-month limit."""
        if self.talked_on:
            return self.talked_on > self.talk_due_on
        return self.state == CaseState.APPLICANT and timezone.localdate() > self.talk_due_on

    @property
    def is_female(self) -> bool:
        return self.sex == Sex.FEMALE


class CaseStep(models.Model):
    """One step as it was recorded: date, opinion, the rule set it was judged by.
    Append-only history: a step done again (a branch meeting after the resolution
    lapsed, the full-membership steps after an extension) is a new row."""

    case = models.ForeignKey(AdmissionCase, on_delete=models.PROTECT, related_name="steps")
    step = models.PositiveSmallIntegerField(_("步骤"))
    done_on = models.DateField(_("日期"))
    opinion = models.TextField(_("意见或情况"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    rules_version = models.CharField(_("适用规则版本"), max_length=20)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("发展党员步骤记录")
        verbose_name_plural = _("发展党员步骤记录")
        ordering = ["case", "done_on", "step", "id"]
        indexes = [models.Index(fields=["case", "step"])]

    def __str__(self) -> str:
        return f"{self.case_id} #{self.step} {self.done_on}"

    @property
    def label(self) -> str:
        return str(STEPS[self.step].label) if self.step in STEPS else str(self.step)


class CaseRole(models.TextChoices):
    MENTOR = "mentor", _("培养联系人")
    SPONSOR = "sponsor", _("入党介绍人")


class CasePerson(models.Model):
    """A member who mentors (培养联系人) or sponsors (入党介绍人) the person."""

    case = models.ForeignKey(AdmissionCase, on_delete=models.PROTECT, related_name="people")
    member = models.ForeignKey(
        "members.Member", verbose_name=_("党员"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("身份"), max_length=10, choices=CaseRole.choices)
    assigned_on = models.DateField(_("确定日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("培养联系人/入党介绍人")
        verbose_name_plural = _("培养联系人/入党介绍人")
        ordering = ["case", "role", "id"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.member_id}"


class AssessmentPhase(models.TextChoices):
    ACTIVIST = "activist", _("入党积极分子培养考察")
    PROBATION = "probation", _("预备期教育考察")


class Assessment(models.Model):
    """An assessment (考察) of an activist (step 6) or of a probationary member (step 21)."""

    case = models.ForeignKey(AdmissionCase, on_delete=models.PROTECT, related_name="assessments")
    phase = models.CharField(_("阶段"), max_length=10, choices=AssessmentPhase.choices)
    assessed_on = models.DateField(_("考察日期"))
    assessor = models.CharField(_("考察人"), max_length=100)
    content = models.TextField(_("考察意见"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("考察记录")
        verbose_name_plural = _("考察记录")
        ordering = ["case", "assessed_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.assessed_on}"


class OpinionSource(models.TextChoices):
    """Whose opinions are heard before someone becomes a candidate (step 7)."""

    PARTY_GROUP = "party_group", _("党小组")
    MENTORS = "mentors", _("培养联系人")
    MEMBERS = "members", _("党员")
    MASSES = "masses", _("群众")


class Opinion(models.Model):
    case = models.ForeignKey(AdmissionCase, on_delete=models.PROTECT, related_name="opinions")
    source = models.CharField(_("意见来源"), max_length=16, choices=OpinionSource.choices)
    given_on = models.DateField(_("日期"))
    summary = models.TextField(_("意见摘要"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("征求意见记录")
        verbose_name_plural = _("征求意见记录")
        ordering = ["case", "given_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.source}"


class Recommendation(models.Model):
    """The 1443 recommendation round (一推荐, 推选优秀分子) before someone may become an
    activist: members and the masses recommend; the branch records the outcome."""

    case = models.ForeignKey(
        AdmissionCase, on_delete=models.PROTECT, related_name="recommendations"
    )
    held_on = models.DateField(_("推荐日期"))
    members_taking_part = models.PositiveIntegerField(_("参加推荐的党员人数"))
    members_for = models.PositiveIntegerField(_("推荐的党员人数"))
    masses_taking_part = models.PositiveIntegerField(_("参加推荐的群众人数"))
    masses_for = models.PositiveIntegerField(_("推荐的群众人数"))
    recommended = models.BooleanField(_("推选为优秀分子"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("推选优秀分子")
        verbose_name_plural = _("推选优秀分子")
        ordering = ["case", "held_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.held_on}"


class ReviewLevel(models.IntegerChoices):
    """The 1443 three reviews (三审查), in their order."""

    BRANCH = 1, _("党支部审查")
    COMMITTEE = 2, _("基层党委审查")
    COUNTY = 3, _("县委组织部审查")


class Review(models.Model):
    case = models.ForeignKey(AdmissionCase, on_delete=models.PROTECT, related_name="reviews")
    level = models.PositiveSmallIntegerField(_("审查层级"), choices=ReviewLevel.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewer_name = models.CharField(_("审查人"), max_length=100)
    reviewed_on = models.DateField(_("审查日期"))
    opinion = models.TextField(_("审查意见"))
    passed = models.BooleanField(_("审查通过"))
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("三审查记录")
        verbose_name_plural = _("三审查记录")
        ordering = ["case", "level", "reviewed_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_level_display()}"


class DocumentKind(models.TextChoices):
    APPLICATION_LETTER = "application_letter", _("入党申请书")
    ASSESSMENT_RECORD = "assessment_record", _("培养教育考察记录")
    POLITICAL_REVIEW = "political_review", _("政治审查结论")
    TRAINING_RECORD = "training_record", _("集中培训结业证明")
    APPLICATION_FORM = "application_form", _("入党志愿书")
    FULL_APPLICATION = "full_application", _("转正申请书")
    OTHER = "other", _("其他材料")


# The file archived at step 25 must contain at least these.
REQUIRED_DOCUMENTS = (
    DocumentKind.APPLICATION_LETTER,
    DocumentKind.ASSESSMENT_RECORD,
    DocumentKind.POLITICAL_REVIEW,
    DocumentKind.TRAINING_RECORD,
    DocumentKind.APPLICATION_FORM,
)


def _document_path(instance: CaseDocument, filename: str) -> str:
    return f"admission/{instance.case_id}/{timezone.now():%Y%m%d%H%M%S}_{filename[-80:]}"


class CaseDocument(models.Model):
    """An uploaded document of the case's file, stored through Django storage."""

    case = models.ForeignKey(AdmissionCase, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("材料类别"), max_length=24, choices=DocumentKind.choices)
    file = models.FileField(_("文件"), upload_to=_document_path, max_length=300)
    filename = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("档案材料")
        verbose_name_plural = _("档案材料")
        ordering = ["case", "kind", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.filename


class DisciplinaryProbation(models.Model):
    """Probation within the party (留党察看) of a member: until their rights are restored
    they may not vote, stand for election or sponsor an applicant (入党介绍人)."""

    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("党员"),
        on_delete=models.PROTECT,
        related_name="disciplinary_probations",
    )
    started_on = models.DateField(_("处分日期"))
    months = models.PositiveSmallIntegerField(_("察看期（月）"))
    decision = models.CharField(_("处分决定"), max_length=300)
    restored_on = models.DateField(_("恢复党员权利日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("留党察看")
        verbose_name_plural = _("留党察看")
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return f"{self.member_id} {self.started_on}"

    @property
    def organization(self) -> Any:
        return self.member.organization

    def in_force_on(self, day: dt.date) -> bool:
        """Rights not restored on ``day``."""
        return self.started_on <= day and (self.restored_on is None or day < self.restored_on)
