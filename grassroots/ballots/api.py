from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from grassroots.core.middleware import client_ip
from grassroots.core.schemas import ErrorOut
from grassroots.core.types import ApiRequest

from . import selectors, services
from .models import Ballot
from .selectors import BallotResult

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


@router.get("/{ballot_id}", response=BallotOut, url_name="ballot_detail")
def ballot_detail(request: ApiRequest, ballot_id: int) -> Ballot:
    return selectors.ballot_get(actor=request.auth, pk=ballot_id)


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
