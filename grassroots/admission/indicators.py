"""Statistics of member admission (发展党员), computed from the admission cases.

* New members (发展党员) in a period: people admitted as probationary members whose
  branch general meeting (their joining date) falls in the period and whose admission
  the committee approved. Their structure: women, under 35 (full years of age on the
  joining date below 35, i.e. 不满35周岁), front line (生产、工作一线, as recorded on the
  case from the person's occupation).
* The pipeline at the end of the period: applicants, activists, candidates and
  probationary members whose case had reached that point by then and had not ended.
* Overdue steps: cases overdue today whose deadline fell within the period (talks,
  half-yearly assessments, approvals, full-membership discussions after probation).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q
from django.utils import timezone

from grassroots.stats.engine import percent
from grassroots.stats.registry import Period, Value, aggregate_indicator, derived_indicator

from .models import AdmissionCase, CaseState
from .selectors import overdue_q


def _count(q: Q) -> Any:
    return Count("pk", filter=q)


def _register(key: str, zh: str, en: str, where: Any, definition: str, unit: str = "名") -> None:
    def expression(period: Period) -> Any:
        return _count(where(period))

    expression.__qualname__ = f"admission_count[{key}]"
    expression.__doc__ = definition
    aggregate_indicator(key, model=AdmissionCase, zh=zh, en=en, unit=unit)(expression)


def admitted_in(period: Period) -> Q:
    """Admitted as probationary members in the period (joining date = branch meeting)."""
    return Q(
        approved_on__isnull=False,
        branch_meeting_on__gte=period.start,
        branch_meeting_on__lte=period.end,
    )


def under_35_at_admission() -> Q:
    """Full years of age on the branch meeting day below 35 (exact, in the database)."""
    year35 = F("birth_date__year") + 35
    before_birthday = Q(branch_meeting_on__month__lt=F("birth_date__month")) | Q(
        branch_meeting_on__month=F("birth_date__month"),
        branch_meeting_on__day__lt=F("birth_date__day"),
    )
    return Q(branch_meeting_on__year__lt=year35) | (
        Q(branch_meeting_on__year=year35) & before_birthday
    )


def not_ended_by(day: Any) -> Q:
    return Q(ended_on__isnull=True) | Q(ended_on__gt=day)


_register(
    "admission.applications",
    "递交入党申请",
    "Applications received",
    lambda p: Q(applied_on__gte=p.start, applied_on__lte=p.end),
    "期内向党支部递交入党申请书的人数。",
)
_register(
    "admission.applicants",
    "入党申请人",
    "Applicants (at the end of the period)",
    lambda p: (
        Q(applied_on__lte=p.end)
        & (Q(activist_on__isnull=True) | Q(activist_on__gt=p.end))
        & not_ended_by(p.end)
    ),
    "期末尚未确定为入党积极分子、也未终止的入党申请人人数。",
)
_register(
    "admission.activists",
    "入党积极分子",
    "Activists (at the end of the period)",
    lambda p: (
        Q(activist_on__lte=p.end)
        & (Q(candidate_on__isnull=True) | Q(candidate_on__gt=p.end))
        & not_ended_by(p.end)
    ),
    "期末的入党积极分子人数。",
)
_register(
    "admission.candidates",
    "发展对象",
    "Candidates (at the end of the period)",
    lambda p: (
        Q(candidate_on__lte=p.end)
        & (Q(approved_on__isnull=True) | Q(approved_on__gt=p.end))
        & not_ended_by(p.end)
    ),
    "期末的发展对象人数（含支部大会已通过、待上级党委审批的）。",
)
_register(
    "admission.probationary",
    "预备党员（发展中）",
    "Probationary members in the admission process (at the end of the period)",
    lambda p: (
        Q(approved_on__lte=p.end)
        & (Q(full_on__isnull=True) | Q(full_on__gt=p.end))
        & not_ended_by(p.end)
    ),
    "期末已接收为预备党员、尚未转正且未被取消资格的人数（按发展党员档案）。",
)
_register(
    "admission.new_members",
    "发展党员",
    "New members admitted",
    admitted_in,
    "期内经支部大会通过、上级党委批准接收的预备党员人数（入党日期在期内）。",
)
_register(
    "admission.new_members_female",
    "发展党员中女性",
    "Women among new members",
    lambda p: admitted_in(p) & Q(sex="female"),
    "期内发展的党员中女性人数。",
)
_register(
    "admission.new_members_under35",
    "发展党员中35岁以下",
    "New members under 35",
    lambda p: admitted_in(p) & under_35_at_admission(),
    "期内发展的党员中，入党时（支部大会通过之日）不满35周岁的人数。",
)
_register(
    "admission.new_members_frontline",
    "发展党员中生产工作一线",
    "New members from the front line",
    lambda p: admitted_in(p) & Q(is_frontline=True),
    "期内发展的党员中在生产、工作一线的人数（按档案登记的工作岗位）。",
)
_register(
    "admission.new_full_members",
    "预备党员转正",
    "Probationary members who became full members",
    lambda p: Q(state=CaseState.FULL, full_on__gte=p.start, full_on__lte=p.end),
    "期内预备期满、经批准转为正式党员的人数（转正日期为预备期满之日）。",
)


def _overdue(kind: str, due_field: str) -> Any:
    def where(period: Period) -> Q:
        return overdue_q(kind, timezone.localdate()) & Q(
            **{f"{due_field}__gte": period.start, f"{due_field}__lte": period.end},
            archived_on__isnull=True,
        )

    return where


_register(
    "admission.overdue_talks",
    "谈话逾期",
    "Talks overdue",
    _overdue("talks", "talk_due_on"),
    "收到入党申请一个月内应谈话、至今未谈话的人数（谈话期限在期内）。",
)
_register(
    "admission.overdue_assessments",
    "考察逾期",
    "Half-yearly assessments overdue",
    _overdue("assessments", "assessment_due_on"),
    "入党积极分子和预备党员超过半年未考察的人数（考察期限在期内）。",
)
_register(
    "admission.overdue_approvals",
    "审批逾期",
    "Approvals overdue",
    _overdue("approvals", "approval_due_on"),
    "支部大会通过后超过审批期限（三个月，延长的不超过六个月）仍未审批的人数（期限在期内）。",
)
_register(
    "admission.overdue_probations",
    "预备期满未转正",
    "Probations ended without a decision",
    _overdue("probations", "probation_ends_on"),
    "预备期已满、支部大会尚未讨论转正的人数（预备期满之日在期内）。",
)


def _rate(key: str, part: str, definition: str) -> None:
    def combine(part_value: Value, whole_value: Value) -> Value:
        return percent(part_value, whole_value)

    combine.__qualname__ = f"rate[{key}]"
    combine.__doc__ = definition
    derived_indicator(key, inputs=[part, "admission.new_members"])(combine)


_rate(
    "admission.new_members_female_rate",
    "admission.new_members_female",
    "期内发展的党员中女性所占百分比。",
)
_rate(
    "admission.new_members_under35_rate",
    "admission.new_members_under35",
    "期内发展的党员中入党时不满35周岁者所占百分比。",
)
_rate(
    "admission.new_members_frontline_rate",
    "admission.new_members_frontline",
    "期内发展的党员中生产、工作一线人员所占百分比。",
)
