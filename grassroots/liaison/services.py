"""Every change to contact points, visits, problems and the county's leadership work:
permission-checked, one transaction, one audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.accounts.models import RoleAssignment
from grassroots.core import scoping
from grassroots.core.audit import log_action
from grassroots.core.errors import RuleViolation
from grassroots.core.roles import Role
from grassroots.orgs.models import Organization, OrgKind

from .models import (
    ContactPoint,
    FundIntegration,
    LeaderLevel,
    LeadershipMeeting,
    MeetingKind,
    Problem,
    ProblemCategory,
    Visit,
)


@dataclass(frozen=True)
class ProblemEntry:
    """A difficulty raised during a visit; ``resolution`` given means solved on the spot."""

    category: str
    description: str
    resolution: str = ""


def _not_future(day: dt.date, *, rule: str, field: str, label: str) -> None:
    if day > timezone.localdate():
        raise RuleViolation(_("%(label)s不能晚于今天。") % {"label": label}, rule=rule, field=field)


def _check_active_org(org: Organization) -> None:
    if not org.is_active:
        raise RuleViolation(
            _("「%(name)s」已撤销，不能再建立联系点。") % {"name": org.name},
            rule="liaison.org_dissolved",
        )


def _county_roots(actor: Any, permission: str) -> list[str]:
    """Paths of county committees from which the actor holds ``permission``."""
    paths = scoping.scope_paths(actor, permission)
    if not paths:
        return []
    return list(
        Organization.objects.filter(path__in=paths, kind=OrgKind.COUNTY_COMMITTEE).values_list(
            "path", flat=True
        )
    )


def can_log(actor: Any, point: ContactPoint) -> bool:
    """The point's own leader (within their leader role) or a committee above the point."""
    if scoping.covers(actor, "liaison.manage", point.organization):
        return True
    return point.leader_id == getattr(actor, "pk", None) and scoping.covers(
        actor, "liaison.own", point.organization
    )


def _require_log(actor: Any, point: ContactPoint) -> None:
    if not can_log(actor, point):
        raise PermissionDenied


@transaction.atomic
def contact_point_create(
    *,
    actor: Any,
    leader: Any,
    leader_level: str,
    leader_post: str,
    organization: Organization,
    started_on: dt.date,
    note: str = "",
) -> ContactPoint:
    """Set up a contact point. County-level leaders' points are set up by the county
    committee (县委建立县级领导干部联系点); the leader must hold the leader role over the
    organization, so the point shows among their own."""
    scoping.require(actor, "liaison.manage", organization)
    _check_active_org(organization)
    if leader_level not in LeaderLevel.values:
        raise ValueError(leader_level)
    if leader_level == LeaderLevel.COUNTY and not any(
        organization.path.startswith(p) for p in _county_roots(actor, "liaison.manage")
    ):
        raise RuleViolation(
            _("县级领导干部的联系点由县委组织部建立，乡镇不能建立。"),
            rule="liaison.county_point_by_county",
            field="leader_level",
        )
    leader_paths = RoleAssignment.objects.filter(
        user_id=leader.pk, role=Role.LEADER, revoked_at__isnull=True
    ).values_list("organization__path", flat=True)
    if not any(organization.path.startswith(p) for p in leader_paths):
        raise RuleViolation(
            _("「%(leader)s」没有覆盖「%(org)s」的联系点领导角色，请先授予该角色。")
            % {"leader": leader.display_name, "org": organization.name},
            rule="liaison.leader_role",
            field="leader",
        )
    if not leader_post.strip():
        raise RuleViolation(_("请填写领导职务。"), rule="liaison.leader_post", field="leader_post")
    _not_future(started_on, rule="liaison.started_future", field="started_on", label=_("建立日期"))
    if ContactPoint.objects.filter(
        leader_id=leader.pk, organization=organization, ended_on__isnull=True
    ).exists():
        raise RuleViolation(
            _("「%(leader)s」在「%(org)s」已有未结束的联系点。")
            % {"leader": leader.display_name, "org": organization.name},
            rule="liaison.point_duplicate",
        )
    point = ContactPoint.objects.create(
        leader=leader,
        leader_level=leader_level,
        leader_post=leader_post.strip(),
        organization=organization,
        started_on=started_on,
        note=note.strip(),
        created_by=actor,
    )
    log_action(
        actor=actor,
        action="liaison.point.created",
        obj=point,
        data={
            "leader": leader.display_name,
            "level": LeaderLevel(leader_level).label,
            "post": point.leader_post,
            "org": organization.name,
            "started_on": started_on,
        },
    )
    return point


