"""Ballot pages, through HTTP: a whole ballot from creation to the public receipt list."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from grassroots.ballots import codes as code_lib
from grassroots.ballots import services
from grassroots.ballots.models import Ballot, BallotStatus, CastBallot, VoterKind
from grassroots.core.models import Job

from .helpers import add_members, attend, frozen

pytestmark = pytest.mark.django_db


def test_a_ballot_from_start_to_finish(
    world: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    add_members(world.orgs["a1"], 6, probationary=2)
    secretary = world.client("branch_secretary")
    organizer = world.client("branch_organizer")
    response = secretary.post(
        reverse("ballots:create"),
        {
            "org_code": "TA1",
            "title": "甲一村支部大会表决",
            "questions": "接收甲一村张三为预备党员\n接收甲一村李四为预备党员",
            "rule": "statutory_branch_meeting",
            "method": "mixed",
            "include_masses": "on",
        },
    )
    assert response.status_code == 302
    ballot = Ballot.objects.get()
    assert ballot.questions.count() == 2
    roll_url = reverse("ballots:roll", args=[ballot.pk])
    secretary.post(
        reverse("ballots:mass_add", args=[ballot.pk]),
        {"name": "群众甲", "village": "甲一村三组", "chosen_how": "村民小组推选"},
    )
    secretary.post(reverse("ballots:freeze", args=[ballot.pk]))
    page = secretary.get(roll_url).content.decode()
    assert "群众甲" in page and "预备党员" not in page.split("</nav>")[-1].split("确定名单时")[-1]
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.ROLL_FROZEN
    members = list(ballot.roll.filter(kind=VoterKind.MEMBER).order_by("id"))
    mass = ballot.roll.get(kind=VoterKind.MASS)
    # One written opinion; five present; the mass representative present.
    response = secretary.post(
        reverse("ballots:written_opinion", args=[ballot.pk, members[0].pk]),
        {"received_on": "2014-06-30", "q_0": "yes", "q_1": "no"},
    )
    assert response.status_code == 302
    response = secretary.post(
        reverse("ballots:attendance", args=[ballot.pk]),
        {"present": [str(m.pk) for m in members[1:]] + [str(mass.pk)]},
    )
    assert response.status_code == 302
    # Print codes (a background job, inline in tests) for two members and the mass rep.
    with django_capture_on_commit_callbacks(execute=True):
        response = secretary.post(
            reverse("ballots:codes", args=[ballot.pk]), {"count": 2, "kind": "member"}
        )
    job = Job.objects.get()
    assert response.url == reverse("core:job_detail", args=[job.pk])
    assert job.status == "succeeded" and job.result_file
    pdf = job.result_file.read()
    assert pdf.startswith(b"%PDF")
    job_page = secretary.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    assert "已生成2张" in job_page
    assert ballot.codes.count() == 2
    # The codes are only in the PDF: take them out of its text for the test.
    codes = _codes_in_pdf(pdf)
    assert len(codes) == 2
    mass_code = services.ballot_issue_codes(
        actor=world.users["branch_secretary"], ballot=ballot, count=1, kind=VoterKind.MASS
    )[0]
    secretary.post(reverse("ballots:open", args=[ballot.pk]))
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.OPEN
    # Vote on the public page, no login.
    vote_url = reverse("ballots:public_vote", args=[ballot.public_id])
    voter = Client()
    page = voter.get(vote_url).content.decode()
    assert "接收甲一村李四为预备党员" in page and "civic.js" in page
    done = voter.post(vote_url, {"code": codes[0].lower(), "q_0": "yes", "q_1": "yes"})
    receipt = CastBallot.objects.get().receipt
    assert receipt in done.content.decode()
    replay = voter.post(vote_url, {"code": codes[0], "q_0": "no", "q_1": "no"})
    assert "只能投一次" in replay.content.decode()
    unknown = voter.post(vote_url, {"code": "22222-33333", "q_0": "no", "q_1": "no"})
    assert "投票码无效" in unknown.content.decode()
    missing = voter.post(vote_url, {"code": codes[1], "q_0": "no"})
    assert "请选择赞成、反对或弃权" in missing.content.decode()
    voter.post(vote_url, {"code": codes[1], "q_0": "yes", "q_1": "no"})
    voter.post(vote_url, {"code": mass_code, "q_0": "yes", "q_1": "abstain"})
    assert CastBallot.objects.count() == 3
    # Close: tallies, two signatures, publication.
    secretary.post(reverse("ballots:close", args=[ballot.pk]))
    job.refresh_from_db()
    assert not job.result_file  # the printed codes are gone
    response = secretary.post(
        reverse("ballots:tally", args=[ballot.pk, "member"]),
        {
            "collected": 3,
            "q0_yes": 3,
            "q0_no": 0,
            "q0_abstain": 0,
            "q0_invalid": 0,
            "q1_yes": 1,
            "q1_no": 1,
            "q1_abstain": 0,
            "q1_invalid": 0,
        },
    )
    assert "与收回选票3张不符" in response.content.decode()
    secretary.post(
        reverse("ballots:tally", args=[ballot.pk, "member"]),
        {
            "collected": 3,
            "q0_yes": 3,
            "q0_no": 0,
            "q0_abstain": 0,
            "q0_invalid": 0,
            "q1_yes": 1,
            "q1_no": 1,
            "q1_abstain": 0,
            "q1_invalid": 1,
        },
    )
    secretary.post(
        reverse("ballots:tally", args=[ballot.pk, "mass"]),
        {
            "collected": 0,
            "q0_yes": 0,
            "q0_no": 0,
            "q0_abstain": 0,
            "q0_invalid": 0,
            "q1_yes": 0,
            "q1_no": 0,
            "q1_abstain": 0,
            "q1_invalid": 0,
        },
    )
    result_page = secretary.get(reverse("ballots:result", args=[ballot.pk])).content.decode()
    assert "合并前不显示结果" in result_page
    for kind in ("member", "mass"):
        secretary.post(reverse("ballots:tally_sign", args=[ballot.pk, kind]))
        same = secretary.post(reverse("ballots:tally_sign", args=[ballot.pk, kind]), follow=True)
        assert "监票人须由计票人以外的另一人担任" in same.content.decode()
        organizer.post(reverse("ballots:tally_sign", args=[ballot.pk, kind]))
    secretary.post(reverse("ballots:publish", args=[ballot.pk]))
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.PUBLISHED
    result_page = secretary.get(reverse("ballots:result", args=[ballot.pk])).content.decode()
    # 张三: 2 online + 3 paper + 1 written = 6 of 6 entitled; 李四: 0 + 1 + 0 = 1.
    assert "赞成6票（其中书面意见1票）" in result_page
    assert "赞成1票" in result_page and "未通过" in result_page
    assert "群众代表：应到1名，实到1名，赞成1票" in result_page
    # Public receipt list, and the check by code.
    receipts = (
        Client().get(reverse("ballots:public_receipts", args=[ballot.public_id])).content.decode()
    )
    assert receipt in receipts and "共 3 张手机投票已计入" in receipts
    check = Client().post(
        reverse("ballots:public_receipts", args=[ballot.public_id]), {"code": codes[0]}
    )
    assert "这张选票已计入" in check.content.decode()
    closed = Client().get(vote_url).content.decode()
    assert "投票已经结束" in closed


def _codes_in_pdf(pdf: bytes) -> list[str]:
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        text = subprocess.run(
            ["pdftotext", f.name, "-"], capture_output=True, check=True
        ).stdout.decode()
    found = re.findall(r"\b([2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5})\b", text)
    return [c for c in dict.fromkeys(found) if code_lib.is_well_formed(c)]


def test_ballot_list_query_count_is_fixed(world: Any, django_assert_max_num_queries: Any) -> None:
    for i in range(8):
        org = world.orgs["a1" if i % 2 else "b1"]
        services.ballot_create(
            actor=world.users["county"],
            organization=org,
            subject=None,
            purpose="t",
            title=f"{world.marker(org)}表决{i}",
            questions=["一", "二"],
            rule="policy_majority",
        )
    client = world.client("branch_secretary")
    with django_assert_max_num_queries(12):
        body = client.get(reverse("ballots:list")).content.decode()
    assert body.count("甲一村表决") == 4 and "乙镇" not in body


def test_receipts_query_count_is_fixed(world: Any, django_assert_max_num_queries: Any) -> None:
    secretary = world.users["branch_secretary"]
    ballot = frozen(secretary, world.orgs["a1"], full=10, method="online")
    attend(secretary, ballot, 10)
    codes = services.ballot_issue_codes(actor=secretary, ballot=ballot, count=10)
    ballot = services.ballot_open(actor=secretary, ballot=ballot)
    for code in codes:
        services.ballot_cast(code=code, choices={0: "yes"})
    services.ballot_close(actor=secretary, ballot=ballot)
    with django_assert_max_num_queries(3):
        body = (
            Client()
            .get(reverse("ballots:public_receipts", args=[ballot.public_id]))
            .content.decode()
        )
    assert len(re.findall(r"[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}", body)) == 10


def test_result_and_detail_query_counts(world: Any, django_assert_max_num_queries: Any) -> None:
    secretary = world.users["branch_secretary"]
    ballot = frozen(
        secretary, world.orgs["a1"], full=12, questions=tuple(f"候选人{i}" for i in range(6))
    )
    client = world.client("branch_secretary")
    with django_assert_max_num_queries(20):
        client.get(reverse("ballots:detail", args=[ballot.pk]))
    with django_assert_max_num_queries(12):
        client.get(reverse("ballots:result", args=[ballot.pk]))


def test_voting_page_of_a_draft_is_not_public(world: Any) -> None:
    ballot = services.ballot_create(
        actor=world.users["county"],
        organization=world.orgs["a1"],
        subject=None,
        purpose="t",
        title="草稿",
        questions=["一"],
        rule="policy_majority",
    )
    assert Client().get(reverse("ballots:public_vote", args=[ballot.public_id])).status_code == 404


def test_api_cast_and_result(world: Any) -> None:
    secretary = world.users["branch_secretary"]
    ballot = frozen(secretary, world.orgs["a1"], full=3, method="online")
    attend(secretary, ballot, 3)
    codes = services.ballot_issue_codes(actor=secretary, ballot=ballot, count=3)
    services.ballot_open(actor=secretary, ballot=ballot)
    url = reverse("api:ballot_cast", args=[ballot.public_id])
    for code in codes[:2]:
        ok = Client().post(
            url, {"code": code, "choices": {"0": "yes"}}, content_type="application/json"
        )
        assert ok.status_code == 200 and ok.json()["receipt"]
    again = Client().post(
        url, {"code": codes[0], "choices": {"0": "no"}}, content_type="application/json"
    )
    assert again.status_code == 422 and again.json()["rule"] == "ballots.code_used"
    ballot.refresh_from_db()
    services.ballot_close(actor=secretary, ballot=ballot)
    headers = world.api_headers("branch_secretary")
    result = Client().get(reverse("api:ballot_result", args=[ballot.pk]), **headers).json()
    assert result["complete"] and result["questions"][0]["yes"] == 2
    assert result["questions"][0]["passed"] is True  # 2 of 3 entitled
    receipts = Client().get(reverse("api:ballot_public_receipts", args=[ballot.public_id])).json()
    assert len(receipts["receipts"]) == 2
