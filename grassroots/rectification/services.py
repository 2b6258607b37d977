"""The rectification workflow (软弱涣散党组织整顿).

Transitions (guards in brackets):

    proposed --approve--> open          [county department; 县委组织部审批认定]
    proposed --reject---> rejected      [county department; a reason]
    open --review(passed)--> rectified  [county department; actions recorded; a village has
                                         at least 2 reserve cadres]
    open --review(not passed)--> carried_over, and a new open case for the next year

Actions are recorded only on open cases. Every service checks permission, runs in one
transaction and writes one audit entry.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.core import scoping
from grassroots.core.audit import diff, log_action, snapshot
from grassroots.core.errors import RuleViolation
from grassroots.core.uploads import check_upload
from grassroots.orgs.models import Organization, OrgKind, Sector

from .models import (
    KIND_HEADING,
    MONEY_KINDS,
    PERSON_KINDS,
    RESERVE_CADRES_MAX,
    RESERVE_CADRES_MIN,
    SUBSIDY_MAX,
    SUBSIDY_MIN,
    Action,
    ActionKind,
    CaseStatus,
    HotIssueArea,
    LeadingBody,
    RectificationCase,
    RuleType,
    WeakReason,
)


def _today() -> dt.date:
    return timezone.localdate()


def _not_future(day: dt.date, *, rule: str, field: str) -> None:
    if day > _today():
        raise RuleViolation(_("日期不能晚于今天。"), rule=rule, field=field)


def _lock(case: RectificationCase) -> RectificationCase:
    return (
        RectificationCase.objects.select_for_update().select_related("organization").get(pk=case.pk)
    )


def _require_status(case: RectificationCase, status: str, message: str, rule: str) -> None:
    if case.status != status:
        raise RuleViolation(message % {"status": case.get_status_display()}, rule=rule)


def _require_open(case: RectificationCase) -> None:
    if case.status == CaseStatus.PROPOSED:
        raise RuleViolation(
            _("「%(org)s」尚未经县委组织部审批认定为软弱涣散党组织，不能记录整顿措施。")
            % {"org": case.organization.name},
            rule="rectification.not_approved",
        )
    _require_status(
        case,
        CaseStatus.OPEN,
        _("案件状态为「%(status)s」，不能再办理此项。"),
        "rectification.case_closed",
    )


@transaction.atomic
def case_propose(
    *,
    actor: Any,
    organization: Organization,
    year: int,
    reasons: list[str],
    other_reasons: str = "",
    proposed_on: dt.date | None = None,
) -> RectificationCase:
    """Propose to mark ``organization`` weak for ``year`` (by the level above it)."""
    scoping.require(actor, "rectification.propose", organization)
    if not scoping.covers_strictly(actor, "rectification.propose", organization):
        raise RuleViolation(
            _("软弱涣散党组织由上级党组织排查提出，「%(org)s」不能提出自己。")
            % {"org": organization.name},
            rule="rectification.propose_from_above",
        )
    if not organization.is_active:
        raise RuleViolation(
            _("「%(org)s」已撤销。") % {"org": organization.name},
            rule="rectification.org_dissolved",
        )
    proposed_on = proposed_on or _today()
    _not_future(proposed_on, rule="rectification.proposed_future", field="proposed_on")
    if not proposed_on.year - 1 <= year <= proposed_on.year + 1:
        raise RuleViolation(
            _("整顿年度应为当年或相邻年度。"), rule="rectification.year", field="year"
        )
    unknown = set(reasons) - set(WeakReason.values)
    if unknown:
        raise ValueError(f"unknown reasons: {sorted(unknown)}")
    if not reasons and not other_reasons.strip():
        raise RuleViolation(
            _("请至少勾选一种软弱涣散情形，或写明其他情形。"),
            rule="rectification.reasons_required",
            field="reasons",
        )
    if (
        RectificationCase.objects.filter(organization=organization, year=year)
        .exclude(status=CaseStatus.REJECTED)
        .exists()
    ):
        raise RuleViolation(
            _("「%(org)s」%(year)d年度已有整顿案件。") % {"org": organization.name, "year": year},
            rule="rectification.case_duplicate",
        )
    case = RectificationCase.objects.create(
        organization=organization,
        year=year,
        reasons=[r for r in WeakReason.values if r in reasons],
        other_reasons=other_reasons.strip(),
        proposed_by=actor,
        proposed_on=proposed_on,
    )
    log_action(
        actor=actor,
        action="rectification.case.proposed",
        obj=case,
        data={"year": year, "reasons": case.reason_labels, "other": case.other_reasons},
    )
    return case


@transaction.atomic
def case_approve(
    *, actor: Any, case: RectificationCase, decided_on: dt.date | None = None, note: str = ""
) -> RectificationCase:
    """The county department confirms the organization is weak: the case opens."""
    case = _lock(case)
    scoping.require(actor, "rectification.approve", case.organization)
    _require_status(
        case,
        CaseStatus.PROPOSED,
        _("案件状态为「%(status)s」，不是待审批。"),
        "rectification.not_proposed",
    )
    decided_on = decided_on or _today()
    _not_future(decided_on, rule="rectification.decided_future", field="decided_on")
    if decided_on < case.proposed_on:
        raise RuleViolation(
            _("审批日期不能早于提出日期。"), rule="rectification.decided_before", field="decided_on"
        )
    case.status = CaseStatus.OPEN
    case.decided_by, case.decided_on, case.decision_note = actor, decided_on, note.strip()
    case.save(update_fields=["status", "decided_by", "decided_on", "decision_note", "updated_at"])
    log_action(
        actor=actor, action="rectification.case.approved", obj=case, data={"year": case.year}
    )
    return case


@transaction.atomic
def case_reject(
    *, actor: Any, case: RectificationCase, note: str, decided_on: dt.date | None = None
) -> RectificationCase:
    case = _lock(case)
    scoping.require(actor, "rectification.approve", case.organization)
    _require_status(
        case,
        CaseStatus.PROPOSED,
        _("案件状态为「%(status)s」，不是待审批。"),
        "rectification.not_proposed",
    )
    if not note.strip():
        raise RuleViolation(
            _("不予认定须写明理由。"), rule="rectification.reject_reason", field="note"
        )
    case.status = CaseStatus.REJECTED
    case.decided_by, case.decided_on, case.decision_note = (
        actor,
        decided_on or _today(),
        note.strip(),
    )
    case.save(update_fields=["status", "decided_by", "decided_on", "decision_note", "updated_at"])
    log_action(
        actor=actor,
        action="rectification.case.rejected",
        obj=case,
        data={"note": case.decision_note},
    )
    return case


ASSIGN_FIELDS = (
    "leader",
    "leader_body",
    "leader_post",
    "first_secretary",
    "first_secretary_unit",
    "first_secretary_sent_on",
)


@transaction.atomic
def holds_county_leader_role(user: Any, organization: Organization) -> bool:
    """Whether ``user`` holds an active leader role (联系点领导) on a county committee
    above ``organization``: a county-level leader of the "four leading bodies"."""
    from grassroots.accounts.models import RoleAssignment
    from grassroots.core.roles import Role

    paths = RoleAssignment.objects.filter(
        user_id=user.pk,
        role=Role.LEADER,
        revoked_at__isnull=True,
        organization__kind=OrgKind.COUNTY_COMMITTEE,
    ).values_list("organization__path", flat=True)
    return any(organization.path.startswith(p) for p in paths)


def case_assign(
    *,
    actor: Any,
    case: RectificationCase,
    leader: Any = None,
    leader_body: str = "",
    leader_post: str = "",
    first_secretary: str = "",
    first_secretary_unit: str = "",
    first_secretary_sent_on: dt.date | None = None,
) -> RectificationCase:
    """The county assigns the leader of the four leading bodies and sends the first secretary."""
    case = _lock(case)
    scoping.require(actor, "rectification.approve", case.organization)
    _require_open(case)
    if leader is not None and leader_body not in LeadingBody.values:
        raise RuleViolation(
            _("请选择挂点领导所属的班子（县委、县人大常委会、县政府、县政协）。"),
            rule="rectification.leader_body",
            field="leader_body",
        )
    if leader is not None and not holds_county_leader_role(leader, case.organization):
        raise RuleViolation(
            _(
                "「%(leader)s」不是县级领导干部：挂点领导须由县委授予联系点领导角色的"
                "县四大家领导担任。"
            )
            % {"leader": leader.display_name},
            rule="rectification.leader_not_county",
            field="leader",
        )
    if first_secretary.strip() and not (first_secretary_unit.strip() and first_secretary_sent_on):
        raise RuleViolation(
            _("选派第一书记须写明派出单位和选派日期。"),
            rule="rectification.first_secretary",
            field="first_secretary_unit",
        )
    if first_secretary_sent_on:
        _not_future(
            first_secretary_sent_on,
            rule="rectification.sent_future",
            field="first_secretary_sent_on",
        )
    before = snapshot(case, ASSIGN_FIELDS)
    case.leader = leader
    case.leader_body = leader_body if leader is not None else ""
    case.leader_post = leader_post.strip() if leader is not None else ""
    case.first_secretary = first_secretary.strip()
    case.first_secretary_unit = first_secretary_unit.strip() if case.first_secretary else ""
    case.first_secretary_sent_on = first_secretary_sent_on if case.first_secretary else None
    changes = diff(before, snapshot(case, ASSIGN_FIELDS))
    if not changes:
        return case
    case.save(update_fields=[*ASSIGN_FIELDS, "updated_at"])
    log_action(
        actor=actor,
        action="rectification.case.assigned",
        obj=case,
        changes=changes,
        data={
            "leader": leader.display_name if leader is not None else "—",
            "first_secretary": case.first_secretary or "—",
        },
    )
    return case


def _amount(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise RuleViolation(
            _("金额格式不正确。"), rule="rectification.amount", field="amount_yuan"
        ) from exc


def _check_action(case: RectificationCase, kind: str, fields: dict[str, Any]) -> None:
    """The rules of one kind of action (persons, areas, money, the subsidy range)."""
    if kind in PERSON_KINDS and not fields["person_name"]:
        raise RuleViolation(
            _("请填写涉及人员的姓名。"), rule="rectification.person_required", field="person_name"
        )
    if kind == ActionKind.HOT_ISSUE and fields["area"] not in HotIssueArea.values:
        raise RuleViolation(
            _("请选择热点难点问题所属的领域。"), rule="rectification.area", field="area"
        )
    if kind == ActionKind.RULE_ESTABLISHED and fields["area"] not in RuleType.values:
        raise RuleViolation(
            _("请选择制度类别（党组织工作制度或民主管理制度）。"),
            rule="rectification.rule_type",
            field="area",
        )
    amount = fields["amount_yuan"]
    if kind in MONEY_KINDS:
        if amount is None or amount <= 0:
            raise RuleViolation(
                _("请填写金额（元）。"), rule="rectification.amount_required", field="amount_yuan"
            )
    elif amount is not None:
        raise RuleViolation(
            _("「%(kind)s」不登记金额。") % {"kind": ActionKind(kind).label},
            rule="rectification.amount_not_applicable",
            field="amount_yuan",
        )
    if kind == ActionKind.SERVICE_CENTRE_SUBSIDY:
        assert amount is not None
        if not SUBSIDY_MIN <= amount <= SUBSIDY_MAX:
            raise RuleViolation(
                _("党员群众服务中心建设以奖代补应为3万元至7万元（现为%(amount)s元）。")
                % {"amount": amount},
                rule="rectification.subsidy_range",
                field="amount_yuan",
            )
        if case.actions.filter(kind=ActionKind.SERVICE_CENTRE_SUBSIDY).exists():
            raise RuleViolation(
                _("「%(org)s」本年度已落实以奖代补，不能重复补贴。")
                % {"org": case.organization.name},
                rule="rectification.subsidy_once",
            )
    if kind == ActionKind.RESERVE_CADRE and case.organization.sector == Sector.VILLAGE:
        count = case.actions.filter(kind=ActionKind.RESERVE_CADRE).count()
        if count >= RESERVE_CADRES_MAX:
            raise RuleViolation(
                _("每个村选拔培养2—3名后备干部，「%(org)s」已有%(n)d名。")
                % {"org": case.organization.name, "n": count},
                rule="rectification.reserve_cadres_max",
            )


@transaction.atomic
def action_record(
    *,
    actor: Any,
    case: RectificationCase,
    kind: str,
    occurred_on: dt.date,
    title: str,
    person_name: str = "",
    area: str = "",
    amount_yuan: Any = None,
    evidence: str = "",
    evidence_file: Any = None,
) -> Action:
    """Record one action under the heading its kind belongs to, with date and evidence."""
    case = _lock(case)
    scoping.require(actor, "rectification.record", case.organization)
    _require_open(case)
    if kind not in ActionKind.values:
        raise ValueError(kind)
    _not_future(occurred_on, rule="rectification.action_future", field="occurred_on")
    if occurred_on.year != case.year:
        raise RuleViolation(
            _("措施日期应在整顿年度（%(year)d年）内。") % {"year": case.year},
            rule="rectification.action_year",
            field="occurred_on",
        )
    if not title.strip():
        raise RuleViolation(_("请填写事项。"), rule="rectification.title", field="title")
    fields = {
        "person_name": person_name.strip(),
        "area": area,
        "amount_yuan": _amount(amount_yuan),
    }
    _check_action(case, kind, fields)
    if not evidence.strip() and evidence_file is None:
        raise RuleViolation(
            _("每项措施须有佐证：写明佐证材料（会议记录、文件、照片等）或上传文件。"),
            rule="rectification.evidence_required",
            field="evidence",
        )
    action = Action(
        case=case,
        heading=KIND_HEADING[kind],
        kind=kind,
        occurred_on=occurred_on,
        title=title.strip(),
        evidence=evidence.strip(),
        recorded_by=actor,
        **fields,
    )
    if evidence_file is not None:
        checked = check_upload(evidence_file, field="evidence_file")
        action.evidence_file.save(checked.storage_name, evidence_file, save=False)
        action.evidence_name, action.evidence_type = checked.original_name, checked.content_type
    action.save()
    log_action(
        actor=actor,
        action="rectification.action.recorded",
        obj=action,
        organization=case.organization,
        data={
            "kind": ActionKind(kind).label,
            "org": case.organization.name,
            "date": occurred_on,
            "amount_yuan": fields["amount_yuan"],
            "person": fields["person_name"],
        },
    )
    return action


@transaction.atomic
def case_review(
    *,
    actor: Any,
    case: RectificationCase,
    passed: bool,
    note: str,
    reviewed_on: dt.date | None = None,
) -> RectificationCase:
    """The acceptance review (验收): passed turns the organization from weak to rectified;
    not passed carries the case into the next year as a new open case."""
    case = _lock(case)
    scoping.require(actor, "rectification.approve", case.organization)
    _require_open(case)
    reviewed_on = reviewed_on or _today()
    _not_future(reviewed_on, rule="rectification.reviewed_future", field="reviewed_on")
    if case.decided_on and reviewed_on < case.decided_on:
        raise RuleViolation(
            _("验收日期不能早于认定日期。"),
            rule="rectification.reviewed_before",
            field="reviewed_on",
        )
    if not note.strip():
        raise RuleViolation(_("请填写验收意见。"), rule="rectification.review_note", field="note")
    next_case = None
    if passed:
        if not case.actions.exists():
            raise RuleViolation(
                _("还没有记录任何整顿措施，不能验收通过。"), rule="rectification.review_no_actions"
            )
        if case.organization.sector == Sector.VILLAGE:
            cadres = case.actions.filter(kind=ActionKind.RESERVE_CADRE).count()
            if cadres < RESERVE_CADRES_MIN:
                raise RuleViolation(
                    _("每个村应选拔培养2—3名后备干部，「%(org)s」只有%(n)d名，不能验收通过。")
                    % {"org": case.organization.name, "n": cadres},
                    rule="rectification.reserve_cadres_min",
                )
        case.status = CaseStatus.RECTIFIED
    else:
        if (
            RectificationCase.objects.filter(organization=case.organization, year=case.year + 1)
            .exclude(status=CaseStatus.REJECTED)
            .exists()
        ):
            raise RuleViolation(
                _("「%(org)s」下一年度已有整顿案件。") % {"org": case.organization.name},
                rule="rectification.case_duplicate",
            )
        case.status = CaseStatus.CARRIED_OVER
    case.reviewed_by, case.reviewed_on, case.review_note = actor, reviewed_on, note.strip()
    case.save(update_fields=["status", "reviewed_by", "reviewed_on", "review_note", "updated_at"])
    if not passed:
        next_case = RectificationCase.objects.create(
            organization=case.organization,
            year=case.year + 1,
            reasons=case.reasons,
            other_reasons=case.other_reasons,
            status=CaseStatus.OPEN,
            proposed_by=actor,
            proposed_on=reviewed_on,
            decided_by=actor,
            decided_on=reviewed_on,
            decision_note=_("上年度验收未通过，转入本年度继续整顿。"),
            leader=case.leader,
            leader_body=case.leader_body,
            leader_post=case.leader_post,
            first_secretary=case.first_secretary,
            first_secretary_unit=case.first_secretary_unit,
            first_secretary_sent_on=case.first_secretary_sent_on,
            carried_from=case,
        )
    log_action(
        actor=actor,
        action="rectification.case.reviewed",
        obj=case,
        data={
            "result": _("验收通过，已整顿转化") if passed else _("验收未通过，转入下一年度"),
            "next_case": next_case.pk if next_case else None,
        },
    )
    return case


def require_recorder(actor: Any, case: RectificationCase) -> None:
    """For views: refuse (403) someone who sees the case but may not record actions."""
    if not scoping.covers(actor, "rectification.record", case.organization):
        raise PermissionDenied
