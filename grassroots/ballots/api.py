"""The ballots API: the same services and scoped selectors as the staff pages.

Each management step is its own operation on ``/ballots/{ballot_id}/…``: a ballot the
caller may not manage is a 404, a refused rule a 422 (``ErrorOut``: the Chinese message
and the rule's key). One-time codes are never returned: ``POST …/codes`` starts the
printing of the slips (a background job, as on the page) and the codes exist only in its
PDF. Casting a ballot and the receipt list are public.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from grassroots.core.middleware import client_ip
from grassroots.core.schemas import ErrorOut
from grassroots.core.types import ApiRequest
from grassroots.orgs import selectors as org_selectors

from . import selectors, services
from .jobs import start_slip_job
from .models import Ballot, PaperTally, RollEntry, VoterKind, VotingMethod
from .selectors import BallotResult

MANAGE = "ballots.manage"

router = Router(tags=["ballots"])


class BallotOut(Schema):
    id: int
    public_id: str
    organization_id: int
    organization: str
    purpose: str
    title: str
    rule: str
    threshold: str
    method: str
    include_masses: bool
    status: str
    meeting_date: dt.date | None
    questions: list[str]

    @staticmethod
    def resolve_organization(obj: Ballot) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_threshold(obj: Ballot) -> str:
        return f"{obj.threshold_numerator}/{obj.threshold_denominator}"

    @staticmethod
    def resolve_questions(obj: Ballot) -> list[str]:
        return [q.text for q in obj.questions.all()]


class CountsOut(Schema):
    yes: int
    no: int
    abstain: int
    invalid: int


class QuestionResultOut(Schema):
    index: int
    text: str
    yes: int
    no: int
    abstain: int
    invalid: int
    online: CountsOut
    paper: CountsOut
    written: CountsOut
    masses: CountsOut | None
    entitled: int
    attended: int
    masses_entitled: int
    masses_attended: int
    passed: bool
    explanation: str


class ResultOut(Schema):
    ballot_id: int
    rule: str
    status: str
    complete: bool
    problems: list[str]
    entitled: int
    attended: int
    written_opinions: int
    questions: list[QuestionResultOut]


class ReceiptsOut(Schema):
    ballot_id: int
    status: str
    receipts: list[str]


class CastIn(Schema):
    code: str
    choices: dict[int, str]


class CastOut(Schema):
    receipt: str


class BallotIn(Schema):
    organization_id: int
    title: str
    questions: list[str]
    rule: str
    method: str = VotingMethod.MIXED
    include_masses: bool = False
    masses_in_outcome: bool = False
    threshold: str | None = None
    meeting_date: dt.date | None = None


class RollEntryOut(Schema):
    id: int
    kind: str
    name: str
    village: str
    chosen_how: str
    present: bool
    written_opinion: bool

    @staticmethod
    def resolve_written_opinion(obj: RollEntry) -> bool:
        return hasattr(obj, "written_opinion")


class MassIn(Schema):
    name: str
    village: str = ""
    chosen_how: str


class AttendanceIn(Schema):
    present: list[int]


class WrittenOpinionIn(Schema):
    choices: dict[int, str]
    received_on: dt.date | None = None


class WrittenOpinionOut(Schema):
    entry_id: int
    name: str
    received_on: dt.date


class CodesIn(Schema):
    count: int
    kind: str = VoterKind.MEMBER


class JobOut(Schema):
    job_id: int
    url: str


class TallyLineIn(Schema):
    yes: int
    no: int
    abstain: int
    invalid: int


class TallyIn(Schema):
    collected: int
    lines: dict[int, TallyLineIn]


class TallyLineOut(TallyLineIn):
    index: int
    text: str


class TallyOut(Schema):
    kind: str
    collected: int
    lines: list[TallyLineOut]
    entered_by: str | None
    teller: str | None
    teller_signed_at: dt.datetime | None
    scrutineer: str | None
    scrutineer_signed_at: dt.datetime | None
    final: bool


def _user_label(user: Any) -> str | None:
    return user.display_name if user is not None else None


def _tally_out(tally: PaperTally) -> dict[str, Any]:
    lines = sorted(tally.lines.select_related("question"), key=lambda line: line.question.index)
    return {
        "kind": tally.kind,
        "collected": tally.collected,
        "lines": [
            {
                "index": line.question.index,
                "text": line.question.text,
                "yes": line.yes,
                "no": line.no,
                "abstain": line.abstain,
                "invalid": line.invalid,
            }
            for line in lines
        ],
        "entered_by": _user_label(tally.entered_by),
        "teller": _user_label(tally.teller),
        "teller_signed_at": tally.teller_signed_at,
        "scrutineer": _user_label(tally.scrutineer),
        "scrutineer_signed_at": tally.scrutineer_signed_at,
        "final": tally.is_final,
    }


def _managed(request: ApiRequest, ballot_id: int) -> Ballot:
    """The ballot if the caller may manage it; 404 otherwise (as on the pages)."""
    return selectors.ballot_get(actor=request.auth, pk=ballot_id, permission=MANAGE)


def _kind(ballot: Ballot, kind: str) -> str:
    if kind not in ballot.voter_kinds:
        raise Http404
    return kind


def _result_out(result: BallotResult) -> dict[str, Any]:
    return {
        "ballot_id": result.ballot.pk,
        "rule": result.rule,
        "status": result.ballot.status,
        "complete": result.complete,
        "problems": result.problems,
        "entitled": result.entitled,
        "attended": result.attended,
        "written_opinions": result.written_opinions,
        "questions": result.questions,
    }


@router.get("/", response=list[BallotOut], url_name="ballot_list")
@paginate(LimitOffsetPagination)
def ballot_list(request: ApiRequest, status: str = ""):  # type: ignore[no-untyped-def]
    return selectors.ballot_list(actor=request.auth, status=status).prefetch_related("questions")


@router.post("/", response={201: BallotOut, 422: ErrorOut}, url_name="ballot_create")
def ballot_create(request: ApiRequest, payload: BallotIn):  # type: ignore[no-untyped-def]
    """A new ballot in draft, at an organization the caller manages (404 otherwise).
    One question per candidate; ``threshold`` (e.g. ``"2/3"``) only for the policy rule."""
    org = org_selectors.org_get(actor=request.auth, pk=payload.organization_id, permission=MANAGE)
    ballot = services.ballot_create(
        actor=request.auth,
        organization=org,
        subject=None,
        purpose="ballots.general",
        title=payload.title,
        questions=payload.questions,
        rule=payload.rule,
        include_masses=payload.include_masses,
        threshold=payload.threshold or None,
        method=payload.method,
        meeting_date=payload.meeting_date,
        masses_in_outcome=payload.masses_in_outcome,
    )
    return Status(201, selectors.ballot_get(actor=request.auth, pk=ballot.pk))


@router.get("/{ballot_id}", response=BallotOut, url_name="ballot_detail")
def ballot_detail(request: ApiRequest, ballot_id: int) -> Ballot:
    return selectors.ballot_get(actor=request.auth, pk=ballot_id)


@router.get("/{ballot_id}/roll", response=list[RollEntryOut], url_name="ballot_roll")
def ballot_roll(request: ApiRequest, ballot_id: int) -> list[RollEntry]:
    """The roll: mass representatives while it is drawn up; once frozen, also the members
    with voting rights. Entry ids are what attendance and written opinions refer to."""
    return selectors.ballot_roll(selectors.ballot_get(actor=request.auth, pk=ballot_id))


@router.post(
    "/{ballot_id}/roll/masses",
    response={201: RollEntryOut, 422: ErrorOut},
    url_name="ballot_mass_add",
)
def ballot_mass_add(request: ApiRequest, ballot_id: int, payload: MassIn):  # type: ignore[no-untyped-def]
    """Add a mass representative (群众代表) while the roll is drawn up."""
    ballot = _managed(request, ballot_id)
    entry = services.ballot_add_mass_representative(
        actor=request.auth, ballot=ballot, **payload.dict()
    )
    return Status(201, entry)


def _state_change(request: ApiRequest, ballot_id: int, change: Any) -> Ballot:
    ballot = _managed(request, ballot_id)
    change(actor=request.auth, ballot=ballot)
    return selectors.ballot_get(actor=request.auth, pk=ballot.pk)


@router.post(
    "/{ballot_id}/roll/freeze",
    response={200: BallotOut, 422: ErrorOut},
    url_name="ballot_freeze",
)
def ballot_freeze(request: ApiRequest, ballot_id: int) -> Ballot:
    """Freeze the roll: the members with voting rights today, from the registry."""
    return _state_change(request, ballot_id, services.ballot_freeze_roll)


@router.post(
    "/{ballot_id}/attendance",
    response={200: list[RollEntryOut], 422: ErrorOut},
    url_name="ballot_attendance",
)
def ballot_attendance(request: ApiRequest, ballot_id: int, payload: AttendanceIn):  # type: ignore[no-untyped-def]
    """Register who is present: ``present`` lists roll entry ids, everyone else is absent."""
    ballot = _managed(request, ballot_id)
    services.ballot_record_attendance(actor=request.auth, ballot=ballot, present=payload.present)
    return selectors.ballot_roll(ballot)


@router.post(
    "/{ballot_id}/roll/{entry_id}/opinion",
    response={201: WrittenOpinionOut, 422: ErrorOut},
    url_name="ballot_written_opinion",
)
def ballot_written_opinion(  # type: ignore[no-untyped-def]
    request: ApiRequest, ballot_id: int, entry_id: int, payload: WrittenOpinionIn
):
    """The written opinion (书面意见) of an entitled member who cannot attend: ``choices``
    maps question indexes to ``yes``/``no``/``abstain``. Counts in the votes, not in the
    attendance."""
    ballot = _managed(request, ballot_id)
    entry = selectors.roll_entry_get(ballot=ballot, pk=entry_id)
    opinion = services.ballot_record_written_opinion(
        actor=request.auth,
        ballot=ballot,
        entry=entry,
        choices=payload.choices,
        received_on=payload.received_on,
    )
    return Status(
        201, {"entry_id": entry.pk, "name": entry.name, "received_on": opinion.received_on}
    )


@router.post(
    "/{ballot_id}/codes",
    response={202: JobOut, 422: ErrorOut},
    url_name="ballot_codes",
)
def ballot_codes(request: ApiRequest, ballot_id: int, payload: CodesIn):  # type: ignore[no-untyped-def]
    """Print ``count`` ballot slips (选票条) for ``kind`` voters as a background job. The
    codes are only on the slips: the job's PDF (``url``) is the one place they appear."""
    ballot = _managed(request, ballot_id)
    job = start_slip_job(
        actor=request.auth,
        ballot=ballot,
        count=payload.count,
        kind=payload.kind,
        base_url=request.build_absolute_uri("/"),
    )
    return Status(202, {"job_id": job.pk, "url": reverse("core:job_detail", kwargs={"pk": job.pk})})


