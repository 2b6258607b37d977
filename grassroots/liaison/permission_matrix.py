"""Contact points: committees, branches and auditors see their subtree; a leader sees only
the points they lead (``_own_point``) and gets 404 for another leader's point in the same
subtree (``_others_point``); logging is for the point's leader and committees (403 for
those who may only read)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from grassroots.core.testing.matrix import ALL, COMMITTEES, Route, allow

from .models import (
    ContactPoint,
    FundIntegration,
    LeaderLevel,
    LeadershipMeeting,
    MeetingKind,
    Problem,
    ProblemCategory,
    Visit,
)

READ = ("county", "township", "branch_secretary", "branch_organizer", "auditor", "leader")
LOG = ("county", "township", "leader")


def _status(ok: Any, *, readers: Any = 403, member: Any = 404, roles: tuple = LOG) -> dict:
    """``ok`` for the roles who may act, 403 for those who only read, 404 for the member."""
    out = {role: (ok if role in roles else readers) for role in ALL}
    out["member"] = member
    return out


def _make_point(world: Any, org: Any, leader: Any) -> ContactPoint:
    return ContactPoint.objects.create(
        leader=leader,
        leader_level=LeaderLevel.COUNTY,
        leader_post="县委常委",
        organization=org,
        started_on=dt.date(2014, 1, 1),
        note=world.marker(org) + "联系重点",
    )


def _other_leader(world: Any) -> Any:
    from grassroots.accounts.models import RoleAssignment, User
    from grassroots.core.roles import Role

    user, created = User.objects.get_or_create(username="w_leader2", full_name="另一位领导")
    if created:
        RoleAssignment.objects.create(user=user, role=Role.LEADER, organization=world.root)
    return user


def _own_point(world: Any, org: Any) -> dict:
    return {"pk": _make_point(world, org, world.users["leader"]).pk}


def _others_point(world: Any, org: Any) -> dict:
    return {"pk": _make_point(world, org, _other_leader(world)).pk}


def _own_point_id(world: Any, org: Any) -> dict:
    return {"point_id": _own_point(world, org)["pk"]}


def _visit(world: Any, org: Any) -> dict:
    point = _make_point(world, org, world.users["leader"])
    visit = Visit.objects.create(
        contact_point=point, visited_on=dt.date(2014, 3, 1), visitors=world.marker(org) + "走访组"
    )
    return {"pk": visit.pk}


def _problem(world: Any, org: Any) -> Problem:
    point = _make_point(world, org, world.users["leader"])
    return Problem.objects.create(
        contact_point=point,
        category=ProblemCategory.INFRASTRUCTURE,
        description=world.marker(org) + "道路硬化",
        raised_on=dt.date(2014, 3, 1),
    )


def _problems(world: Any, org: Any) -> dict:
    _problem(world, org)
    return {}


def _meeting(world: Any, org: Any) -> LeadershipMeeting:
    return LeadershipMeeting.objects.create(
        organization=org,
        kind=MeetingKind.STANDING_COMMITTEE,
        held_on=dt.date(2014, 2, 1),
        title=world.marker(org) + "常委会",
        topics="基层党建",
    )


def _fund(world: Any, org: Any) -> dict:
    fund = FundIntegration.objects.create(
        organization=org,
        source="county_budget",
        purpose=world.marker(org) + "村级运转经费",
        amount_yuan=1000,
        allocated_on=dt.date(2014, 3, 1),
    )
    return {"pk": fund.pk}


def _nothing(world: Any, org: Any) -> dict:
    return {}


def _visit_post(world: Any, org: Any) -> dict:
    return {
        "visited_on": "2014-03-01",
        "visitors": "走访组",
        "summary": "",
        "aid_funds_yuan": "0",
        "aid_goods_yuan": "0",
        "aid_goods_description": "",
        "disputes_mediated": "0",
        "problems-TOTAL_FORMS": "0",
        "problems-INITIAL_FORMS": "0",
    }


OWN_DETAIL = allow(READ)
OTHERS_DETAIL = allow([r for r in READ if r != "leader"])

ROUTES = [
    Route("liaison:point_list", allow(READ, denied=403), make=_problems, outside=None),
    Route("liaison:point_create", allow(COMMITTEES, denied=403)),
    Route("liaison:point_create", allow(COMMITTEES, denied=403), method="POST"),
    Route("liaison:point_detail", OWN_DETAIL, make=_own_point),
    Route("liaison:point_detail", OTHERS_DETAIL, make=_others_point),
    Route("liaison:point_end", _status(200, roles=COMMITTEES), make=_own_point),
    Route("liaison:point_end", _status(200, roles=COMMITTEES), method="POST", make=_own_point),
    Route("liaison:visit_create", _status(200), make=_own_point),
    Route(
        "liaison:visit_create",
        {**_status(200), "leader": 404},
        make=_others_point,
    ),
    Route("liaison:visit_create", _status(302), method="POST", make=_own_point, data=_visit_post),
    Route("liaison:problem_add", _status(200), make=_own_point),
    Route("liaison:problem_add", _status(200), method="POST", make=_own_point),
    Route("liaison:visit_detail", OWN_DETAIL, make=_visit),
    Route("liaison:problem_list", allow(READ, denied=403), make=_problems, outside=None),
    Route("liaison:problem_resolve", _status(200), make=lambda w, o: {"pk": _problem(w, o).pk}),
    Route(
        "liaison:problem_resolve",
        _status(200),
        method="POST",
        make=lambda w, o: {"pk": _problem(w, o).pk},
    ),
    Route("liaison:leadership", allow(["county", "auditor"], denied=403)),
    Route("liaison:meeting_create", allow(["county"], denied=403)),
    Route("liaison:meeting_create", allow(["county"], denied=403), method="POST"),
    Route(
        "liaison:meeting_detail",
        allow(["county", "auditor"]),
        make=lambda w, o: {"pk": _meeting(w, o).pk},
    ),
    Route("liaison:fund_create", allow(["county"], denied=403)),
    Route("liaison:fund_create", allow(["county"], denied=403), method="POST"),
    Route("liaison:fund_detail", allow(["county", "auditor"]), make=_fund),
    # API
    Route("api:liaison_point_list", allow(ALL), api=True, make=_problems, outside=None),
    Route("api:liaison_point_detail", allow(READ), api=True, make=_own_point_id),
    Route(
        "api:liaison_point_detail",
        allow([r for r in READ if r != "leader"]),
        api=True,
        make=lambda w, o: {"point_id": _others_point(w, o)["pk"]},
    ),
    Route(
        "api:liaison_point_create",
        allow(COMMITTEES, ok=422),
        method="POST",
        api=True,
        json=True,
        make=_nothing,
        data=lambda w, org: {
            "leader_id": w.users["leader"].pk,
            "leader_level": "township",
            "leader_post": "镇党委副书记",
            "organization_id": org.pk,
            "started_on": "2099-01-01",  # in the future: refused
        },
    ),
    Route(
        "api:liaison_point_end",
        _status(422, roles=COMMITTEES),
        method="POST",
        api=True,
        json=True,
        make=_own_point_id,
        data=lambda w, org: {"ended_on": "2014-06-01", "reason": ""},  # no reason: refused
    ),
    Route("api:liaison_visit_list", allow(READ), api=True, make=_own_point_id),
    Route(
        "api:liaison_visit_create",
        _status(201),
        method="POST",
        api=True,
        json=True,
        make=_own_point_id,
        data=lambda w, org: {
            "visited_on": "2014-03-02",
            "visitors": "走访组",
            "aid_funds_yuan": "2000",
            "disputes_mediated": 1,
            "problems": [{"category": "livelihood", "description": "饮水困难"}],
        },
    ),
    Route(
        "api:liaison_problem_create",
        _status(201),
        method="POST",
        api=True,
        json=True,
        make=_own_point_id,
        data=lambda w, org: {
            "category": "infrastructure",
            "description": "村组公路损毁",
            "raised_on": "2014-04-02",
        },
    ),
    Route("api:liaison_problem_list", allow(ALL), api=True, make=_problems, outside=None),
    Route(
        "api:liaison_problem_resolve",
        _status(422),
        method="POST",
        api=True,
        json=True,
        make=lambda w, o: {"problem_id": _problem(w, o).pk},
        data=lambda w, org: {"resolved_on": "2014-03-05", "resolution": ""},  # refused
    ),
    Route("api:liaison_meeting_list", allow(["county", "auditor"], denied=403), api=True),
    Route(
        "api:liaison_meeting_create",
        allow(["county"], ok=201),
        method="POST",
        api=True,
        json=True,
        make=_nothing,
        data=lambda w, org: {
            "organization_id": w.root.pk,
            "kind": "standing_committee",
            "held_on": "2014-02-01",
            "title": "县委常委会专题研究基层党建",
            "topics": "软弱涣散党组织整顿",
        },
    ),
    Route("api:liaison_fund_list", allow(["county", "auditor"], denied=403), api=True),
    Route(
        "api:liaison_fund_create",
        allow(["county"], ok=201),
        method="POST",
        api=True,
        json=True,
        make=_nothing,
        data=lambda w, org: {
            "organization_id": w.root.pk,
            "source": "county_budget",
            "purpose": "村级运转经费",
            "amount_yuan": "340000",
            "allocated_on": "2014-03-01",
        },
    ),
]
