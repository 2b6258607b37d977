"""Stage 5: probation and full membership (steps 19–25)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from grassroots.core.errors import RuleViolation
from grassroots.members.models import MemberStatus
from grassroots.orgs.models import Organization, OrgKind

from ..guards import refuse
from ..models import REQUIRED_DOCUMENTS, AdmissionCase, CaseState, DocumentKind
from ..rulebook import add_months, cn, rules_on
from .application import use_point_records
from .base import begin, finish, mark_step, required_text


@transaction.atomic
def case_place(
    *, actor: Any, case: AdmissionCase, done_on: dt.date, party_group: Organization | None = None
) -> AdmissionCase:
    """Step 19: the probationary member is placed in the branch and a party group."""
    case = begin(actor, case, "place", done_on)
    if party_group is not None and (
        party_group.kind != OrgKind.PARTY_GROUP or party_group.parent_path != case.organization.path
    ):
        raise RuleViolation(
            _("党小组「%(group)s」不属于「%(org)s」。")
            % {"group": party_group.name, "org": case.organization.name},
            rule="admission.party_group",
            field="party_group",
        )
    if party_group is not None and case.member is not None:
        from grassroots.members.services import member_update

        member_update(actor=actor, member=case.member, party_group=party_group)
    case.party_group = party_group
    finish(
        actor=actor,
        case=case,
        verb="place",
        on=done_on,
        data={"party_group": party_group.name if party_group else ""},
        audit={"group": party_group.name if party_group else "—"},
    )
    return case


@transaction.atomic
def case_oath(
    *, actor: Any, case: AdmissionCase, done_on: dt.date, note: str = ""
) -> AdmissionCase:
    """Step 20: the oath (入党宣誓)."""
    case = begin(actor, case, "oath", done_on)
    finish(actor=actor, case=case, verb="oath", on=done_on, opinion=note.strip())
    return case


@transaction.atomic
def case_apply_full(
    *, actor: Any, case: AdmissionCase, done_on: dt.date, opinion: str = ""
) -> AdmissionCase:
    """Step 22: the written application for full membership (转正申请)."""
    case = begin(actor, case, "apply_full", done_on)
    finish(actor=actor, case=case, verb="apply_full", on=done_on, opinion=opinion.strip())
    return case


@transaction.atomic
def case_full_meeting(
    *, actor: Any, case: AdmissionCase, done_on: dt.date, opinion: str
) -> AdmissionCase:
    """Step 23: once probation is over and the public notice cleared, the branch general
    meeting discusses full membership by anonymous ballot (statutory thresholds)."""
    case = begin(actor, case, "full_meeting", done_on)
    opinion = required_text(opinion, field="opinion", label=_("支部大会决议"))
    data = use_point_records(case, "full", done_on)
    case.full_meeting_on = done_on
    case.assessment_due_on = None
    case.approval_due_on = add_months(done_on, rules_on(done_on).full_approval_within_months)
    finish(
        actor=actor,
        case=case,
        verb="full_meeting",
        on=done_on,
        opinion=opinion,
        data=data,
        audit={"explanation": data.get("ballot", {}).get("explanation", "")},
    )
    return case


FULL, EXTEND, CANCEL = "full", "extend", "cancel"
OUTCOMES = {
    FULL: _("按期转为正式党员"),
    EXTEND: _("延长预备期"),
    CANCEL: _("取消预备党员资格"),
}


@transaction.atomic
def case_decide_full(
    *,
    actor: Any,
    case: AdmissionCase,
    done_on: dt.date,
    outcome: str,
    opinion: str,
    extension_months: int | None = None,
) -> AdmissionCase:
    """Step 24: the committee decides, within three months of the branch meeting:

    * full membership (转正), effective on the day probation ended, not the approval date;
    * an extension of probation (延长预备期): once only, at least half a year and at most
      one year; steps 22–24 are then done again when the extended probation ends;
    * cancellation of probationary membership (取消预备党员资格).
    The registry is updated in the same transaction."""
    case = begin(actor, case, "decide_full", done_on)
    opinion = required_text(opinion, field="opinion", label=_("审批意见"))
    rules = rules_on(done_on)
    if outcome not in OUTCOMES:
        raise RuleViolation(_("请选择审批结果。"), rule="admission.choice", field="outcome")
    assert case.member is not None and case.probation_ends_on is not None
    from grassroots.members.services import member_change_status

    data: dict[str, Any] = {"outcome": outcome}
    old_state = case.state
    case.approval_due_on = None
    if outcome == FULL:
        member_change_status(
            actor=actor,
            member=case.member,
            new_status=MemberStatus.FULL,
            changed_on=case.probation_ends_on,
            reason=_("预备期满，经上级党委审批转为正式党员（%(date)s批准）")
            % {"date": cn(done_on)},
        )
        case.state = CaseState.FULL
        case.full_on = case.probation_ends_on
        case.assessment_due_on = None
        data["full_on"] = case.full_on.isoformat()
    elif outcome == EXTEND:
        _check_extension(case, extension_months, done_on)
        assert extension_months is not None
        old_end = case.probation_ends_on
        case.probation_ends_on = add_months(old_end, extension_months)
        case.extensions += 1
        case.extension_months = extension_months
        case.full_meeting_on = None
        case.assessment_due_on = add_months(done_on, rules.assessment_every_months)
        data.update(
            months=extension_months,
            old_end=old_end.isoformat(),
            new_end=case.probation_ends_on.isoformat(),
        )
    else:
        member_change_status(
            actor=actor,
            member=case.member,
            new_status=MemberStatus.REMOVED,
            changed_on=done_on,
            reason=_("取消预备党员资格：%(why)s") % {"why": opinion},
        )
        case.state = CaseState.CANCELLED
        case.ended_on = done_on
        case.end_reason = opinion
        case.assessment_due_on = None
    finish(
        actor=actor,
        case=case,
        verb="decide_full",
        on=done_on,
        opinion=opinion,
        data=data,
        changes={"state": [old_state, case.state]} if case.state != old_state else None,
        audit={"result": str(OUTCOMES[outcome])},
    )
    if outcome == EXTEND:
        # The extended probation ends later: the application, the meeting and the
        # decision are done again then (their records stay in the history).
        for step in (22, 23, 24):
            mark_step(case, step, None)
        case.save(update_fields=["step_dates", "step", "stage"])
    return case


def _check_extension(case: AdmissionCase, months: int | None, on: dt.date) -> None:
    rules = rules_on(on)
    title = _("延长预备期")
    if case.extensions >= rules.max_extensions:
        raise refuse(
            "admission.extension_once",
            title,
            _("预备期只能延长一次，已于此前延长过%(m)d个月。") % {"m": case.extension_months},
            rules.source,
            field="outcome",
        )
    if months is None or not rules.extension_min_months <= months <= rules.extension_max_months:
        raise refuse(
            "admission.extension_length",
            title,
            _("延长预备期的时间不能少于半年（%(low)d个月），最长不超过一年（%(high)d个月）。")
            % {"low": rules.extension_min_months, "high": rules.extension_max_months},
            rules.source,
            field="extension_months",
        )


@transaction.atomic
def case_archive(
    *, actor: Any, case: AdmissionCase, done_on: dt.date, location: str = ""
) -> AdmissionCase:
    """Step 25: the whole file is archived; it must hold the required documents."""
    case = begin(actor, case, "archive", done_on)
    have = set(case.documents.values_list("kind", flat=True))
    missing = [DocumentKind(k).label for k in REQUIRED_DOCUMENTS if k not in have]
    if missing:
        raise refuse(
            "admission.documents_missing",
            _("材料归档"),
            _("归档材料不全，尚缺：%(missing)s。请先上传。")
            % {"missing": "、".join(str(m) for m in missing)},
            rules_on(done_on).source,
        )
    case.archived_on = done_on
    finish(
        actor=actor,
        case=case,
        verb="archive",
        on=done_on,
        opinion=location.strip(),
        audit={"location": location.strip()},
    )
    return case