@router.post("/{ballot_id}/open", response={200: BallotOut, 422: ErrorOut}, url_name="ballot_open")
def ballot_open(request: ApiRequest, ballot_id: int) -> Ballot:
    """Open the vote (statutory rule: more than half of those entitled present)."""
    return _state_change(request, ballot_id, services.ballot_open)


@router.post(
    "/{ballot_id}/close", response={200: BallotOut, 422: ErrorOut}, url_name="ballot_close"
)
def ballot_close(request: ApiRequest, ballot_id: int) -> Ballot:
    """End the vote: no code can be used any more."""
    return _state_change(request, ballot_id, services.ballot_close)


@router.get("/{ballot_id}/tally/{kind}", response=TallyOut, url_name="ballot_tally")
def ballot_tally(request: ApiRequest, ballot_id: int, kind: str) -> dict[str, Any]:
    """The paper tally of ``member`` or ``mass`` voters and its signatures (404 if none)."""
    ballot = _managed(request, ballot_id)
    tally = (
        ballot.tallies.filter(kind=_kind(ballot, kind))
        .select_related("entered_by", "teller", "scrutineer")
        .first()
    )
    if tally is None:
        raise Http404
    return _tally_out(tally)


@router.post(
    "/{ballot_id}/tally/{kind}",
    response={200: TallyOut, 422: ErrorOut},
    url_name="ballot_tally_enter",
)
def ballot_tally_enter(request: ApiRequest, ballot_id: int, kind: str, payload: TallyIn):  # type: ignore[no-untyped-def]
    """Enter (or correct, until the teller signs) the paper count after the vote: for each
    question yes + no + abstain + invalid = ``collected``; paper + online ≤ present."""
    ballot = _managed(request, ballot_id)
    tally = services.ballot_enter_paper_tally(
        actor=request.auth,
        ballot=ballot,
        kind=_kind(ballot, kind),
        collected=payload.collected,
        lines={i: line.dict() for i, line in payload.lines.items()},
    )
    return _tally_out(tally)


