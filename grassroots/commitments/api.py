from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from grassroots.core import scoping
from grassroots.core.errors import RuleViolation
from grassroots.core.schemas import ErrorOut
from grassroots.core.types import ApiRequest
from grassroots.orgs.selectors import org_get

from . import selectors, services
from .models import CommitmentItem, CommitmentLetter, Evidence, Milestone, ProgressUpdate

router = Router(tags=["commitments"])


class ItemOut(Schema):
    id: int
    number: int
    category: str
    content: str
    responsible: str
    due_on: dt.date
    verification: str
    weight: int
    status: str
    percent: int
    shortfall_note: str
    review_result: str
    reviewed_on: dt.date | None
    reviewing_body: str
    removed: bool

    @staticmethod
    def resolve_removed(obj: CommitmentItem) -> bool:
        return obj.removed_at is not None


class MilestoneOut(Schema):
    id: int
    item_id: int
    title: str
    due_on: dt.date
    done_on: dt.date | None


class EvidenceOut(Schema):
    id: int
    original_name: str
    content_type: str
    kind: str
    size: int


class UpdateOut(Schema):
    id: int
    item_id: int
    reported_on: dt.date
    percent: int
    text: str
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_evidence(obj: ProgressUpdate) -> list[Evidence]:
        return list(obj.evidence.order_by("id"))


class LetterOut(Schema):
    id: int
    organization_id: int
    organization: str
    year: int
    title: str
    secretary_name: str
    secretary_post: str
    status: str
    item_count: int
    fulfilled_count: int
    progress: Decimal

    @staticmethod
    def resolve_organization(obj: CommitmentLetter) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_progress(obj: CommitmentLetter) -> Decimal:
        return selectors.progress_of(obj)


class LetterDetailOut(LetterOut):
    items: list[ItemOut]

    @staticmethod
    def resolve_items(obj: CommitmentLetter) -> list[CommitmentItem]:
        return list(services.active_items(obj))


class LetterIn(Schema):
    organization_id: int
    year: int
    secretary_name: str
    secretary_post: str
    title: str = ""
    preamble: str = ""
    published_in: str = ""


class ItemIn(Schema):
    category: str
    content: str
    responsible: str
    due_on: dt.date
    verification: str
    weight: int


class ItemPatch(Schema):
    category: str | None = None
    content: str | None = None
    responsible: str | None = None
    due_on: dt.date | None = None
    verification: str | None = None
    weight: int | None = None


class PublishIn(Schema):
    starts_on: dt.date | None = None
    working_days: int | None = None


class ProgressIn(Schema):
    percent: int
    text: str
    reported_on: dt.date | None = None


class MilestoneIn(Schema):
    title: str
    due_on: dt.date


class MilestoneDoneIn(Schema):
    done_on: dt.date


class ShortfallIn(Schema):
    note: str


class ReviewIn(Schema):
    fulfilled: bool
    note: str = ""
    reviewed_on: dt.date | None = None
    reviewing_body: str = ""


def _letter(request: ApiRequest, letter_id: int) -> CommitmentLetter:
    return selectors.letter_get(actor=request.auth, pk=letter_id)


def _item(request: ApiRequest, item_id: int) -> CommitmentItem:
    return selectors.item_get(actor=request.auth, pk=item_id)


def _reloaded(request: ApiRequest, letter: CommitmentLetter) -> CommitmentLetter:
    return selectors.letter_get(actor=request.auth, pk=letter.pk)


@router.get("/letters", response=list[LetterOut], url_name="commitments_letter_list")
@paginate(LimitOffsetPagination)
def letter_list(request: ApiRequest, year: int | None = None):  # type: ignore[no-untyped-def]
    return selectors.letter_list(actor=request.auth, year=year)


@router.get("/letters/{letter_id}", response=LetterDetailOut, url_name="commitments_letter_detail")
def letter_detail(request: ApiRequest, letter_id: int) -> CommitmentLetter:
    return _letter(request, letter_id)


@router.post(
    "/letters", response={201: LetterOut, 422: ErrorOut}, url_name="commitments_letter_create"
)
def letter_create(request: ApiRequest, payload: LetterIn):  # type: ignore[no-untyped-def]
    org = org_get(actor=request.auth, pk=payload.organization_id, permission="commitments.manage")
    letter = services.letter_create(
        actor=request.auth, organization=org, **payload.dict(exclude={"organization_id"})
    )
    return Status(201, _reloaded(request, letter))


@router.post(
    "/letters/{letter_id}/items",
    response={201: ItemOut, 422: ErrorOut},
    url_name="commitments_item_create",
)
def item_create(request: ApiRequest, letter_id: int, payload: ItemIn):  # type: ignore[no-untyped-def]
    item = services.item_add(
        actor=request.auth, letter=_letter(request, letter_id), **payload.dict()
    )
    return Status(201, item)


