from __future__ import annotations

import datetime as dt

from ninja import Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from grassroots.core.schemas import ErrorOut, LogEntryOut
from grassroots.core.selectors import log_entries_for
from grassroots.core.types import ApiRequest

from . import selectors, services
from .models import Organization

router = Router(tags=["orgs"])


class OrgOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    kind_label: str
    sector: str
    sector_label: str
    depth: int
    children: int
    founded_on: dt.date | None
    dissolved_on: dt.date | None
    secretary: str | None = None

    @staticmethod
    def resolve_kind_label(obj: Organization) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_sector_label(obj: Organization) -> str:
        return str(obj.get_sector_display())

    @staticmethod
    def resolve_children(obj: Organization) -> int:
        return obj.numchild

    @staticmethod
    def resolve_secretary(obj: Organization) -> str | None:
        return obj.secretary.name if obj.secretary_id else None


class OrgCreateIn(Schema):
    name: str
    code: str
    kind: str
    sector: str = "general"
    founded_on: dt.date | None = None
    short_name: str = ""
    phone: str = ""
    address: str = ""


class OrgPatchIn(Schema):
    name: str | None = None
    short_name: str | None = None
    sector: str | None = None
    founded_on: dt.date | None = None
    phone: str | None = None
    address: str | None = None


class OrgMoveIn(Schema):
    new_parent_id: int


class OrgDissolveIn(Schema):
    dissolved_on: dt.date
    reason: str


class OrgSecretaryIn(Schema):
    member_id: int | None = None  # None: the post is vacant


@router.get("/", response=list[OrgOut], url_name="org_list")
@paginate(LimitOffsetPagination)
def org_list(
    request: ApiRequest,
    q: str = "",
    kind: str = "",
    sector: str = "",
    include_dissolved: bool = False,
):  # type: ignore[no-untyped-def]
    """Organizations in the caller's scope, in tree order; ``q`` searches name, code and pinyin."""
    if q:
        qs = selectors.org_search(actor=request.auth, query=q, limit=500)
        return list(qs.select_related("secretary"))
    qs = selectors.org_list(actor=request.auth, include_dissolved=include_dissolved).select_related(
        "secretary"
    )
    if kind:
        qs = qs.filter(kind=kind)
    if sector:
        qs = qs.filter(sector=sector)
    return qs


@router.get("/{org_id}", response=OrgOut, url_name="org_detail")
def org_detail(request: ApiRequest, org_id: int) -> Organization:
    return selectors.org_get(actor=request.auth, pk=org_id)


@router.get("/{org_id}/children", response=list[OrgOut], url_name="org_children")
def org_children(request: ApiRequest, org_id: int) -> list[Organization]:
    parent = selectors.org_get(actor=request.auth, pk=org_id)
    return list(
        selectors.org_children(actor=request.auth, parent=parent).select_related("secretary")
    )


@router.get("/{org_id}/audit", response=list[LogEntryOut], url_name="org_audit")
def org_audit(request: ApiRequest, org_id: int):  # type: ignore[no-untyped-def]
    org = selectors.org_get(actor=request.auth, pk=org_id)
    return log_entries_for(org, limit=200, viewer=request.auth)


@router.post("/{org_id}/children", response={201: OrgOut, 422: ErrorOut}, url_name="org_create")
def org_create(request: ApiRequest, org_id: int, payload: OrgCreateIn):  # type: ignore[no-untyped-def]
    parent = selectors.org_get(actor=request.auth, pk=org_id, permission="orgs.manage")
    org = services.organization_create(actor=request.auth, parent=parent, **payload.dict())
    return Status(201, org)


@router.patch("/{org_id}", response={200: OrgOut, 422: ErrorOut}, url_name="org_update")
def org_update(request: ApiRequest, org_id: int, payload: OrgPatchIn):  # type: ignore[no-untyped-def]
    org = selectors.org_get(actor=request.auth, pk=org_id, permission="orgs.manage")
    return services.organization_update(
        actor=request.auth, org=org, **payload.dict(exclude_unset=True)
    )


@router.post("/{org_id}/move", response={200: OrgOut, 422: ErrorOut}, url_name="org_move")
def org_move(request: ApiRequest, org_id: int, payload: OrgMoveIn):  # type: ignore[no-untyped-def]
    org = selectors.org_get(actor=request.auth, pk=org_id, permission="orgs.manage")
    new_parent = selectors.org_get(
        actor=request.auth, pk=payload.new_parent_id, permission="orgs.manage"
    )
    return services.organization_move(actor=request.auth, org=org, new_parent=new_parent)


@router.post("/{org_id}/dissolve", response={200: OrgOut, 422: ErrorOut}, url_name="org_dissolve")
def org_dissolve(request: ApiRequest, org_id: int, payload: OrgDissolveIn):  # type: ignore[no-untyped-def]
    org = selectors.org_get(actor=request.auth, pk=org_id, permission="orgs.manage")
    return services.organization_dissolve(actor=request.auth, org=org, **payload.dict())


@router.post("/{org_id}/secretary", response={200: OrgOut, 422: ErrorOut}, url_name="org_secretary")
def org_secretary(request: ApiRequest, org_id: int, payload: OrgSecretaryIn):  # type: ignore[no-untyped-def]
    """Record the organization's secretary: a member kept within its subtree, or none."""
    from grassroots.members.selectors import member_get_home

    org = selectors.org_get(actor=request.auth, pk=org_id, permission="orgs.manage")
    member = (
        member_get_home(actor=request.auth, pk=payload.member_id, permission="members.view")
        if payload.member_id is not None
        else None
    )
    return services.organization_set_secretary(actor=request.auth, org=org, member=member)