@transaction.atomic
def contact_point_end(
    *, actor: Any, point: ContactPoint, ended_on: dt.date, reason: str
) -> ContactPoint:
    point = (
        ContactPoint.objects.select_for_update()
        .select_related("organization", "leader")
        .get(pk=point.pk)
    )
    scoping.require(actor, "liaison.manage", point.organization)
    if point.ended_on is not None:
        raise RuleViolation(_("该联系点已经结束。"), rule="liaison.point_ended")
    if not reason.strip():
        raise RuleViolation(_("结束联系点须写明原因。"), rule="liaison.end_reason", field="reason")
    _not_future(ended_on, rule="liaison.ended_future", field="ended_on", label=_("结束日期"))
    if ended_on < point.started_on:
        raise RuleViolation(
            _("结束日期不能早于建立日期（%(d)s）。") % {"d": point.started_on},
            rule="liaison.ended_before_start",
            field="ended_on",
        )
    point.ended_on = ended_on
    point.end_reason = reason.strip()
    point.save(update_fields=["ended_on", "end_reason", "updated_at"])
    log_action(
        actor=actor,
        action="liaison.point.ended",
        obj=point,
        data={"reason": point.end_reason, "ended_on": ended_on},
    )
    return point


def _check_in_period(point: ContactPoint, day: dt.date, *, field: str) -> None:
    if day < point.started_on or (point.ended_on is not None and day > point.ended_on):
        raise RuleViolation(
            _("日期不在联系点的联系期内（%(start)s 至 %(end)s）。")
            % {"start": point.started_on, "end": point.ended_on or _("今")},
            rule="liaison.date_in_period",
            field=field,
        )


def _check_problem(entry: ProblemEntry) -> None:
    if entry.category not in ProblemCategory.values:
        raise RuleViolation(_("请选择问题类别。"), rule="liaison.problem_category")
    if not entry.description.strip():
        raise RuleViolation(_("请填写困难问题的内容。"), rule="liaison.problem_description")


@transaction.atomic
def visit_log(
    *,
    actor: Any,
    point: ContactPoint,
    visited_on: dt.date,
    visitors: str,
    summary: str = "",
    aid_funds_yuan: Decimal = Decimal("0"),
    aid_goods_yuan: Decimal = Decimal("0"),
    aid_goods_description: str = "",
    disputes_mediated: int = 0,
    problems: Iterable[ProblemEntry] = (),
) -> Visit:
    """Log a visit with the problems raised there (solved on the spot if a resolution is
    given). Only the point's leader, or a committee above the point, logs visits."""
    point = ContactPoint.objects.select_related("organization", "leader").get(pk=point.pk)
    _require_log(actor, point)
    _not_future(visited_on, rule="liaison.visit_future", field="visited_on", label=_("走访日期"))
    _check_in_period(point, visited_on, field="visited_on")
    if not visitors.strip():
        raise RuleViolation(_("请填写走访人员。"), rule="liaison.visitors", field="visitors")
    aid_funds_yuan, aid_goods_yuan = Decimal(aid_funds_yuan or 0), Decimal(aid_goods_yuan or 0)
    if aid_funds_yuan < 0 or aid_goods_yuan < 0 or disputes_mediated < 0:
        raise RuleViolation(_("金额和次数不能为负数。"), rule="liaison.negative")
    if aid_goods_yuan > 0 and not aid_goods_description.strip():
        raise RuleViolation(
            _("登记了帮扶物资折价，请写明是什么物资。"),
            rule="liaison.goods_description",
            field="aid_goods_description",
        )
    entries = [e for e in problems if e.description.strip()]
    for entry in entries:
        _check_problem(entry)
    visit = Visit.objects.create(
        contact_point=point,
        visited_on=visited_on,
        visitors=visitors.strip(),
        summary=summary.strip(),
        aid_funds_yuan=aid_funds_yuan,
        aid_goods_yuan=aid_goods_yuan,
        aid_goods_description=aid_goods_description.strip(),
        disputes_mediated=disputes_mediated,
        logged_by=actor,
    )
    Problem.objects.bulk_create(
        [
            Problem(
                contact_point=point,
                visit=visit,
                category=e.category,
                description=e.description.strip(),
                raised_on=visited_on,
                resolution=e.resolution.strip(),
                resolved_on=visited_on if e.resolution.strip() else None,
                resolved_by=actor if e.resolution.strip() else None,
            )
            for e in entries
        ]
    )
    log_action(
        actor=actor,
        action="liaison.visit.logged",
        obj=visit,
        organization=point.organization,
        data={
            "org": point.organization.name,
            "date": visited_on,
            "problems": len(entries),
            "solved": sum(1 for e in entries if e.resolution.strip()),
            "aid_funds_yuan": aid_funds_yuan,
            "aid_goods_yuan": aid_goods_yuan,
            "disputes_mediated": disputes_mediated,
        },
    )
    return visit


@transaction.atomic
def problem_add(
    *,
    actor: Any,
    point: ContactPoint,
    category: str,
    description: str,
    raised_on: dt.date,
) -> Problem:
    """Register a difficulty raised outside a visit (by phone, in a letter ...)."""
    point = ContactPoint.objects.select_related("organization", "leader").get(pk=point.pk)
    _require_log(actor, point)
    _check_problem(ProblemEntry(category, description))
    _not_future(raised_on, rule="liaison.raised_future", field="raised_on", label=_("提出日期"))
    _check_in_period(point, raised_on, field="raised_on")
    problem = Problem.objects.create(
        contact_point=point,
        category=category,
        description=description.strip(),
        raised_on=raised_on,
    )
    log_action(
        actor=actor,
        action="liaison.problem.added",
        obj=problem,
        organization=point.organization,
        data={"org": point.organization.name, "category": ProblemCategory(category).label},
    )
    return problem


