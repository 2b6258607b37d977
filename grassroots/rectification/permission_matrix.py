"""Rectification cases: committees, branches and auditors read their subtree; townships
propose and record actions; only the county department approves, assigns and reviews
(403 for those who see the case but may not decide)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from grassroots.core.testing.matrix import ALL, COMMITTEES, Route, allow

from .models import Action, ActionKind, CaseStatus, Heading, RectificationCase

VIEW = ("county", "township", "branch_secretary", "branch_organizer", "auditor")


def _decide(ok: Any) -> dict:
    """``ok`` for the county; 403 for others who see the case; 404 for the rest."""
    return {role: ok if role == "county" else 403 if role in VIEW else 404 for role in ALL}


def _record(ok: Any) -> dict:
    return {role: ok if role in COMMITTEES else 403 if role in VIEW else 404 for role in ALL}


def _make(world: Any, org: Any, status: str = CaseStatus.OPEN) -> RectificationCase:
    return RectificationCase.objects.create(
        organization=org,
        year=2014,
        reasons=["economy"],
        other_reasons=world.marker(org) + "集体经济空壳",
        status=status,
        proposed_on=dt.date(2014, 3, 1),
        decided_on=dt.date(2014, 3, 20) if status != CaseStatus.PROPOSED else None,
    )


def _open(world: Any, org: Any) -> dict:
    return {"pk": _make(world, org).pk}


def _proposed(world: Any, org: Any) -> dict:
    return {"pk": _make(world, org, CaseStatus.PROPOSED).pk}


def _open_id(world: Any, org: Any) -> dict:
    return {"case_id": _make(world, org).pk}


def _proposed_id(world: Any, org: Any) -> dict:
    return {"case_id": _make(world, org, CaseStatus.PROPOSED).pk}


def _listed(world: Any, org: Any) -> dict:
    _make(world, org)
    return {}


def _action(world: Any, org: Any) -> dict:
    action = Action.objects.create(
        case=_make(world, org),
        heading=Heading.CONFLICTS,
        kind=ActionKind.COORDINATION_MEETING,
        occurred_on=dt.date(2014, 5, 1),
        title=world.marker(org) + "协调会",
        evidence="会议记录",
    )
    return {"pk": action.pk}


ROUTES = [
    Route("rectification:case_list", allow(VIEW, denied=403), make=_listed, outside=None),
    Route("rectification:case_propose", allow(COMMITTEES, denied=403)),
    Route("rectification:case_propose", allow(COMMITTEES, denied=403), method="POST"),
    Route("rectification:case_detail", allow(VIEW), make=_open),
    Route("rectification:case_approve", _decide(200), make=_proposed),
    Route(
        "rectification:case_approve",
        _decide(302),
        method="POST",
        make=_proposed,
        data=lambda w, o: {"decided_on": "2014-03-20", "note": ""},
    ),
    Route("rectification:case_reject", _decide(200), make=_proposed),
    Route("rectification:case_reject", _decide(200), method="POST", make=_proposed),
    Route("rectification:case_assign", _decide(200), make=_open),
    Route(
        "rectification:case_assign",
        _decide(302),
        method="POST",
        make=_open,
        data=lambda w, o: {"first_secretary": ""},  # nothing to change: back to the case
    ),
    Route(
        "rectification:action_create",
        _record(200),
        make=lambda w, o: {**_open(w, o), "heading": "team"},
    ),
    Route(
        "rectification:action_create",
        _record(200),
        method="POST",
        make=lambda w, o: {**_open(w, o), "heading": "conditions"},
        data=lambda w, o: {"kind": "service_centre_subsidy", "amount_yuan": "80000"},
    ),
    Route("rectification:case_review", _decide(200), make=_open),
    Route("rectification:case_review", _decide(200), method="POST", make=_open),
    # No file attached: 404 for everyone (downloads are tested in the app's tests).
    Route("rectification:action_evidence", allow([], 404), make=_action),
    # API
    Route("api:rectification_case_list", allow(ALL), api=True, make=_listed, outside=None),
    Route("api:rectification_case_detail", allow(VIEW), api=True, make=_open_id),
    Route(
        "api:rectification_case_propose",
        allow(COMMITTEES, ok=422),
        method="POST",
        api=True,
        json=True,
        make=lambda w, o: {},
        data=lambda w, org: {"organization_id": org.pk, "year": 2014},  # no reason: refused
    ),
    Route(
        "api:rectification_case_approve",
        _decide(200),
        method="POST",
        api=True,
        json=True,
        make=_proposed_id,
        data=lambda w, o: {"decided_on": "2014-03-20"},
    ),
    Route(
        "api:rectification_case_reject",
        _decide(422),
        method="POST",
        api=True,
        json=True,
        make=_proposed_id,
        data=lambda w, o: {"note": ""},  # no reason: refused
    ),
    Route(
        "api:rectification_case_assign",
        _decide(200),
        method="POST",
        api=True,
        json=True,
        make=_open_id,
        data=lambda w, o: {
            "first_secretary": "王明",
            "first_secretary_unit": "县财政局",
            "first_secretary_sent_on": "2014-04-01",
        },
    ),
    Route(
        "api:rectification_action_create",
        _record(201),
        method="POST",
        api=True,
        json=True,
        make=_open_id,
        data=lambda w, o: {
            "kind": "coordination_meeting",
            "occurred_on": "2014-05-06",
            "title": "挂点领导召开协调会",
            "evidence": "会议纪要",
        },
    ),
    # No file attached: 404 for everyone (downloads are tested in the app's tests).
    Route(
        "api:rectification_action_evidence",
        allow([], 404),
        api=True,
        make=lambda w, o: {"action_id": _action(w, o)["pk"]},
    ),
    Route(
        "api:rectification_case_review",
        _decide(422),
        method="POST",
        api=True,
        json=True,
        make=_open_id,
        data=lambda w, o: {"passed": True, "note": ""},  # no review note: refused
    ),
]
