"""The ballots API: a whole ballot driven through it, and its refusals (422, the rule in
Chinese, nothing changed)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from grassroots.ballots.models import Ballot, BallotStatus, CastBallot, PaperTally, VoterKind
from grassroots.core.models import Job, LogEntry
from grassroots.core.testing.world import ROLE_USERS

from .helpers import add_members, frozen, make_ballot
from .test_views import _codes_in_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tokens(world: Any) -> None:
    """Every role's API token exists first (creating one is itself audited)."""
    for role in ROLE_USERS:
        world.token(role)


def post(world: Any, role: str, name: str, data: dict[str, Any] | None = None, **kw: Any) -> Any:
    return Client().post(
        reverse(f"api:{name}", kwargs=kw or None),
        json.dumps(data or {}),
        content_type="application/json",
        **world.api_headers(role),
    )


def get(world: Any, role: str, name: str, **kw: Any) -> Any:
    return Client().get(reverse(f"api:{name}", kwargs=kw or None), **world.api_headers(role))


def refused(response: Any, rule: str, text: str) -> dict[str, Any]:
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["rule"] == rule, body
    assert text in body["detail"], body
    return body


def test_a_ballot_from_start_to_finish_through_the_api(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    a1 = world.orgs["a1"]
    add_members(a1, 5, probationary=1)
    r = post(
        world,
        "branch_secretary",
        "ballot_create",
        {
            "organization_id": a1.pk,
            "title": "甲一村支部大会表决",
            "questions": ["接收甲一村张三为预备党员"],
            "rule": "statutory_branch_meeting",
            "method": "mixed",
            "meeting_date": "2099-06-30",
        },
    )
    assert r.status_code == 201, r.content
    ballot_id = r.json()["id"]
    assert r.json()["status"] == BallotStatus.DRAFT
    assert r.json()["questions"] == ["接收甲一村张三为预备党员"]
    ids = {"ballot_id": ballot_id}

    r = post(world, "branch_secretary", "ballot_freeze", **ids)
    assert r.status_code == 200 and r.json()["status"] == BallotStatus.ROLL_FROZEN
    roll = get(world, "branch_secretary", "ballot_roll", **ids).json()
    assert len(roll) == 5 and {e["kind"] for e in roll} == {VoterKind.MEMBER}
    assert not any("预备党员" in e["name"] for e in roll)

    # One written opinion, the other four present.
    absent, *present = roll
    r = post(
        world,
        "branch_secretary",
        "ballot_written_opinion",
        {"choices": {"0": "yes"}, "received_on": "2014-06-29"},
        entry_id=absent["id"],
        **ids,
    )
    assert r.status_code == 201, r.content
    r = post(
        world,
        "branch_secretary",
        "ballot_attendance",
        {"present": [e["id"] for e in present]},
        **ids,
    )
    assert r.status_code == 200, r.content
    assert sum(e["present"] for e in r.json()) == 4
    assert [e["written_opinion"] for e in r.json() if e["id"] == absent["id"]] == [True]

    # Codes: a slip-printing job, as on the page; the response carries no code.
    with django_capture_on_commit_callbacks(execute=True):
        r = post(world, "branch_secretary", "ballot_codes", {"count": 2}, **ids)
    assert r.status_code == 202, r.content
    job = Job.objects.get()
    assert r.json() == {"job_id": job.pk, "url": reverse("core:job_detail", args=[job.pk])}
    codes = _codes_in_pdf(job.result_file.read())
    assert len(codes) == 2
    assert not any(c in r.content.decode() or c in json.dumps(job.result) for c in codes)

    r = post(world, "branch_secretary", "ballot_open", **ids)
    assert r.status_code == 200 and r.json()["status"] == BallotStatus.OPEN

    # Voters cast by code on the public endpoint, without login; a code casts once.
    public_id = r.json()["public_id"]
    cast = Client().post(
        reverse("api:ballot_cast", args=[public_id]),
        json.dumps({"code": codes[0].lower(), "choices": {"0": "yes"}}),
        content_type="application/json",
    )
    assert cast.status_code == 200, cast.content
    receipt = cast.json()["receipt"]
    again = Client().post(
        reverse("api:ballot_cast", args=[public_id]),
        json.dumps({"code": codes[0], "choices": {"0": "no"}}),
        content_type="application/json",
    )
    refused(again, "ballots.code_used", "每个投票码只能投一次")
    Client().post(
        reverse("api:ballot_cast", args=[public_id]),
        json.dumps({"code": codes[1], "choices": {"0": "yes"}}),
        content_type="application/json",
    )
    assert CastBallot.objects.count() == 2

    r = post(world, "branch_organizer", "ballot_close", **ids)
    assert r.status_code == 200 and r.json()["status"] == BallotStatus.CLOSED

    # Paper: 2 slips collected (4 present, 2 voted online).
    tally = {"collected": 2, "lines": {"0": {"yes": 2, "no": 0, "abstain": 0, "invalid": 0}}}
    r = post(world, "branch_secretary", "ballot_tally_enter", tally, kind="member", **ids)
    assert r.status_code == 200, r.content
    assert r.json()["teller"] is None and not r.json()["final"]
    r = post(world, "branch_secretary", "ballot_tally_sign", kind="member", **ids)
    assert (
        r.status_code == 200 and r.json()["teller"] == world.users["branch_secretary"].display_name
    )
    r = post(world, "branch_organizer", "ballot_tally_sign", kind="member", **ids)
    assert r.status_code == 200 and r.json()["final"]
    assert r.json()["scrutineer"] == world.users["branch_organizer"].display_name
    assert get(world, "auditor", "ballot_tally", kind="member", **ids).status_code == 404
    assert get(world, "township", "ballot_tally", kind="member", **ids).json()["final"]

    r = post(world, "branch_secretary", "ballot_publish", **ids)
    assert r.status_code == 200 and r.json()["status"] == BallotStatus.PUBLISHED
    result = get(world, "auditor", "ballot_result", **ids).json()
    assert result["complete"] and result["entitled"] == 5 and result["attended"] == 4
    (q,) = result["questions"]
    # 2 online + 2 paper + 1 written opinion, of 5 entitled.
    assert (q["yes"], q["online"]["yes"], q["paper"]["yes"], q["written"]["yes"]) == (5, 2, 2, 1)
    assert q["passed"]
    receipts = Client().get(reverse("api:ballot_public_receipts", args=[public_id])).json()
    assert receipt in receipts["receipts"]
    refused(
        post(world, "branch_secretary", "ballot_publish", **ids),
        "ballots.status",
        "当前为“结果已公布”，此操作只能在“投票结束”时进行",
    )


def _closed(world: Any) -> Ballot:
    from grassroots.ballots import services

    secretary = world.users["branch_secretary"]
    ballot = frozen(secretary, world.orgs["a1"], full=4)
    services.ballot_record_attendance(
        actor=secretary, ballot=ballot, present=list(ballot.roll.values_list("id", flat=True))
    )
    services.ballot_open(actor=secretary, ballot=ballot)
    return services.ballot_close(actor=secretary, ballot=ballot)


def test_a_tally_that_does_not_reconcile_is_refused_and_changes_nothing(world: Any) -> None:
    ballot = _closed(world)
    before = LogEntry.objects.count()
    body = {"collected": 4, "lines": {"0": {"yes": 2, "no": 1, "abstain": 0, "invalid": 0}}}
    r = post(
        world, "branch_secretary", "ballot_tally_enter", body, kind="member", ballot_id=ballot.pk
    )
    refused(r, "ballots.tally_reconcile", "= 3，与收回选票4张不符")
    more = {"collected": 5, "lines": {"0": {"yes": 5, "no": 0, "abstain": 0, "invalid": 0}}}
    r = post(
        world, "branch_secretary", "ballot_tally_enter", more, kind="member", ballot_id=ballot.pk
    )
    body = refused(r, "ballots.tally_exceeds_attendance", "多于到会4人")
    assert body["field"] == "collected"
    assert not PaperTally.objects.exists() and LogEntry.objects.count() == before
    # Publishing without the tally is refused too.
    refused(
        post(world, "branch_secretary", "ballot_publish", ballot_id=ballot.pk),
        "ballots.result_incomplete",
        "纸质票统计尚未录入",
    )
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.CLOSED and LogEntry.objects.count() == before


def test_the_same_person_cannot_sign_twice(world: Any) -> None:
    ballot = _closed(world)
    ids = {"ballot_id": ballot.pk, "kind": "member"}
    body = {"collected": 4, "lines": {"0": {"yes": 4, "no": 0, "abstain": 0, "invalid": 0}}}
    assert post(world, "branch_secretary", "ballot_tally_enter", body, **ids).status_code == 200
    assert post(world, "branch_secretary", "ballot_tally_sign", **ids).status_code == 200
    before = LogEntry.objects.count()
    r = post(world, "branch_secretary", "ballot_tally_sign", **ids)
    refused(r, "ballots.scrutineer_is_teller", "监票人须由计票人以外的另一人担任")
    tally = PaperTally.objects.get()
    assert tally.scrutineer_id is None and not tally.is_final
    assert LogEntry.objects.count() == before
    # Once signed by the teller the figures are fixed.
    r = post(world, "branch_organizer", "ballot_tally_enter", body, **ids)
    refused(r, "ballots.tally_signed", "计票人已签字确认")
    refused(
        post(world, "branch_secretary", "ballot_publish", ballot_id=ballot.pk),
        "ballots.result_incomplete",
        "尚未经计票人和监票人签字确认",
    )
    assert LogEntry.objects.count() == before


def test_refusals_before_the_vote(world: Any) -> None:
    secretary = world.users["branch_secretary"]
    add_members(world.orgs["a1"], 4)
    ballot = make_ballot(secretary, world.orgs["a1"])
    ids = {"ballot_id": ballot.pk}
    before = LogEntry.objects.count()
    # A mass representative where masses do not take part; opening before the roll.
    r = post(
        world,
        "branch_secretary",
        "ballot_mass_add",
        {"name": "群众甲", "chosen_how": "推选"},
        **ids,
    )
    refused(r, "ballots.no_masses_in_ballot", "本次投票没有群众代表参加")
    refused(
        post(world, "branch_secretary", "ballot_open", **ids),
        "ballots.status",
        "只能在“名单已确定”时进行",
    )
    assert LogEntry.objects.count() == before
    post(world, "branch_secretary", "ballot_freeze", **ids)
    roll = get(world, "branch_secretary", "ballot_roll", **ids).json()
    # Two of four present is not more than half: the statutory vote cannot open.
    post(
        world,
        "branch_secretary",
        "ballot_attendance",
        {"present": [roll[0]["id"], roll[1]["id"]]},
        **ids,
    )
    before = LogEntry.objects.count()
    refused(post(world, "branch_secretary", "ballot_open", **ids), "ballots.quorum", "未超过应到会")
    refused(
        post(world, "branch_secretary", "ballot_attendance", {"present": [999999]}, **ids),
        "ballots.attendance_roll",
        "不在投票名单上",
    )
    refused(
        post(world, "branch_secretary", "ballot_codes", {"count": 5}, **ids),
        "ballots.codes_exceed_roll",
        "还可生成4个",
    )
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.ROLL_FROZEN and LogEntry.objects.count() == before
    assert not Job.objects.exists()
    r = post(
        world,
        "branch_secretary",
        "ballot_create",
        {"organization_id": world.orgs["a1"].pk, "title": " ", "questions": ["x"], "rule": "x"},
    )
    assert refused(r, "ballots.title_required", "请填写投票标题")["field"] == "title"


def test_out_of_scope_and_read_only_roles_get_404(world: Any) -> None:
    county = world.users["county"]
    add_members(world.orgs["b1"], 2)
    other = make_ballot(county, world.orgs["b1"])
    own = make_ballot(county, world.orgs["a1"])
    before = LogEntry.objects.count()
    assert post(world, "branch_secretary", "ballot_freeze", ballot_id=other.pk).status_code == 404
    assert post(world, "auditor", "ballot_freeze", ballot_id=own.pk).status_code == 404
    assert post(world, "member", "ballot_freeze", ballot_id=own.pk).status_code == 404
    r = post(
        world,
        "township",
        "ballot_create",
        {
            "organization_id": world.orgs["b1"].pk,
            "title": "乙镇表决",
            "questions": ["一"],
            "rule": "statutory_branch_meeting",
        },
    )
    assert r.status_code == 404
    assert (
        post(
            world, "branch_secretary", "ballot_tally_sign", ballot_id=own.pk, kind="masses"
        ).status_code
        == 404
    )
    assert LogEntry.objects.count() == before
    assert Ballot.objects.count() == 2