@transaction.atomic
def problem_resolve(
    *, actor: Any, problem: Problem, resolved_on: dt.date, resolution: str
) -> Problem:
    problem = (
        Problem.objects.select_for_update()
        .select_related("contact_point__organization", "contact_point__leader")
        .get(pk=problem.pk)
    )
    _require_log(actor, problem.contact_point)
    if problem.resolved_on is not None:
        raise RuleViolation(_("该问题已登记为解决。"), rule="liaison.problem_resolved")
    if not resolution.strip():
        raise RuleViolation(
            _("请写明是怎样解决的。"), rule="liaison.resolution", field="resolution"
        )
    _not_future(
        resolved_on, rule="liaison.resolved_future", field="resolved_on", label=_("解决日期")
    )
    if resolved_on < problem.raised_on:
        raise RuleViolation(
            _("解决日期不能早于提出日期（%(d)s）。") % {"d": problem.raised_on},
            rule="liaison.resolved_before_raised",
            field="resolved_on",
        )
    problem.resolved_on = resolved_on
    problem.resolution = resolution.strip()
    problem.resolved_by = actor
    problem.save(update_fields=["resolved_on", "resolution", "resolved_by", "updated_at"])
    log_action(
        actor=actor,
        action="liaison.problem.resolved",
        obj=problem,
        organization=problem.contact_point.organization,
        data={"date": resolved_on, "resolution": problem.resolution},
    )
    return problem


def _require_county_committee(actor: Any, organization: Organization) -> None:
    scoping.require(actor, "liaison.leadership_manage", organization)
    if organization.kind != OrgKind.COUNTY_COMMITTEE:
        raise RuleViolation(
            _("县委抓党建的会议和经费记在县委名下，「%(org)s」不是县委。")
            % {"org": organization.name},
            rule="liaison.leadership_county",
        )


@transaction.atomic
def meeting_record(
    *,
    actor: Any,
    organization: Organization,
    kind: str,
    held_on: dt.date,
    title: str,
    topics: str,
    decisions: str = "",
    sector: str = "",
    chaired_by: str = "",
) -> LeadershipMeeting:
    """Record a standing-committee session on party building or a sector symposium."""
    _require_county_committee(actor, organization)
    if kind not in MeetingKind.values:
        raise ValueError(kind)
    _not_future(held_on, rule="liaison.meeting_future", field="held_on", label=_("召开日期"))
    if not topics.strip():
        raise RuleViolation(_("请填写研究议题。"), rule="liaison.meeting_topics", field="topics")
    if kind == MeetingKind.SYMPOSIUM and not sector:
        raise RuleViolation(
            _("座谈会须写明座谈的领域。"), rule="liaison.symposium_sector", field="sector"
        )
    meeting = LeadershipMeeting.objects.create(
        organization=organization,
        kind=kind,
        held_on=held_on,
        title=title.strip(),
        topics=topics.strip(),
        decisions=decisions.strip(),
        sector=sector if kind == MeetingKind.SYMPOSIUM else "",
        chaired_by=chaired_by.strip(),
        created_by=actor,
    )
    log_action(
        actor=actor,
        action="liaison.meeting.recorded",
        obj=meeting,
        data={"kind": MeetingKind(kind).label, "date": held_on},
    )
    return meeting


@transaction.atomic
def fund_record(
    *,
    actor: Any,
    organization: Organization,
    source: str,
    purpose: str,
    amount_yuan: Decimal,
    allocated_on: dt.date,
    source_detail: str = "",
    document_no: str = "",
    meeting: LeadershipMeeting | None = None,
) -> FundIntegration:
    """Record party-building funds integrated and put in place from one source."""
    _require_county_committee(actor, organization)
    amount_yuan = Decimal(amount_yuan)
    if amount_yuan <= 0:
        raise RuleViolation(_("金额应大于零。"), rule="liaison.fund_amount", field="amount_yuan")
    if not purpose.strip():
        raise RuleViolation(_("请填写用途。"), rule="liaison.fund_purpose", field="purpose")
    _not_future(allocated_on, rule="liaison.fund_future", field="allocated_on", label=_("落实日期"))
    if meeting is not None and meeting.organization_id != organization.pk:
        raise RuleViolation(
            _("议定会议须是本单位的会议。"), rule="liaison.fund_meeting", field="meeting"
        )
    fund = FundIntegration.objects.create(
        organization=organization,
        source=source,
        source_detail=source_detail.strip(),
        purpose=purpose.strip(),
        amount_yuan=amount_yuan,
        allocated_on=allocated_on,
        document_no=document_no.strip(),
        meeting=meeting,
        created_by=actor,
    )
    log_action(
        actor=actor,
        action="liaison.fund.recorded",
        obj=fund,
        data={"amount": amount_yuan, "source": source},
    )
    return fund
