"""Every admission route as every role. Cases hold personal data: only the branch
(its own cases), the township committee and the county department see them; leaders,
members and auditors get 404 (403 on pages that name no object)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from grassroots.core import crypto
from grassroots.core.testing.matrix import Route, allow, org_id_kwargs
from grassroots.core.testing.world import World
from grassroots.orgs.models import Organization

VIEWERS = ("county", "township", "branch_secretary", "branch_organizer")
BRANCH = ("branch_secretary", "branch_organizer")
COMMITTEE = ("township",)
COUNTY = ("county",)
QUEUE = ("county", "township")

_serial = itertools.count(300)


def _case(world: World, org: Organization) -> Any:
    """An application at ``org`` (step 1 done), named with the organization's marker."""
    from grassroots.admission.models import AdmissionCase, CaseStep
    from grassroots.core.testing.factories import id_number
    from grassroots.core.validators import mask_id_number

    number = id_number(dt.date(1995, 3, 3), serial=next(_serial) % 500)
    applied = dt.date(2014, 3, 1)
    case = AdmissionCase.objects.create(
        organization=org,
        name=f"{world.marker(org)}申请人",
        sex="male",
        birth_date=dt.date(1995, 3, 3),
        id_number_encrypted=crypto.encrypt(number),
        id_number_hash=crypto.lookup_hash(number),
        id_number_masked=mask_id_number(number),
        applied_on=applied,
        talk_due_on=dt.date(2014, 4, 1),
        step=1,
        step_dates={"1": applied.isoformat()},
    )
    CaseStep.objects.create(case=case, step=1, done_on=applied, rules_version="2014")
    return case


def case_kwargs(world: World, org: Organization) -> dict[str, Any]:
    return {"pk": _case(world, org).pk}


def case_id_kwargs(world: World, org: Organization) -> dict[str, Any]:
    return {"case_id": _case(world, org).pk}


def act_kwargs(verb: str) -> Any:
    return lambda world, org: {"pk": _case(world, org).pk, "verb": verb}


def point_kwargs(point: str, *, api: bool = False) -> Any:
    def make(world: World, org: Organization) -> dict[str, Any]:
        case = _case(world, org)
        return {"case_id" if api else "pk": case.pk, "point": point}

    return make


def with_case(world: World, org: Organization) -> dict[str, Any]:
    """For list pages: a case exists at ``org`` (the URL names no object)."""
    _case(world, org)
    return {}


def document_kwargs(world: World, org: Organization) -> dict[str, Any]:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from grassroots.admission.models import CaseDocument

    case = _case(world, org)
    name = f"admission/matrix/{org.code}.pdf"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(b"%PDF-1.4 matrix"))
    doc = CaseDocument.objects.create(
        case=case, kind="application_letter", file=name, filename=f"{world.marker(org)}申请书.pdf"
    )
    return {"pk": doc.pk}


def _discipline(world: World, org: Organization) -> Any:
    from grassroots.admission.models import DisciplinaryProbation

    key = "a1" if org.pk == world.orgs["a1"].pk else "b1"
    return DisciplinaryProbation.objects.create(
        member=world.members[key],
        started_on=dt.date(2014, 1, 1),
        months=12,
        decision="留党察看一年",
    )


def member_id_number(world: World, org: Organization) -> str:
    key = "a1" if org.pk == world.orgs["a1"].pk else "b1"
    return crypto.decrypt(world.members[key].id_number_encrypted)


