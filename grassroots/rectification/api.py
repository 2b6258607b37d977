from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import FileResponse
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from grassroots.core import scoping
from grassroots.core.schemas import ErrorOut
from grassroots.core.types import ApiRequest
from grassroots.liaison.selectors import leader_choices
from grassroots.orgs.selectors import org_get

from . import selectors, services
from .models import Action, RectificationCase

router = Router(tags=["rectification"])


class CaseOut(Schema):
    id: int
    organization_id: int
    organization: str
    year: int
    status: str
    reasons: list[str]
    other_reasons: str
    leader: str | None
    leader_body: str
    first_secretary: str
    first_secretary_unit: str
    reviewed_on: dt.date | None
    carried_from_id: int | None

    @staticmethod
    def resolve_organization(obj: RectificationCase) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_leader(obj: RectificationCase) -> str | None:
        return obj.leader.display_name if obj.leader is not None else None


class ActionOut(Schema):
    id: int
    heading: str
    kind: str
    occurred_on: dt.date
    title: str
    person_name: str
    area: str
    amount_yuan: Decimal | None
    evidence: str
    has_file: bool
    evidence_name: str

    @staticmethod
    def resolve_has_file(obj: Action) -> bool:
        return bool(obj.evidence_file)


class CaseDetailOut(CaseOut):
    actions: list[ActionOut]

    @staticmethod
    def resolve_actions(obj: RectificationCase) -> list[Action]:
        return list(obj.actions.order_by("occurred_on", "id"))


class ProposeIn(Schema):
    organization_id: int
    year: int
    reasons: list[str] = []
    other_reasons: str = ""


class DecisionIn(Schema):
    decided_on: dt.date | None = None
    note: str = ""


class AssignIn(Schema):
    leader_id: int | None = None
    leader_body: str = ""
    leader_post: str = ""
    first_secretary: str = ""
    first_secretary_unit: str = ""
    first_secretary_sent_on: dt.date | None = None


class ActionIn(Schema):
    kind: str
    occurred_on: dt.date
    title: str
    person_name: str = ""
    area: str = ""
    amount_yuan: Decimal | None = None
    evidence: str


class ReviewIn(Schema):
    passed: bool
    note: str
    reviewed_on: dt.date | None = None


@router.get("/cases", response=list[CaseOut], url_name="rectification_case_list")
@paginate(LimitOffsetPagination)
def case_list(request: ApiRequest, year: int | None = None, status: str = ""):  # type: ignore[no-untyped-def]
    return selectors.case_list(actor=request.auth, year=year, status=status)


@router.get("/cases/{case_id}", response=CaseDetailOut, url_name="rectification_case_detail")
def case_detail(request: ApiRequest, case_id: int) -> RectificationCase:
    return selectors.case_get(actor=request.auth, pk=case_id)


@router.post(
    "/cases", response={201: CaseOut, 422: ErrorOut}, url_name="rectification_case_propose"
)
def case_propose(request: ApiRequest, payload: ProposeIn):  # type: ignore[no-untyped-def]
    org = org_get(
        actor=request.auth, pk=payload.organization_id, permission="rectification.propose"
    )
    case = services.case_propose(
        actor=request.auth, organization=org, **payload.dict(exclude={"organization_id"})
    )
    return Status(201, case)


@router.post(
    "/cases/{case_id}/approve",
    response={200: CaseOut, 422: ErrorOut},
    url_name="rectification_case_approve",
)
def case_approve(request: ApiRequest, case_id: int, payload: DecisionIn) -> RectificationCase:
    case = selectors.case_get(actor=request.auth, pk=case_id)
    return services.case_approve(actor=request.auth, case=case, **payload.dict())


@router.post(
    "/cases/{case_id}/reject",
    response={200: CaseOut, 422: ErrorOut},
    url_name="rectification_case_reject",
)
def case_reject(request: ApiRequest, case_id: int, payload: DecisionIn) -> RectificationCase:
    case = selectors.case_get(actor=request.auth, pk=case_id)
    return services.case_reject(actor=request.auth, case=case, **payload.dict())


@router.post(
    "/cases/{case_id}/assign",
    response={200: CaseOut, 422: ErrorOut},
    url_name="rectification_case_assign",
)
def case_assign(request: ApiRequest, case_id: int, payload: AssignIn) -> RectificationCase:
    case = selectors.case_get(actor=request.auth, pk=case_id)
    scoping.require(request.auth, "rectification.approve", case.organization)
    leader = (
        scoping.get_scoped_or_404(
            leader_choices(actor=request.auth, permission="rectification.approve"),
            pk=payload.leader_id,
        )
        if payload.leader_id
        else None
    )
    return services.case_assign(
        actor=request.auth, case=case, leader=leader, **payload.dict(exclude={"leader_id"})
    )


@router.post(
    "/cases/{case_id}/actions",
    response={201: ActionOut, 422: ErrorOut},
    url_name="rectification_action_create",
)
def action_create(request: ApiRequest, case_id: int, payload: ActionIn):  # type: ignore[no-untyped-def]
    """Record an action (evidence as text; files are uploaded through the web form)."""
    case = selectors.case_get(actor=request.auth, pk=case_id)
    action = services.action_record(actor=request.auth, case=case, **payload.dict())
    return Status(201, action)


@router.get("/actions/{action_id}/evidence", url_name="rectification_action_evidence")
def action_evidence(request: ApiRequest, action_id: int) -> FileResponse:
    """Download an action's evidence file (photos and PDFs inline, other documents as an
    attachment); 404 when the action has none (``has_file`` in the case detail)."""
    from .views import evidence_response

    return evidence_response(selectors.action_get(actor=request.auth, pk=action_id))


@router.post(
    "/cases/{case_id}/review",
    response={200: CaseOut, 422: ErrorOut},
    url_name="rectification_case_review",
)
def case_review(request: ApiRequest, case_id: int, payload: ReviewIn) -> RectificationCase:
    case = selectors.case_get(actor=request.auth, pk=case_id)
    return services.case_review(actor=request.auth, case=case, **payload.dict())