@router.patch(
    "/items/{item_id}", response={200: ItemOut, 422: ErrorOut}, url_name="commitments_item_update"
)
def item_update(request: ApiRequest, item_id: int, payload: ItemPatch) -> CommitmentItem:
    return services.item_update(
        actor=request.auth, item=_item(request, item_id), **payload.dict(exclude_unset=True)
    )


@router.post(
    "/letters/{letter_id}/publish",
    response={200: LetterOut, 422: ErrorOut},
    url_name="commitments_letter_publish",
)
def letter_publish(request: ApiRequest, letter_id: int, payload: PublishIn) -> CommitmentLetter:
    """Make the letter public (weights must sum to 100); publishes its notice."""
    letter = services.letter_publish(
        actor=request.auth, letter=_letter(request, letter_id), **payload.dict()
    )
    return _reloaded(request, letter)


@router.post(
    "/items/{item_id}/progress",
    response={201: ItemOut, 422: ErrorOut},
    url_name="commitments_progress_create",
)
def progress_create(request: ApiRequest, item_id: int, payload: ProgressIn):  # type: ignore[no-untyped-def]
    """Report progress (evidence files are uploaded through the web form)."""
    update = services.progress_report(
        actor=request.auth, item=_item(request, item_id), **payload.dict()
    )
    return Status(201, update.item)


@router.post(
    "/items/{item_id}/evidence",
    response={201: UpdateOut, 422: ErrorOut},
    url_name="commitments_evidence_upload",
)
def evidence_upload(  # type: ignore[no-untyped-def]
    request: ApiRequest,
    item_id: int,
    payload: Form[ProgressIn],
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
):
    """Report progress with evidence (multipart: ``percent``, ``text``, ``reported_on`` and
    one or more ``files`` — photos JPG/PNG/WEBP, documents PDF/Word/Excel). As on the web
    form, the files are checked and stored with the progress report, in one step."""
    item = _item(request, item_id)
    scoping.require(request.auth, "commitments.manage", item.letter.organization)
    if not files:
        raise RuleViolation(
            _("请选择至少一个佐证文件（照片或文档）。"), rule="commitments.no_files", field="files"
        )
    update = services.progress_report(actor=request.auth, item=item, files=files, **payload.dict())
    return Status(201, update)


@router.post(
    "/items/{item_id}/remove",
    response={200: ItemOut, 422: ErrorOut},
    url_name="commitments_item_remove",
)
def item_remove(request: ApiRequest, item_id: int) -> CommitmentItem:
    """Take an item out of a draft letter. It is kept and marked removed, not deleted;
    a published letter's items cannot be removed (amend them instead)."""
    return services.item_remove(actor=request.auth, item=_item(request, item_id))


@router.post(
    "/items/{item_id}/milestones",
    response={201: MilestoneOut, 422: ErrorOut},
    url_name="commitments_milestone_create",
)
def milestone_create(request: ApiRequest, item_id: int, payload: MilestoneIn):  # type: ignore[no-untyped-def]
    milestone = services.milestone_add(
        actor=request.auth, item=_item(request, item_id), **payload.dict()
    )
    return Status(201, milestone)


@router.post(
    "/milestones/{milestone_id}/complete",
    response={200: MilestoneOut, 422: ErrorOut},
    url_name="commitments_milestone_complete",
)
def milestone_complete(
    request: ApiRequest, milestone_id: int, payload: MilestoneDoneIn
) -> Milestone:
    """Record the milestone done (shown in the public version history)."""
    milestone = selectors.milestone_get(actor=request.auth, pk=milestone_id)
    return services.milestone_complete(actor=request.auth, milestone=milestone, **payload.dict())


@router.post(
    "/items/{item_id}/shortfall",
    response={200: ItemOut, 422: ErrorOut},
    url_name="commitments_shortfall",
)
def shortfall(request: ApiRequest, item_id: int, payload: ShortfallIn) -> CommitmentItem:
    return services.shortfall_explain(
        actor=request.auth, item=_item(request, item_id), **payload.dict()
    )


@router.post(
    "/items/{item_id}/review",
    response={200: ItemOut, 422: ErrorOut},
    url_name="commitments_item_review",
)
def item_review(request: ApiRequest, item_id: int, payload: ReviewIn) -> CommitmentItem:
    item = _item(request, item_id)
    services.require_reviewer(request.auth, item.letter)
    return services.item_review(actor=request.auth, item=item, **payload.dict())


@router.get(
    "/public/letters",
    response=list[LetterOut],
    url_name="commitments_public_letters",
    auth=None,
)
@paginate(LimitOffsetPagination)
def public_letters(request: HttpRequest, year: int | None = None):  # type: ignore[no-untyped-def]
    """Published commitment letters (public, no login)."""
    return selectors.public_letters(year=year)
