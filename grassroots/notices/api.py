from __future__ import annotations

import datetime as dt

from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from grassroots.core import scoping
from grassroots.core.schemas import ErrorOut
from grassroots.core.types import ApiRequest

from . import selectors, services
from .models import Notice, Objection

router = Router(tags=["notices"])


class NoticeOut(Schema):
    id: int
    organization_id: int
    organization: str
    purpose: str
    title: str
    body: str
    starts_on: dt.date
    ends_on: dt.date
    working_days: int
    provisional: bool
    provisional_note: str
    status: str
    phase: str
    published_at: dt.datetime
    objections: int
    open_objections: int

    @staticmethod
    def resolve_organization(obj: Notice) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_phase(obj: Notice) -> str:
        return obj.phase_label

    @staticmethod
    def resolve_objections(obj: Notice) -> int:
        return getattr(obj, "objection_count", 0)

    @staticmethod
    def resolve_open_objections(obj: Notice) -> int:
        return getattr(obj, "open_objection_count", 0)


class ObjectionOut(Schema):
    id: int
    reference: str
    content: str
    name: str
    contact: str
    anonymous: bool
    submitted_at: dt.datetime
    status: str
    investigation: str
    answer: str
    answered_at: dt.datetime | None


class AnswerIn(Schema):
    investigation: str
    answer: str


@router.get("/", response=list[NoticeOut], url_name="notice_list")
@paginate(LimitOffsetPagination)
def notice_list(request: ApiRequest, state: str = "", purpose: str = ""):  # type: ignore[no-untyped-def]
    """Notices in the caller's scope; ``state``: open, pending, ended or withdrawn."""
    return selectors.notice_list(actor=request.auth, state=state, purpose=purpose)


@router.get("/{notice_id}", response=NoticeOut, url_name="notice_detail")
def notice_detail(request: ApiRequest, notice_id: int) -> Notice:
    return scoping.get_scoped_or_404(selectors.notice_list(actor=request.auth), pk=notice_id)


@router.get("/{notice_id}/objections", response=list[ObjectionOut], url_name="notice_objections")
def notice_objections(request: ApiRequest, notice_id: int) -> list[Objection]:
    notice = selectors.notice_get(actor=request.auth, pk=notice_id)
    return list(selectors.notice_objections(notice))


@router.post(
    "/objections/{objection_id}/answer",
    response={200: ObjectionOut, 422: ErrorOut},
    url_name="objection_answer",
)
def objection_answer(request: ApiRequest, objection_id: int, payload: AnswerIn):  # type: ignore[no-untyped-def]
    objection = selectors.objection_get(
        actor=request.auth, pk=objection_id, permission="notices.manage"
    )
    return services.objection_answer(actor=request.auth, objection=objection, **payload.dict())
