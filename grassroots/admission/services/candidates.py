"""Stage 3: candidates (steps 7–11), and the 1443 three reviews before candidacy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from grassroots.core.errors import RuleViolation
from grassroots.members.models import Member

from ..guards import refuse
from ..models import (
    AdmissionCase,
    CasePerson,
    CaseRole,
    CaseState,
    Review,
    ReviewLevel,
)
from ..rights import rights_suspended
from ..rulebook import cn, rules_on
from .application import check_members, use_point_records
from .base import begin, finish, required_text

REVIEW_VERBS = {
    ReviewLevel.BRANCH: "review_branch",
    ReviewLevel.COMMITTEE: "review_committee",
    ReviewLevel.COUNTY: "review_county",
}


@transaction.atomic
def case_record_review(
    *,
    actor: Any,
    case: AdmissionCase,
    level: int,
    reviewed_on: dt.date,
    opinion: str,
    passed: bool,
    reviewer_name: str = "",
) -> Review:
    """1443 三审查: the branch, then the basic-level committee, then the county
    organization department review the activist before candidacy, each recording
    reviewer, date and opinion."""
    verb = REVIEW_VERBS[ReviewLevel(level)]
    case = begin(actor, case, verb, reviewed_on)
    opinion = required_text(opinion, field="opinion", label=_("审查意见"))
    name = (reviewer_name or "").strip() or getattr(actor, "display_name", str(actor))
    row = Review.objects.create(
        case=case,
        level=level,
        reviewer=actor,
        reviewer_name=name,
        reviewed_on=reviewed_on,
        opinion=opinion,
        passed=passed,
    )
    finish(
        actor=actor,
        case=case,
        verb=verb,
        on=reviewed_on,
        audit={"reviewer": name, "result": _("通过") if passed else _("未通过")},
    )
    return row


@transaction.atomic
def case_make_candidate(
    *, actor: Any, case: AdmissionCase, done_on: dt.date, opinion: str
) -> AdmissionCase:
    """Step 7: after MORE than one year as activist (counted from the activist decision),
    with the opinions heard, the branch committee makes the activist a candidate
    (发展对象). Under 1443 also: three reviews passed, the notice over, the ballot passed."""
    case = begin(actor, case, "make_candidate", done_on)
    opinion = required_text(opinion, field="opinion", label=_("支部委员会意见"))
    data = use_point_records(case, "candidate", done_on)
    case.state = CaseState.CANDIDATE
    case.candidate_on = done_on
    case.assessment_due_on = None
    finish(
        actor=actor,
        case=case,
        verb="make_candidate",
        on=done_on,
        opinion=opinion,
        data=data,
        changes={"state": [CaseState.ACTIVIST, CaseState.CANDIDATE]},
    )
    return case


@transaction.atomic
def case_assign_sponsors(
    *, actor: Any, case: AdmissionCase, done_on: dt.date, sponsors: Sequence[Member]
) -> AdmissionCase:
    """Step 9: two distinct full members as sponsors (入党介绍人); a member on probation
    within the party (留党察看) whose rights are not restored cannot sponsor."""
    case = begin(actor, case, "assign_sponsors", done_on)
    rules = rules_on(done_on)
    check_members(
        sponsors,
        case=case,
        role=CaseRole.SPONSOR,
        on=done_on,
        low=rules.sponsors,
        high=rules.sponsors,
    )
    for m in sponsors:
        barred = rights_suspended(m, done_on)
        if barred is not None:
            raise refuse(
                "admission.sponsor_disciplined",
                _("入党介绍人"),
                _("%(name)s于%(date)s受留党察看处分，尚未恢复党员权利，不能作入党介绍人。")
                % {"name": m.name, "date": cn(barred.started_on)},
                rules.source,
                field="sponsors",
            )
    CasePerson.objects.bulk_create(
        [
            CasePerson(case=case, member=m, role=CaseRole.SPONSOR, assigned_on=done_on)
            for m in sponsors
        ]
    )
    names = "、".join(m.name for m in sponsors)
    finish(
        actor=actor,
        case=case,
        verb="assign_sponsors",
        on=done_on,
        data={"sponsors": [m.pk for m in sponsors], "names": names},
        audit={"names": names},
    )
    return case


@transaction.atomic
def case_record_political_review(
    *, actor: Any, case: AdmissionCase, done_on: dt.date, conclusion: str, qualified: bool
) -> AdmissionCase:
    """Step 10: the written political-review conclusion (政治审查结论); no later step
    before it. An unfavourable conclusion ends the process: close the case."""
    case = begin(actor, case, "political_review", done_on)
    conclusion = required_text(conclusion, field="conclusion", label=_("政治审查结论"))
    if not qualified:
        raise refuse(
            "admission.political_review_failed",
            _("政治审查"),
            _("政治审查不合格的，不能继续发展；请终止此档案并写明原因。"),
            rules_on(done_on).source,
            field="qualified",
        )
    finish(
        actor=actor,
        case=case,
        verb="political_review",
        on=done_on,
        opinion=conclusion,
        data={"qualified": True},
    )
    return case


@transaction.atomic
def case_record_training(
    *,
    actor: Any,
    case: AdmissionCase,
    started_on: dt.date,
    ended_on: dt.date,
    class_hours: int,
    organizer: str,
    opinion: str = "",
) -> AdmissionCase:
    """Step 11: centralized training of at least 3 days or at least 24 class hours."""
    case = begin(actor, case, "training", ended_on)
    rules = rules_on(ended_on)
    organizer = required_text(organizer, field="organizer", label=_("培训单位"))
    if started_on > ended_on:
        raise RuleViolation(
            _("培训开始日期不能晚于结束日期。"), rule="admission.date_order", field="started_on"
        )
    prior = case.done_on(10)
    if prior and started_on < prior:
        raise refuse(
            "admission.date_order",
            _("集中培训"),
            _("集中培训应在政治审查（%(date)s）之后进行。") % {"date": cn(prior)},
            rules.source,
            field="started_on",
        )
    days = (ended_on - started_on).days + 1
    if days < rules.training_min_days and class_hours < rules.training_min_hours:
        raise refuse(
            "admission.training_length",
            _("集中培训"),
            _(
                "短期集中培训时间一般不少于%(days)d天（或不少于%(hours)d个学时），本次为%(d)d天、%(h)d学时。"
            )
            % {
                "days": rules.training_min_days,
                "hours": rules.training_min_hours,
                "d": days,
                "h": class_hours,
            },
            rules.source,
            field="class_hours",
        )
    finish(
        actor=actor,
        case=case,
        verb="training",
        on=ended_on,
        opinion=opinion.strip(),
        data={
            "started_on": started_on.isoformat(),
            "days": days,
            "hours": class_hours,
            "organizer": organizer,
        },
        audit={"days": days, "hours": class_hours},
    )
    return case
