"""The admission API: the same services and scoped selectors as the pages.

Each step is its own operation (``POST /cases/{id}/<verb>``) with its own input schema;
a refused rule is a 422 whose ``detail`` names the rule in Chinese and whose ``rule`` is
the stable key (``admission.activist_one_year`` ...). ``GET /cases/{id}`` says what comes
next and what still blocks it.
"""

# No ``from __future__ import annotations`` here: the step operations are made in a loop
# and django-ninja must see their payload classes as real annotations.

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from grassroots.core import crypto, scoping
from grassroots.core.errors import RuleViolation
from grassroots.core.schemas import ErrorOut, LogEntryOut
from grassroots.core.selectors import log_entries_for
from grassroots.core.types import ApiRequest
from grassroots.orgs import selectors as org_selectors
from grassroots.orgs.models import Organization, OrgKind

from . import guards, selectors, services, workflow
from .models import AdmissionCase, CaseDocument, DisciplinaryProbation

router = Router(tags=["admission"])
VIEW = "admission.view"


class CaseOut(Schema):
    id: int
    name: str
    organization_id: int
    organization: str
    sex: str
    birth_date: dt.date
    id_number_masked: str
    state: str
    state_label: str
    stage: int
    stage_label: str
    step: int
    step_label: str
    step_dates: dict[str, str]
    applied_on: dt.date
    talk_due_on: dt.date
    talked_on: dt.date | None
    activist_on: dt.date | None
    candidate_on: dt.date | None
    branch_meeting_on: dt.date | None
    approval_due_on: dt.date | None
    approved_on: dt.date | None
    probation_ends_on: dt.date | None
    full_on: dt.date | None
    archived_on: dt.date | None
    member_id: int | None

    @staticmethod
    def resolve_organization(obj: AdmissionCase) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_state_label(obj: AdmissionCase) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_step_dates(obj: AdmissionCase) -> dict[str, str]:
        return {k: v for k, v in (obj.step_dates or {}).items() if k.isdigit()}


class NextStepOut(Schema):
    verb: str
    label: str
    step: int | None
    permission: str
    blockers: list[str]


class StepOut(Schema):
    step: int
    label: str
    done_on: dt.date
    opinion: str
    rules_version: str
    data: dict[str, Any]


class CaseDetailOut(CaseOut):
    next_steps: list[NextStepOut]
    flags: list[str]
    history: list[StepOut]


def _detail(request: ApiRequest, pk: int) -> AdmissionCase:
    case = selectors.case_get_full(actor=request.auth, pk=pk)
    today = timezone.localdate()
    case.next_steps = workflow.next_steps(case, today=today)  # type: ignore[attr-defined]
    case.flags = selectors.case_flags(case, today=today)  # type: ignore[attr-defined]
    case.history = list(case.steps.all())  # type: ignore[attr-defined]
    return case


class ApplyIn(Schema):
    organization_id: int
    name: str
    id_number: str
    applied_on: dt.date
    ethnicity: str = "汉族"
    education: str = ""
    occupation: str = ""
    is_frontline: bool = False
    work_unit: str = ""
    mobile: str = ""
    address: str = ""
    opinion: str = ""


@router.get("/cases", response=list[CaseOut], url_name="admission_case_list")
@paginate(LimitOffsetPagination)
def case_list(
    request: ApiRequest,
    org_id: int | None = None,
    stage: int | None = None,
    state: str = "",
    q: str = "",
):  # type: ignore[no-untyped-def]
    """Cases in the caller's scope; ``org_id`` narrows to a subtree, ``state=open`` to
    cases in progress, ``stage`` (1–5) to open cases at a stage."""
    org = org_selectors.org_get(actor=request.auth, pk=org_id, permission=VIEW) if org_id else None
    if org is None:
        scoping.require(request.auth, VIEW)
    return selectors.case_search(actor=request.auth, org=org, stage=stage, state=state, q=q)