@router.post(
    "/{ballot_id}/tally/{kind}/sign",
    response={200: TallyOut, 422: ErrorOut},
    url_name="ballot_tally_sign",
)
def ballot_tally_sign(request: ApiRequest, ballot_id: int, kind: str):  # type: ignore[no-untyped-def]
    """Sign the paper tally: first as teller (计票人), then another person as scrutineer
    (监票人). The caller is the signer."""
    ballot = _managed(request, ballot_id)
    tally = services.ballot_sign_tally(actor=request.auth, ballot=ballot, kind=_kind(ballot, kind))
    return _tally_out(tally)


@router.post(
    "/{ballot_id}/publish", response={200: BallotOut, 422: ErrorOut}, url_name="ballot_publish"
)
def ballot_publish(request: ApiRequest, ballot_id: int) -> Ballot:
    """Publish the merged result; every paper tally must be reconciled and signed."""
    return _state_change(request, ballot_id, services.ballot_publish)


@router.get("/{ballot_id}/result", response=ResultOut, url_name="ballot_result")
def ballot_result(request: ApiRequest, ballot_id: int) -> dict[str, Any]:
    """The merged count with the rule applied; ``complete`` is false (and ``passed`` too)
    until voting is over and every paper tally is signed."""
    ballot = selectors.ballot_get(actor=request.auth, pk=ballot_id)
    return _result_out(selectors.ballot_result(ballot))


