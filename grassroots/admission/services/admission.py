"""Stage 4: admission as a probationary member (steps 12–17)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from grassroots.core import crypto
from grassroots.core.errors import RuleViolation
from grassroots.members.models import MemberStatus

from ..guards import approval_limits, refuse
from ..models import AdmissionCase, CaseState
from ..rulebook import add_months, cn, rules_on
from .application import use_point_records
from .base import begin, finish, required_text, today


@transaction.atomic
def case_committee_review(
    *, actor: Any, case: AdmissionCase, done_on: dt.date, opinion: str
) -> AdmissionCase:
    """Step 12: the branch committee reviews the candidate (支部委员会审查)."""
    case = begin(actor, case, "committee_review", done_on)
    opinion = required_text(opinion, field="opinion", label=_("审查意见"))
    finish(actor=actor, case=case, verb="committee_review", on=done_on, opinion=opinion)
    return case


@transaction.atomic
def case_pre_review(
    *,
    actor: Any,
    case: AdmissionCase,
    done_on: dt.date,
    passed: bool,
    opinion: str,
    leaving_unit_soon: bool = False,
) -> AdmissionCase:
    """Step 13: the basic-level committee's pre-review (预审), after the candidate's public
    notice is over with every objection answered. Someone leaving their unit within three
    months is normally not admitted: that is flagged on the case."""
    case = begin(actor, case, "pre_review", done_on)
    opinion = required_text(opinion, field="opinion", label=_("预审意见"))
    if not passed:
        raise refuse(
            "admission.pre_review_failed",
            _("上级党委预审"),
            _(
                "预审不合格的不能发放入党志愿书；请将意见退回党支部，由支部终止此档案或补充材料后重新报审。"
            ),
            rules_on(done_on).source,
            field="passed",
        )
    data = use_point_records(case, "probationary", done_on, ballot=False)
    case.leaving_unit_soon = leaving_unit_soon
    finish(
        actor=actor,
        case=case,
        verb="pre_review",
        on=done_on,
        opinion=opinion,
        data={"leaving_unit_soon": leaving_unit_soon, **data},
        audit={"flag": _("三个月内将离开工作单位") if leaving_unit_soon else ""},
    )
    return case


@transaction.atomic
def case_fill_form(
    *, actor: Any, case: AdmissionCase, done_on: dt.date, form_number: str = ""
) -> AdmissionCase:
    """Step 14: the application form (入党志愿书), issued after the pre-review, is filled in."""
    case = begin(actor, case, "fill_form", done_on)
    finish(
        actor=actor,
        case=case,
        verb="fill_form",
        on=done_on,
        data={"form_number": form_number.strip()},
    )
    return case


@transaction.atomic
def case_branch_meeting(
    *, actor: Any, case: AdmissionCase, done_on: dt.date, opinion: str
) -> AdmissionCase:
    """Step 15: the branch general meeting (支部大会) resolves to admit the candidate by
    anonymous ballot (the ballots app applies the statutory attendance and vote rules).
    The committee must approve within three months (six at most, with a reason); after
    that the resolution lapses and the meeting must discuss the candidate again."""
    case = begin(actor, case, "branch_meeting", done_on)
    opinion = required_text(opinion, field="opinion", label=_("支部大会决议"))
    data = use_point_records(case, "probationary", done_on, notice=False)
    rules = rules_on(done_on)
    again = case.branch_meeting_on is not None
    case.branch_meeting_on = done_on
    case.approval_due_on = add_months(done_on, rules.approval_within_months)
    case.approval_extension_reason = ""
    finish(
        actor=actor,
        case=case,
        verb="branch_meeting",
        on=done_on,
        opinion=opinion,
        data={"again": again, **data},
        audit={"explanation": data.get("ballot", {}).get("explanation", "")},
    )
    return case


@transaction.atomic
def case_committee_talk(
    *, actor: Any, case: AdmissionCase, done_on: dt.date, talker: str, opinion: str
) -> AdmissionCase:
    """Step 16: a committee member or organizer talks with the candidate before approval."""
    case = begin(actor, case, "committee_talk", done_on)
    talker = required_text(talker, field="talker", label=_("谈话人"))
    opinion = required_text(opinion, field="opinion", label=_("谈话情况"))
    finish(
        actor=actor,
        case=case,
        verb="committee_talk",
        on=done_on,
        opinion=opinion,
        data={"talker": talker},
        audit={"talker": talker},
    )
    return case


@transaction.atomic
def case_extend_approval(
    *,
    actor: Any,
    case: AdmissionCase,
    until: dt.date,
    reason: str,
    decided_on: dt.date | None = None,
) -> AdmissionCase:
    """Extend the approval period beyond three months, with the reason (e.g. the
    committee's re-election); at most six months after the branch meeting in all."""
    on = decided_on or today()
    case = begin(actor, case, "extend_approval", on)
    reason = required_text(reason, field="reason", label=_("延长原因"))
    rules = rules_on(on)
    three, six = approval_limits(case, rules)
    title = _("延长审批时间")
    if until <= three:
        raise refuse(
            "admission.approval_extension_needless",
            title,
            _("审批期限本来就到%(three)s，延长后的期限应在此之后。") % {"three": cn(three)},
            rules.source,
            field="until",
        )
    if until > six:
        raise refuse(
            "admission.approval_six_months",
            title,
            _("审批期限自支部大会通过之日（%(meeting)s）起最长不超过六个月，即%(six)s。")
            % {"meeting": cn(case.branch_meeting_on), "six": cn(six)},
            rules.source,
            field="until",
        )
    if on > six:
        raise refuse(
            "admission.approval_six_months",
            title,
            _("支部大会决议已超过六个月，不能再延长，须重新提交支部大会讨论。"),
            rules.source,
            field="decided_on",
        )
    old = case.approval_due_on
    case.approval_due_on = until
    case.approval_extension_reason = reason
    finish(
        actor=actor,
        case=case,
        verb="extend_approval",
        on=on,
        changes={"approval_due_on": [old, until]},
        audit={"until": cn(until), "reason": reason},
    )
    return case


@transaction.atomic
def case_approve(
    *, actor: Any, case: AdmissionCase, done_on: dt.date, approved: bool, opinion: str
) -> AdmissionCase:
    """Step 17: the basic-level committee approves (or refuses) the admission, within
    three months of the branch meeting (six with a recorded extension). Approved, the
    person enters the member registry as a probationary member who joined on the day of
    the branch meeting; probation (one year) counts from that day."""
    case = begin(actor, case, "approve", done_on)
    opinion = required_text(opinion, field="opinion", label=_("审批意见"))
    rules = rules_on(done_on)
    assert case.branch_meeting_on is not None
    if approved:
        member = _create_member(actor, case)
        case.member = member
        case.state = CaseState.PROBATIONARY
        case.approved_on = done_on
        case.approval_due_on = None
        case.probation_ends_on = add_months(case.branch_meeting_on, rules.probation_months)
        case.assessment_due_on = add_months(case.branch_meeting_on, rules.assessment_every_months)
    else:
        case.state = CaseState.CLOSED
        case.ended_on = done_on
        case.end_reason = opinion
        case.approval_due_on = None
    finish(
        actor=actor,
        case=case,
        verb="approve",
        on=done_on,
        opinion=opinion,
        data={"approved": approved},
        changes={"state": [CaseState.CANDIDATE, case.state]},
        audit={"result": _("同意接收为预备党员") if approved else _("不同意接收")},
    )
    return case


def _create_member(actor: Any, case: AdmissionCase) -> Any:
    """The person enters the registry through the registry's own service."""
    from grassroots.members.services import member_create

    try:
        return member_create(
            actor=actor,
            organization=case.organization,
            status=MemberStatus.PROBATIONARY,
            reason=_("发展党员：经上级党委审批接收为预备党员"),
            name=case.name,
            sex=case.sex,
            ethnicity=case.ethnicity,
            birth_date=case.birth_date,
            id_number=crypto.decrypt(case.id_number_encrypted),
            education=case.education,
            occupation=case.occupation,
            is_frontline=case.is_frontline,
            mobile=case.mobile,
            address=case.address,
            joined_on=case.branch_meeting_on,
        )
    except RuleViolation as exc:
        raise RuleViolation(
            _("不能登记到党员信息库：%(why)s") % {"why": exc.message}, rule=exc.rule
        ) from exc
