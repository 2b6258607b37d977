from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from grassroots.core import scoping
from grassroots.core.schemas import ErrorOut
from grassroots.core.types import ApiRequest
from grassroots.orgs.selectors import org_get

from . import selectors, services
from .models import ContactPoint, FundIntegration, LeadershipMeeting, Problem

router = Router(tags=["liaison"])


class PointOut(Schema):
    id: int
    organization_id: int
    organization: str
    leader_id: int
    leader: str
    leader_level: str
    leader_post: str
    started_on: dt.date
    ended_on: dt.date | None

    @staticmethod
    def resolve_organization(obj: ContactPoint) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_leader(obj: ContactPoint) -> str:
        return obj.leader.display_name


class PointIn(Schema):
    leader_id: int
    leader_level: str
    leader_post: str
    organization_id: int
    started_on: dt.date
    note: str = ""


class PointEndIn(Schema):
    ended_on: dt.date
    reason: str


class ProblemIn(Schema):
    category: str
    description: str
    resolution: str = ""


class ProblemAddIn(Schema):
    category: str
    description: str
    raised_on: dt.date


class ProblemOut(Schema):
    id: int
    contact_point_id: int
    visit_id: int | None
    category: str
    description: str
    raised_on: dt.date
    resolved_on: dt.date | None
    resolution: str


class VisitIn(Schema):
    visited_on: dt.date
    visitors: str
    summary: str = ""
    aid_funds_yuan: Decimal = Decimal("0")
    aid_goods_yuan: Decimal = Decimal("0")
    aid_goods_description: str = ""
    disputes_mediated: int = 0
    problems: list[ProblemIn] = []


class VisitOut(Schema):
    id: int
    contact_point_id: int
    visited_on: dt.date
    visitors: str
    summary: str
    aid_funds_yuan: Decimal
    aid_goods_yuan: Decimal
    aid_goods_description: str
    disputes_mediated: int


class ResolveIn(Schema):
    resolved_on: dt.date
    resolution: str


class MeetingOut(Schema):
    id: int
    organization_id: int
    kind: str
    held_on: dt.date
    title: str
    sector: str
    topics: str
    decisions: str


class MeetingIn(Schema):
    organization_id: int
    kind: str
    held_on: dt.date
    title: str
    topics: str
    decisions: str = ""
    sector: str = ""
    chaired_by: str = ""


class FundOut(Schema):
    id: int
    organization_id: int
    source: str
    source_detail: str
    purpose: str
    amount_yuan: Decimal
    allocated_on: dt.date
    document_no: str
    meeting_id: int | None


class FundIn(Schema):
    organization_id: int
    source: str
    purpose: str
    amount_yuan: Decimal
    allocated_on: dt.date
    source_detail: str = ""
    document_no: str = ""
    meeting_id: int | None = None


@router.get("/points", response=list[PointOut], url_name="liaison_point_list")
@paginate(LimitOffsetPagination)
def point_list(request: ApiRequest, level: str = "", active: bool | None = None):  # type: ignore[no-untyped-def]
    """Contact points the caller may see: a leader only their own."""
    return selectors.contact_point_list(actor=request.auth, level=level, active=active)


@router.get("/points/{point_id}", response=PointOut, url_name="liaison_point_detail")
def point_detail(request: ApiRequest, point_id: int) -> ContactPoint:
    return selectors.contact_point_get(actor=request.auth, pk=point_id)


@router.post("/points", response={201: PointOut, 422: ErrorOut}, url_name="liaison_point_create")
def point_create(request: ApiRequest, payload: PointIn):  # type: ignore[no-untyped-def]
    org = org_get(actor=request.auth, pk=payload.organization_id, permission="liaison.manage")
    leader = scoping.get_scoped_or_404(
        selectors.leader_choices(actor=request.auth), pk=payload.leader_id
    )
    point = services.contact_point_create(
        actor=request.auth,
        leader=leader,
        organization=org,
        **payload.dict(exclude={"organization_id", "leader_id"}),
    )
    return Status(201, point)


@router.post(
    "/points/{point_id}/end", response={200: PointOut, 422: ErrorOut}, url_name="liaison_point_end"
)
def point_end(request: ApiRequest, point_id: int, payload: PointEndIn):  # type: ignore[no-untyped-def]
    point = selectors.contact_point_get(actor=request.auth, pk=point_id)
    return services.contact_point_end(actor=request.auth, point=point, **payload.dict())