@router.post("/cases", response={201: CaseOut, 422: ErrorOut}, url_name="admission_case_create")
def case_create(request: ApiRequest, payload: ApplyIn):  # type: ignore[no-untyped-def]
    """Step 1: register an application (入党申请书) with a branch."""
    data = payload.dict()
    org = org_selectors.org_get(
        actor=request.auth, pk=data.pop("organization_id"), permission=workflow.MANAGE
    )
    case = services.case_apply(actor=request.auth, organization=org, **data)
    return Status(201, case)


@router.get("/cases/{case_id}", response=CaseDetailOut, url_name="admission_case_detail")
def case_detail(request: ApiRequest, case_id: int) -> AdmissionCase:
    return _detail(request, case_id)


@router.get("/cases/{case_id}/audit", response=list[LogEntryOut], url_name="admission_case_audit")
def case_audit(request: ApiRequest, case_id: int):  # type: ignore[no-untyped-def]
    return log_entries_for(selectors.case_get(actor=request.auth, pk=case_id), limit=200)


# --- one operation per step -------------------------------------------------------------------


class DatedIn(Schema):
    done_on: dt.date


class OpinionIn(DatedIn):
    opinion: str


class TalkIn(OpinionIn):
    talker: str


class RecommendIn(Schema):
    held_on: dt.date
    members_taking_part: int
    members_for: int
    masses_taking_part: int
    masses_for: int
    recommended: bool
    note: str = ""


class ActivistIn(OpinionIn):
    source: str


class NoteIn(DatedIn):
    note: str = ""


class PeopleIn(DatedIn):
    member_ids: list[int]


class AssessIn(Schema):
    assessed_on: dt.date
    assessor: str
    content: str


class HeardIn(Schema):
    source: str
    given_on: dt.date
    summary: str


class ReviewIn(Schema):
    reviewed_on: dt.date
    opinion: str
    passed: bool
    reviewer_name: str = ""


class PoliticalIn(DatedIn):
    conclusion: str
    qualified: bool


class TrainingIn(Schema):
    started_on: dt.date
    ended_on: dt.date
    class_hours: int
    organizer: str
    opinion: str = ""


class PreReviewIn(OpinionIn):
    passed: bool
    leaving_unit_soon: bool = False


class FormIn(DatedIn):
    form_number: str = ""


class ExtendIn(Schema):
    until: dt.date
    reason: str
    decided_on: dt.date | None = None


class ApproveIn(OpinionIn):
    approved: bool


class PlaceIn(DatedIn):
    party_group_id: int | None = None


class OptionalOpinionIn(DatedIn):
    opinion: str = ""


class DecideIn(OpinionIn):
    outcome: str
    extension_months: int | None = None


class ArchiveIn(DatedIn):
    location: str = ""


class CloseIn(DatedIn):
    reason: str


def _members(request: ApiRequest, ids: list[int]) -> list[Any]:
    return [selectors.member_in_scope(actor=request.auth, pk=pk) for pk in ids]


def _party_group(case: AdmissionCase, pk: int | None) -> Organization | None:
    if pk is None:
        return None
    group = Organization.objects.filter(
        pk=pk, path__subtree=case.organization.path, kind=OrgKind.PARTY_GROUP
    ).first()
    if group is None:
        raise Http404
    return group


