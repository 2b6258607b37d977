"""The member registry over the API: the same selectors (scoping, dual management) and
services (rules, audit) as the pages. ID numbers, phones and home addresses are masked
for every role; in full they come only from the audited ``reveal`` operation (roles with
``members.reveal_id``), as on the detail page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from grassroots.core import scoping
from grassroots.core.errors import RuleViolation
from grassroots.core.schemas import ErrorOut
from grassroots.core.types import ApiRequest
from grassroots.core.validators import mask_mobile
from grassroots.orgs.models import Organization
from grassroots.orgs.selectors import org_get

from . import selectors, services
from .models import Member, MobileContact, Transfer
from .rules import mask_address
from .selectors import MemberFilter

router = Router(tags=["members"])


class MemberOut(Schema):
    id: int
    name: str
    sex: str
    ethnicity: str
    birth_date: dt.date
    id_number_masked: str
    native_place: str
    education: str
    degree: str
    occupation: str
    is_frontline: bool
    mobile: str
    address: str
    organization_id: int
    organization: str
    party_group_id: int | None
    branch_post: str
    joined_on: dt.date | None
    full_member_on: dt.date | None
    status: str
    status_label: str
    managing_organization_id: int | None
    managing_organization: str | None
    mobile_destination: str
    service_community_id: int | None

    @staticmethod
    def resolve_mobile(obj: Member) -> str:
        return mask_mobile(obj.mobile)

    @staticmethod
    def resolve_address(obj: Member) -> str:
        return mask_address(obj.address)

    @staticmethod
    def resolve_organization(obj: Member) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_status_label(obj: Member) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_managing_organization(obj: Member) -> str | None:
        return obj.managing_organization.name if obj.managing_organization else None


class MemberSelfOut(MemberOut):
    """A member's own record: their own mobile number and address in full, as on their
    own page (the ID number stays masked there too)."""

    @staticmethod
    def resolve_mobile(obj: Member) -> str:
        return obj.mobile

    @staticmethod
    def resolve_address(obj: Member) -> str:
        return obj.address


class MemberIn(Schema):
    organization_id: int
    status: str = "full"
    name: str
    sex: str
    birth_date: dt.date
    id_number: str
    ethnicity: str = "汉族"
    native_place: str = ""
    education: str = ""
    degree: str = ""
    occupation: str = ""
    is_frontline: bool = False
    mobile: str = ""
    address: str = ""
    party_group_id: int | None = None
    branch_post: str = ""
    joined_on: dt.date | None = None
    full_member_on: dt.date | None = None


class MemberPatchIn(Schema):
    name: str | None = None
    sex: str | None = None
    birth_date: dt.date | None = None
    id_number: str | None = None
    ethnicity: str | None = None
    native_place: str | None = None
    education: str | None = None
    degree: str | None = None
    occupation: str | None = None
    is_frontline: bool | None = None
    mobile: str | None = None
    address: str | None = None
    branch_post: str | None = None
    joined_on: dt.date | None = None
    full_member_on: dt.date | None = None


class StatusIn(Schema):
    new_status: str
    changed_on: dt.date
    reason: str


class RevealOut(Schema):
    id_number: str
    mobile: str
    address: str


class TransferOut(Schema):
    id: int
    member_id: int
    member: str
    kind: str
    status: str
    status_label: str
    from_organization: str | None
    to_organization: str | None
    external_place: str
    letter_number: str
    dues_paid_until: dt.date | None
    transfer_on: dt.date

    @staticmethod
    def resolve_member(obj: Transfer) -> str:
        return obj.member.name

    @staticmethod
    def resolve_status_label(obj: Transfer) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_from_organization(obj: Transfer) -> str | None:
        return obj.from_organization.name if obj.from_organization else None

    @staticmethod
    def resolve_to_organization(obj: Transfer) -> str | None:
        return obj.to_organization.name if obj.to_organization else None


class TransferIn(Schema):
    kind: str = "within"
    transfer_on: dt.date
    to_organization_code: str = ""
    external_place: str = ""
    letter_number: str = ""
    dues_paid_until: dt.date | None = None
    reason: str = ""


class TransferActIn(Schema):
    received_on: dt.date | None = None
    reason: str = ""


class TransferFromOutsideIn(MemberIn):
    external_place: str
    letter_number: str
    transfer_on: dt.date
    dues_paid_until: dt.date | None = None


class ContactOut(Schema):
    id: int
    contacted_on: dt.date
    channel: str
    content: str
    contacted_by: str


class ContactIn(Schema):
    contacted_on: dt.date
    channel: str
    content: str
    contacted_by: str = ""


def _member_data(payload: Any, actor: Any, organization: Organization) -> dict[str, Any]:
    data = payload.dict(exclude={"organization_id", "status", "party_group_id"})
    for key in ("external_place", "letter_number", "transfer_on", "dues_paid_until"):
        data.pop(key, None)
    group_id = getattr(payload, "party_group_id", None)
    data["party_group"] = (
        Organization.objects.filter(pk=group_id, path__subtree=organization.path).first()
        if group_id
        else None
    )
    return data


def _org_by_code(code: str) -> Organization | None:
    return Organization.objects.filter(code=code.strip(), dissolved_on__isnull=True).first()


class MemberPagination(LimitOffsetPagination):
    """``limit``/``offset`` over a :class:`selectors.MemberListing`, counted and read
    as the list page does (two queries, the cheaper plan for the slice asked for)."""

    def paginate_queryset(  # type: ignore[override]
        self,
        queryset: selectors.MemberListing,
        pagination: LimitOffsetPagination.Input,
        request: Any,
        **params: Any,
    ) -> dict[str, Any]:
        limit = min(pagination.limit, self.max_limit)
        items, count = selectors.member_slice(queryset, offset=pagination.offset, limit=limit)
        return {self.items_attribute: items, "count": count}


@router.get("/", response=list[MemberOut], url_name="member_list")
@paginate(MemberPagination)
def member_list(
    request: ApiRequest,
    q: str = "",
    org_id: int | None = None,
    status: str = "active",
    sex: str = "",
    age_band: str = "",
    education: str = "",
    occupation: str = "",
    frontline: bool | None = None,
    mobile: bool | None = None,
    in_service: bool | None = None,
    sort: str = selectors.DEFAULT_SORT,
):  # type: ignore[no-untyped-def]
    """Members in the caller's scope (home or, for mobile members, managing organization).

    ``age_band``: ``u35`` (under 35), ``35_45``, ``46_60`` or ``o60`` (61 and over), age
    in full years today."""
    scoping.require(request.auth, "members.view")
    if age_band and age_band not in selectors.AGE_BANDS:
        raise RuleViolation(
            _("年龄段「%(band)s」无效，可选：%(bands)s。")
            % {"band": age_band, "bands": "、".join(selectors.AGE_BANDS)},
            rule="members.age_band",
            field="age_band",
        )
    org = org_get(actor=request.auth, pk=org_id, permission="members.view") if org_id else None
    filters = MemberFilter(
        org=org,
        status=status,
        sex=sex,
        age_band=age_band,
        education=education,
        occupation=occupation,
        frontline=frontline,
        mobile=mobile,
        in_service=in_service,
        q=q,
        sort=sort,
    )
    return selectors.MemberListing(actor=request.auth, filters=filters)


@router.get("/search", response=list[MemberOut], url_name="member_search")
def member_search(request: ApiRequest, q: str):  # type: ignore[no-untyped-def]
    """By name, pinyin (``zs``, ``zhangsan``) or the exact ID number."""
    scoping.require(request.auth, "members.view")
    return list(selectors.member_search(actor=request.auth, query=q))


@router.get("/me", response=MemberSelfOut, url_name="member_me")
def member_me(request: ApiRequest) -> Member:
    return selectors.member_self(actor=request.auth)


@router.get("/mobile", response=list[MemberOut], url_name="member_mobile_list")
@paginate(LimitOffsetPagination)
def mobile_list(request: ApiRequest, overdue: bool = False):  # type: ignore[no-untyped-def]
    scoping.require(request.auth, "members.view")
    return selectors.mobile_list(actor=request.auth, overdue_only=overdue)


@router.get("/transfers", response=list[TransferOut], url_name="member_transfer_list")
@paginate(LimitOffsetPagination)
def transfer_list(request: ApiRequest, status: str = "pending"):  # type: ignore[no-untyped-def]
    scoping.require(request.auth, "members.view")
    return selectors.transfer_list(actor=request.auth, status=status)


@router.post(
    "/transfers/in", response={201: TransferOut, 422: ErrorOut}, url_name="member_transfer_in"
)
def transfer_in(request: ApiRequest, payload: TransferFromOutsideIn):  # type: ignore[no-untyped-def]
    org = org_get(actor=request.auth, pk=payload.organization_id, permission="members.manage")
    transfer = services.transfer_in(
        actor=request.auth,
        organization=org,
        external_place=payload.external_place,
        letter_number=payload.letter_number,
        transfer_on=payload.transfer_on,
        dues_paid_until=payload.dues_paid_until,
        status=payload.status,
        **_member_data(payload, request.auth, org),
    )
    return Status(201, transfer)


@router.get("/transfers/{transfer_id}", response=TransferOut, url_name="member_transfer_detail")
def transfer_detail(request: ApiRequest, transfer_id: int) -> Transfer:
    return selectors.transfer_get(actor=request.auth, pk=transfer_id)


@router.post(
    "/transfers/{transfer_id}/{step}",
    response={200: TransferOut, 422: ErrorOut},
    url_name="member_transfer_step",
)
def transfer_step(request: ApiRequest, transfer_id: int, step: str, payload: TransferActIn):  # type: ignore[no-untyped-def]
    """``step``: ``approve-out``, ``approve-in``, ``receive`` or ``cancel``."""
    transfer = selectors.transfer_get(actor=request.auth, pk=transfer_id)
    if step == "approve-out":
        return services.transfer_approve_out(actor=request.auth, transfer=transfer)
    if step == "approve-in":
        return services.transfer_approve_in(actor=request.auth, transfer=transfer)
    if step == "receive":
        return services.transfer_receive(
            actor=request.auth, transfer=transfer, received_on=payload.received_on
        )
    if step == "cancel":
        return services.transfer_cancel(
            actor=request.auth, transfer=transfer, reason=payload.reason
        )
    raise Http404


@router.post("/", response={201: MemberOut, 422: ErrorOut}, url_name="member_create")
def member_create(request: ApiRequest, payload: MemberIn):  # type: ignore[no-untyped-def]
    org = org_get(actor=request.auth, pk=payload.organization_id, permission="members.manage")
    member = services.member_create(
        actor=request.auth,
        organization=org,
        status=payload.status,
        **_member_data(payload, request.auth, org),
    )
    return Status(201, member)


@router.get("/{member_id}", response=MemberOut, url_name="member_detail")
def member_detail(request: ApiRequest, member_id: int) -> Member:
    return selectors.member_get(actor=request.auth, pk=member_id)


@router.patch("/{member_id}", response={200: MemberOut, 422: ErrorOut}, url_name="member_update")
def member_update(request: ApiRequest, member_id: int, payload: MemberPatchIn):  # type: ignore[no-untyped-def]
    member = selectors.member_get_home(actor=request.auth, pk=member_id)
    return services.member_update(
        actor=request.auth, member=member, **payload.dict(exclude_unset=True)
    )


@router.post(
    "/{member_id}/status", response={200: MemberOut, 422: ErrorOut}, url_name="member_status"
)
def member_status(request: ApiRequest, member_id: int, payload: StatusIn):  # type: ignore[no-untyped-def]
    member = selectors.member_get_home(actor=request.auth, pk=member_id, permission="members.view")
    return services.member_change_status(actor=request.auth, member=member, **payload.dict())


@router.post("/{member_id}/reveal", response=RevealOut, url_name="member_reveal")
def member_reveal(request: ApiRequest, member_id: int) -> dict[str, str]:
    """The full ID number, mobile number and home address (county and township roles),
    as the detail page's reveal shows them; audited."""
    member = selectors.member_get(actor=request.auth, pk=member_id)
    number = services.member_reveal_id_number(actor=request.auth, member=member)
    return {"id_number": number, "mobile": member.mobile, "address": member.address}