@router.get("/points/{point_id}/visits", response=list[VisitOut], url_name="liaison_visit_list")
@paginate(LimitOffsetPagination)
def visit_list(request: ApiRequest, point_id: int):  # type: ignore[no-untyped-def]
    point = selectors.contact_point_get(actor=request.auth, pk=point_id)
    return selectors.visit_list(actor=request.auth, point=point)


@router.post(
    "/points/{point_id}/visits",
    response={201: VisitOut, 422: ErrorOut},
    url_name="liaison_visit_create",
)
def visit_create(request: ApiRequest, point_id: int, payload: VisitIn):  # type: ignore[no-untyped-def]
    """Log a visit (the point's leader, or a committee above the point)."""
    point = selectors.contact_point_get(actor=request.auth, pk=point_id)
    data = payload.dict(exclude={"problems"})
    visit = services.visit_log(
        actor=request.auth,
        point=point,
        problems=[services.ProblemEntry(**p.dict()) for p in payload.problems],
        **data,
    )
    return Status(201, visit)


@router.post(
    "/points/{point_id}/problems",
    response={201: ProblemOut, 422: ErrorOut},
    url_name="liaison_problem_create",
)
def problem_create(request: ApiRequest, point_id: int, payload: ProblemAddIn):  # type: ignore[no-untyped-def]
    """Record a difficulty raised outside a visit (by phone, in a letter ...): the point's
    leader, or a committee above the point."""
    point = selectors.contact_point_get(actor=request.auth, pk=point_id)
    problem = services.problem_add(actor=request.auth, point=point, **payload.dict())
    return Status(201, problem)


@router.get("/problems", response=list[ProblemOut], url_name="liaison_problem_list")
@paginate(LimitOffsetPagination)
def problem_list(request: ApiRequest, resolved: bool | None = None):  # type: ignore[no-untyped-def]
    return selectors.problem_list(actor=request.auth, resolved=resolved)


@router.post(
    "/problems/{problem_id}/resolve",
    response={200: ProblemOut, 422: ErrorOut},
    url_name="liaison_problem_resolve",
)
def problem_resolve(request: ApiRequest, problem_id: int, payload: ResolveIn) -> Problem:
    problem = selectors.problem_get(actor=request.auth, pk=problem_id)
    return services.problem_resolve(actor=request.auth, problem=problem, **payload.dict())


@router.get("/meetings", response=list[MeetingOut], url_name="liaison_meeting_list")
@paginate(LimitOffsetPagination)
def meeting_list(request: ApiRequest, kind: str = ""):  # type: ignore[no-untyped-def]
    if not scoping.has_permission_anywhere(request.auth, "liaison.leadership_view"):
        raise PermissionDenied
    return selectors.meeting_list(actor=request.auth, kind=kind)


@router.post(
    "/meetings", response={201: MeetingOut, 422: ErrorOut}, url_name="liaison_meeting_create"
)
def meeting_create(request: ApiRequest, payload: MeetingIn):  # type: ignore[no-untyped-def]
    org = org_get(
        actor=request.auth, pk=payload.organization_id, permission="liaison.leadership_manage"
    )
    meeting: LeadershipMeeting = services.meeting_record(
        actor=request.auth, organization=org, **payload.dict(exclude={"organization_id"})
    )
    return Status(201, meeting)


@router.get("/funds", response=list[FundOut], url_name="liaison_fund_list")
@paginate(LimitOffsetPagination)
def fund_list(request: ApiRequest):  # type: ignore[no-untyped-def]
    if not scoping.has_permission_anywhere(request.auth, "liaison.leadership_view"):
        raise PermissionDenied
    return selectors.fund_list(actor=request.auth)


@router.post("/funds", response={201: FundOut, 422: ErrorOut}, url_name="liaison_fund_create")
def fund_create(request: ApiRequest, payload: FundIn):  # type: ignore[no-untyped-def]
    org = org_get(
        actor=request.auth, pk=payload.organization_id, permission="liaison.leadership_manage"
    )
    meeting = (
        selectors.meeting_get(actor=request.auth, pk=payload.meeting_id)
        if payload.meeting_id
        else None
    )
    fund: FundIntegration = services.fund_record(
        actor=request.auth,
        organization=org,
        meeting=meeting,
        **payload.dict(exclude={"organization_id", "meeting_id"}),
    )
    return Status(201, fund)