ROUTES = [
    Route("admission:home", allow(VIEWERS, ok=302, denied=403)),
    Route("admission:pipeline", allow(VIEWERS), make=org_id_kwargs),
    Route("admission:case_list", allow(VIEWERS, denied=403), make=with_case, outside=None),
    Route(
        "admission:case_list",
        allow(VIEWERS, denied=403),
        make=with_case,
        outside=None,
        params={"stage": "1", "q": "申请"},
    ),
    Route("admission:case_create", allow(BRANCH, denied=403)),
    Route("admission:case_create", allow(BRANCH, denied=403), method="POST", data=lambda w, o: {}),
    Route("admission:case_detail", allow(VIEWERS), make=case_kwargs),
    # A step's page is for the role that takes the step; everyone else gets 404.
    Route("admission:case_act", allow(BRANCH), make=act_kwargs("talk")),
    Route("admission:case_act", allow(BRANCH), method="POST", make=act_kwargs("talk")),
    Route("admission:case_act", allow(COMMITTEE), make=act_kwargs("file_activist")),
    Route("admission:case_act", allow(COMMITTEE), method="POST", make=act_kwargs("approve")),
    Route("admission:case_act", allow(COUNTY), make=act_kwargs("review_county")),
    Route("admission:case_act", allow(COUNTY), method="POST", make=act_kwargs("file_approval")),
    Route("admission:document_upload", allow(BRANCH, ok=302), method="POST", make=case_kwargs),
    Route("admission:document_download", allow(VIEWERS), make=document_kwargs),
    Route(
        "admission:notice_publish",
        allow(BRANCH, ok=302),
        method="POST",
        make=point_kwargs("activist"),
    ),
    Route(
        "admission:ballot_create",
        allow(BRANCH, ok=302),
        method="POST",
        make=point_kwargs("activist"),
    ),
    Route("admission:overdue", allow(VIEWERS, denied=403), make=with_case, outside=None),
    Route("admission:queue", allow(QUEUE, denied=403), make=with_case, outside=None),
    Route("admission:discipline", allow(QUEUE, denied=403)),
    Route(
        "admission:discipline",
        allow(QUEUE, denied=403),
        method="POST",
        data=lambda w, o: {"id_number": "x"},
    ),
    Route(
        "admission:discipline_restore",
        allow(QUEUE, ok=302),
        method="POST",
        make=lambda w, org: {"pk": _discipline(w, org).pk},
        data=lambda w, o: {"restored_on": "2015-01-01"},
    ),
    # API
    Route(
        "api:admission_case_list",
        allow(VIEWERS, denied=403),
        api=True,
        make=with_case,
        outside=None,
    ),
    Route(
        "api:admission_case_create",
        allow(BRANCH, ok=422),
        method="POST",
        api=True,
        json=True,
        make=lambda w, org: {},
        data=lambda w, org: {
            "organization_id": org.pk,
            "name": "新申请人",
            "id_number": "123",  # invalid: refused
            "applied_on": "2014-03-01",
        },
    ),
    Route("api:admission_case_detail", allow(VIEWERS), api=True, make=case_id_kwargs),
    Route("api:admission_case_audit", allow(VIEWERS), api=True, make=case_id_kwargs),
    Route(
        "api:admission_case_notice",
        allow(BRANCH, ok=(201, 422)),  # the second branch role: already published
        method="POST",
        api=True,
        make=point_kwargs("activist", api=True),
    ),
    Route(
        "api:admission_case_ballot",
        allow(BRANCH, ok=201),
        method="POST",
        api=True,
        json=True,
        make=point_kwargs("activist", api=True),
        data=lambda w, o: {},
    ),
    Route(
        "api:admission_case_document",
        allow(BRANCH, ok=422),  # no file sent: refused
        method="POST",
        api=True,
        make=case_id_kwargs,
        data=lambda w, o: {"kind": "other"},
    ),
    Route("api:admission_pipeline", allow(VIEWERS), api=True, make=org_id_kwargs),
    Route("api:admission_overdue", allow(VIEWERS), api=True, make=org_id_kwargs),
    Route("api:admission_queue", allow(QUEUE, denied=403), api=True, make=with_case, outside=None),
    Route("api:admission_discipline_list", allow(QUEUE, denied=403), api=True),
    Route(
        "api:admission_discipline_create",
        allow(QUEUE, ok=422, denied=403),
        method="POST",
        api=True,
        json=True,
        make=lambda w, org: {},
        outside=(403, 404),  # the township does not find a member outside its subtree
        data=lambda w, org: {
            "id_number": member_id_number(w, org),
            "started_on": "2014-01-01",
            "months": 5,  # refused: one or two years
            "decision": "留党察看",
        },
    ),
    Route(
        "api:admission_discipline_restore",
        allow(QUEUE, ok=422),
        method="POST",
        api=True,
        json=True,
        make=lambda w, org: {"row_id": _discipline(w, org).pk},
        data=lambda w, o: {"restored_on": "1999-01-01"},  # before the decision: refused
    ),
]


def _step_data(verb: str) -> dict[str, Any]:
    """A well-formed payload that a fresh application (step 1 only) refuses (422)."""
    day = "2000-01-01"  # before the application: refused by the order of dates or steps
    data: dict[str, Any] = {"done_on": day, "opinion": "意见"}
    extra: dict[str, dict[str, Any]] = {
        "talk": {"talker": "李"},
        "committee_talk": {"talker": "李"},
        "recommend": {
            "held_on": day,
            "members_taking_part": 1,
            "members_for": 2,  # more than took part: refused
            "masses_taking_part": 0,
            "masses_for": 0,
            "recommended": True,
        },
        "make_activist": {"source": "members"},
        "assign_mentors": {"member_ids": []},
        "assign_sponsors": {"member_ids": []},
        "assess": {"assessed_on": day, "assessor": "王", "content": "好"},
        "record_opinion": {"source": "members", "given_on": day, "summary": "好"},
        "review_branch": {"reviewed_on": day, "passed": True},
        "review_committee": {"reviewed_on": day, "passed": True},
        "review_county": {"reviewed_on": day, "passed": True},
        "political_review": {"conclusion": "合格", "qualified": True},
        "training": {"started_on": day, "ended_on": day, "class_hours": 24, "organizer": "党校"},
        "pre_review": {"passed": True},
        "extend_approval": {"until": day, "reason": "换届"},
        "approve": {"approved": True},
        "decide_full": {"outcome": "full"},
        "close": {"reason": ""},  # no reason: refused
    }
    return {**data, **extra.get(verb, {})}


def _step_payload(verb: str) -> Any:
    def data(world: World, org: Organization) -> dict[str, Any]:
        return _step_data(verb)

    return data


def _step_routes() -> list[Route]:
    from grassroots.admission.workflow import APPROVE, MANAGE, TRANSITIONS
    from grassroots.admission.workflow import COUNTY as COUNTY_PERM

    roles = {MANAGE: BRANCH, APPROVE: COMMITTEE, COUNTY_PERM: COUNTY}
    return [
        Route(
            f"api:admission_case_{verb}",
            allow(roles[t.permission], ok=422),
            method="POST",
            api=True,
            json=True,
            make=case_id_kwargs,
            data=_step_payload(verb),
        )
        for verb, t in TRANSITIONS.items()
    ]


ROUTES += _step_routes()