@router.post(
    "/{member_id}/transfers",
    response={201: TransferOut, 422: ErrorOut},
    url_name="member_transfer_send",
)
def transfer_send(request: ApiRequest, member_id: int, payload: TransferIn):  # type: ignore[no-untyped-def]
    member = selectors.member_get_home(actor=request.auth, pk=member_id)
    data = payload.dict()
    code = data.pop("to_organization_code")
    transfer = services.transfer_send(
        actor=request.auth,
        member=member,
        to_organization=_org_by_code(code) if code else None,
        **data,
    )
    return Status(201, transfer)


@router.get("/{member_id}/contacts", response=list[ContactOut], url_name="member_contacts")
def contact_list(request: ApiRequest, member_id: int) -> list[MobileContact]:
    member = selectors.member_get(actor=request.auth, pk=member_id)
    return selectors.member_contacts(member, limit=500)


@router.post(
    "/{member_id}/contacts",
    response={201: ContactOut, 422: ErrorOut},
    url_name="member_contact_create",
)
def contact_create(request: ApiRequest, member_id: int, payload: ContactIn):  # type: ignore[no-untyped-def]
    member = selectors.member_get(actor=request.auth, pk=member_id, permission="members.manage")
    return Status(201, services.contact_record(actor=request.auth, member=member, **payload.dict()))