@router.get("/{ballot_id}/receipts", response=ReceiptsOut, url_name="ballot_receipts")
def ballot_receipts(request: ApiRequest, ballot_id: int) -> dict[str, Any]:
    ballot = selectors.ballot_get(actor=request.auth, pk=ballot_id)
    return {
        "ballot_id": ballot.pk,
        "status": ballot.status,
        "receipts": selectors.public_receipts(ballot),
    }


@router.get(
    "/public/{public_id}/receipts",
    response=ReceiptsOut,
    auth=None,
    url_name="ballot_public_receipts",
)
def ballot_public_receipts(request: HttpRequest, public_id: str) -> dict[str, Any]:
    """Public: the receipts of the ballots cast online, once the vote is over."""
    ballot = selectors.public_ballot_get(public_id=public_id)
    return {
        "ballot_id": ballot.pk,
        "status": ballot.status,
        "receipts": selectors.public_receipts(ballot),
    }


@router.post(
    "/public/{public_id}/cast",
    response={200: CastOut, 422: ErrorOut},
    auth=None,
    url_name="ballot_cast",
)
def ballot_cast(request: HttpRequest, public_id: str, payload: CastIn) -> dict[str, str]:
    """Public: cast the ballot of a one-time code. ``choices`` maps question indexes
    (0, 1, …) to ``yes``, ``no`` or ``abstain``. A used or unknown code: 422."""
    ballot = selectors.public_ballot_get(public_id=public_id)
    receipt = services.ballot_cast(
        code=payload.code, choices=payload.choices, ballot=ballot, ip=client_ip(request)
    )
    return {"receipt": receipt}