Call = Callable[[ApiRequest, AdmissionCase, Any], Any]
S = services
STEP_OPERATIONS: dict[str, tuple[type[Schema], Call]] = {
    "talk": (TalkIn, lambda r, c, p: S.case_record_talk(actor=r.auth, case=c, **p.dict())),
    "recommend": (
        RecommendIn,
        lambda r, c, p: S.case_record_recommendation(actor=r.auth, case=c, **p.dict()),
    ),
    "make_activist": (
        ActivistIn,
        lambda r, c, p: S.case_make_activist(actor=r.auth, case=c, **p.dict()),
    ),
    "file_activist": (
        NoteIn,
        lambda r, c, p: S.case_file(actor=r.auth, case=c, step=4, **p.dict()),
    ),
    "assign_mentors": (
        PeopleIn,
        lambda r, c, p: S.case_assign_mentors(
            actor=r.auth, case=c, done_on=p.done_on, mentors=_members(r, p.member_ids)
        ),
    ),
    "assess": (
        AssessIn,
        lambda r, c, p: S.case_record_assessment(actor=r.auth, case=c, **p.dict()),
    ),
    "record_opinion": (
        HeardIn,
        lambda r, c, p: S.case_record_opinion(actor=r.auth, case=c, **p.dict()),
    ),
    "review_branch": (
        ReviewIn,
        lambda r, c, p: S.case_record_review(actor=r.auth, case=c, level=1, **p.dict()),
    ),
    "review_committee": (
        ReviewIn,
        lambda r, c, p: S.case_record_review(actor=r.auth, case=c, level=2, **p.dict()),
    ),
    "review_county": (
        ReviewIn,
        lambda r, c, p: S.case_record_review(actor=r.auth, case=c, level=3, **p.dict()),
    ),
    "make_candidate": (
        OpinionIn,
        lambda r, c, p: S.case_make_candidate(actor=r.auth, case=c, **p.dict()),
    ),
    "file_candidate": (
        NoteIn,
        lambda r, c, p: S.case_file(actor=r.auth, case=c, step=8, **p.dict()),
    ),
    "assign_sponsors": (
        PeopleIn,
        lambda r, c, p: S.case_assign_sponsors(
            actor=r.auth, case=c, done_on=p.done_on, sponsors=_members(r, p.member_ids)
        ),
    ),
    "political_review": (
        PoliticalIn,
        lambda r, c, p: S.case_record_political_review(actor=r.auth, case=c, **p.dict()),
    ),
    "training": (
        TrainingIn,
        lambda r, c, p: S.case_record_training(actor=r.auth, case=c, **p.dict()),
    ),
    "committee_review": (
        OpinionIn,
        lambda r, c, p: S.case_committee_review(actor=r.auth, case=c, **p.dict()),
    ),
    "pre_review": (
        PreReviewIn,
        lambda r, c, p: S.case_pre_review(actor=r.auth, case=c, **p.dict()),
    ),
    "fill_form": (FormIn, lambda r, c, p: S.case_fill_form(actor=r.auth, case=c, **p.dict())),
    "branch_meeting": (
        OpinionIn,
        lambda r, c, p: S.case_branch_meeting(actor=r.auth, case=c, **p.dict()),
    ),
    "committee_talk": (
        TalkIn,
        lambda r, c, p: S.case_committee_talk(actor=r.auth, case=c, **p.dict()),
    ),
    "extend_approval": (
        ExtendIn,
        lambda r, c, p: S.case_extend_approval(actor=r.auth, case=c, **p.dict()),
    ),
    "approve": (ApproveIn, lambda r, c, p: S.case_approve(actor=r.auth, case=c, **p.dict())),
    "file_approval": (
        NoteIn,
        lambda r, c, p: S.case_file(actor=r.auth, case=c, step=18, **p.dict()),
    ),
    "place": (
        PlaceIn,
        lambda r, c, p: S.case_place(
            actor=r.auth, case=c, done_on=p.done_on, party_group=_party_group(c, p.party_group_id)
        ),
    ),
    "oath": (NoteIn, lambda r, c, p: S.case_oath(actor=r.auth, case=c, **p.dict())),
    "apply_full": (
        OptionalOpinionIn,
        lambda r, c, p: S.case_apply_full(actor=r.auth, case=c, **p.dict()),
    ),
    "full_meeting": (
        OpinionIn,
        lambda r, c, p: S.case_full_meeting(actor=r.auth, case=c, **p.dict()),
    ),
    "decide_full": (DecideIn, lambda r, c, p: S.case_decide_full(actor=r.auth, case=c, **p.dict())),
    "archive": (ArchiveIn, lambda r, c, p: S.case_archive(actor=r.auth, case=c, **p.dict())),
    "close": (CloseIn, lambda r, c, p: S.case_close(actor=r.auth, case=c, **p.dict())),
}
assert set(STEP_OPERATIONS) == set(workflow.TRANSITIONS), "every transition has an operation"


def _make_operation(verb: str, schema: type[Schema], call: Call) -> None:
    transition = workflow.TRANSITIONS[verb]

    def operation(request: ApiRequest, case_id: int, payload: schema):  # type: ignore[no-untyped-def,valid-type]
        case = selectors.case_get(actor=request.auth, pk=case_id, permission=transition.permission)
        call(request, case, payload)
        return _detail(request, case.pk)

    operation.__name__ = f"case_{verb}"
    label = f"{transition.step}. {transition.label}" if transition.step else str(transition.label)
    router.post(
        f"/cases/{{case_id}}/{verb}",
        response={200: CaseDetailOut, 422: ErrorOut},
        url_name=f"admission_case_{verb}",
        summary=label,
    )(operation)


for _verb, (_schema, _call) in STEP_OPERATIONS.items():
    _make_operation(_verb, _schema, _call)


# --- notices, ballots, documents ----------------------------------------------------------------


class NoticeOut(Schema):
    id: int
    title: str
    purpose: str
    starts_on: dt.date
    ends_on: dt.date
    provisional: bool


class BallotOut(Schema):
    id: int
    title: str
    purpose: str
    rule: str
    status: str
    include_masses: bool


class BallotIn(Schema):
    meeting_date: dt.date | None = None
    method: str | None = None


@router.post(
    "/cases/{case_id}/notices/{point}",
    response={201: NoticeOut, 422: ErrorOut},
    url_name="admission_case_notice",
)
def case_notice(request: ApiRequest, case_id: int, point: str):  # type: ignore[no-untyped-def]
    """Publish the public notice (公示) of a key point: activist, candidate, probationary, full."""
    if point not in guards.POINTS:
        raise Http404
    case = selectors.case_get(actor=request.auth, pk=case_id, permission=workflow.MANAGE)
    return Status(201, services.case_notice_publish(actor=request.auth, case=case, point=point))


@router.post(
    "/cases/{case_id}/ballots/{point}",
    response={201: BallotOut, 422: ErrorOut},
    url_name="admission_case_ballot",
)
def case_ballot(request: ApiRequest, case_id: int, point: str, payload: BallotIn):  # type: ignore[no-untyped-def]
    """Prepare the anonymous ballot of a key point (run it through the ballots API)."""
    if point not in guards.POINTS:
        raise Http404
    case = selectors.case_get(actor=request.auth, pk=case_id, permission=workflow.MANAGE)
    ballot = services.case_ballot_create(
        actor=request.auth,
        case=case,
        point=point,
        meeting_date=payload.meeting_date,
        method=payload.method,
    )
    return Status(201, ballot)


class DocumentOut(Schema):
    id: int
    kind: str
    filename: str
    size: int
    uploaded_at: dt.datetime


@router.post(
    "/cases/{case_id}/documents",
    response={201: DocumentOut, 422: ErrorOut},
    url_name="admission_case_document",
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["kind", "file"],
                        "properties": {
                            "kind": {"type": "string"},
                            "file": {"type": "string", "format": "binary"},
                            "note": {"type": "string"},
                        },
                    }
                }
            }
        }
    },
)
def case_document(request: ApiRequest, case_id: int):  # type: ignore[no-untyped-def]
    """Add a document to the case's file (multipart: ``kind``, ``file``, ``note``).

    The form is read after the case is found, so a case outside the caller's scope is a
    404 whatever was sent."""
    case = selectors.case_get(actor=request.auth, pk=case_id, permission=workflow.MANAGE)
    upload = request.FILES.get("file")
    if upload is None:
        raise RuleViolation(_("请选择要上传的文件。"), rule="admission.required", field="file")
    doc: CaseDocument = services.case_document_upload(
        actor=request.auth,
        case=case,
        kind=request.POST.get("kind", ""),
        file=upload,
        note=request.POST.get("note", ""),
    )
    return Status(201, doc)


# --- pipeline, overdue, queues ---------------------------------------------------------------------


class StageOut(Schema):
    stage: int
    label: str
    open: int


class PipelineRowOut(Schema):
    org_id: int
    org: str
    stages: dict[int, int]
    total: int


class PipelineOut(Schema):
    org_id: int
    stages: list[StageOut]
    rows: list[PipelineRowOut]
    admitted: int
    full: int
    year: int
    overdue: dict[str, int]


@router.get("/pipeline/{org_id}", response=PipelineOut, url_name="admission_pipeline")
def pipeline(request: ApiRequest, org_id: int, year: int | None = None) -> dict[str, Any]:
    """Open cases by stage for an organization's subtree, per child organization."""
    org = org_selectors.org_get(actor=request.auth, pk=org_id, permission=VIEW)
    data = selectors.pipeline(actor=request.auth, org=org, year=year)
    return {
        "org_id": org.pk,
        "stages": [{"stage": s, "label": label, "open": n} for s, label, n, _rows in data.stages],
        "rows": [
            {"org_id": r.org.pk, "org": r.org.name, "stages": dict(r.cells), "total": r.total}
            for r in data.rows
        ],
        "admitted": data.admitted,
        "full": data.full,
        "year": data.year,
        "overdue": {k: n for k, _label, n in selectors.overdue_counts(actor=request.auth, org=org)},
    }


@router.get("/overdue/{org_id}", response=list[CaseOut], url_name="admission_overdue")
@paginate(LimitOffsetPagination)
def overdue(request: ApiRequest, org_id: int, kind: str = "talks"):  # type: ignore[no-untyped-def]
    """Overdue cases of a kind: talks, assessments, approvals, probations."""
    if kind not in selectors.OVERDUE_KINDS:
        raise Http404
    org = org_selectors.org_get(actor=request.auth, pk=org_id, permission=VIEW)
    return selectors.overdue_list(actor=request.auth, org=org, kind=kind)


class QueueOut(Schema):
    key: str
    label: str
    verb: str
    cases: list[CaseOut]
    more: bool


@router.get("/queue", response=list[QueueOut], url_name="admission_queue")
def queue(request: ApiRequest) -> list[dict[str, Any]]:
    """What waits for the caller's committee (approvals) or department (county review)."""
    scoping.require(request.auth, "admission.queue")
    return [
        {
            "key": q.spec.key,
            "label": str(q.spec.label),
            "verb": q.spec.verb,
            "cases": q.cases,
            "more": q.more,
        }
        for q in selectors.queues(actor=request.auth)
    ]


# --- 留党察看 --------------------------------------------------------------------------------------


class DisciplineOut(Schema):
    id: int
    member_id: int
    member: str
    started_on: dt.date
    months: int
    decision: str
    restored_on: dt.date | None

    @staticmethod
    def resolve_member(obj: DisciplinaryProbation) -> str:
        return obj.member.name


class DisciplineIn(Schema):
    id_number: str
    started_on: dt.date
    months: int
    decision: str


class RestoreIn(Schema):
    restored_on: dt.date


@router.get("/discipline", response=list[DisciplineOut], url_name="admission_discipline_list")
@paginate(LimitOffsetPagination)
def discipline_list(request: ApiRequest):  # type: ignore[no-untyped-def]
    scoping.require(request.auth, workflow.DISCIPLINE)
    return selectors.discipline_list(actor=request.auth)


@router.post(
    "/discipline",
    response={201: DisciplineOut, 422: ErrorOut},
    url_name="admission_discipline_create",
)
def discipline_create(request: ApiRequest, payload: DisciplineIn):  # type: ignore[no-untyped-def]
    """Record probation within the party (留党察看) of a member, found by ID number."""
    from grassroots.members.models import Member

    scoping.require(request.auth, workflow.DISCIPLINE)
    member = scoping.get_scoped_or_404(
        Member.objects.filter(scoping.scope_q(request.auth, workflow.DISCIPLINE)).select_related(
            "organization"
        ),
        id_number_hash=crypto.lookup_hash(payload.id_number),
    )
    row = services.discipline_record(
        actor=request.auth,
        member=member,
        started_on=payload.started_on,
        months=payload.months,
        decision=payload.decision,
    )
    return Status(201, row)


@router.post(
    "/discipline/{row_id}/restore",
    response={200: DisciplineOut, 422: ErrorOut},
    url_name="admission_discipline_restore",
)
def discipline_restore(request: ApiRequest, row_id: int, payload: RestoreIn):  # type: ignore[no-untyped-def]
    row = selectors.discipline_get(actor=request.auth, pk=row_id)
    return services.discipline_restore(
        actor=request.auth, probation=row, restored_on=payload.restored_on
    )
