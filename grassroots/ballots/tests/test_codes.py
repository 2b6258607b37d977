"""One-time codes: one ballot per code, clear errors for replayed and unknown codes,
nothing that links a ballot to a voter, and the concurrency proof on PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from grassroots.ballots import codes as code_lib
from grassroots.ballots import services
from grassroots.ballots.models import Ballot, BallotCode, CastBallot, VoterKind
from grassroots.ballots.selectors import public_receipts, receipt_for_code
from grassroots.core.errors import RuleViolation
from grassroots.core.models import LogEntry

from .helpers import attend, frozen


def _open_ballot(
    actor: Any, org: Any, *, full: int = 5, codes: int = 3, **kw: Any
) -> tuple[Ballot, list[str]]:
    ballot = frozen(actor, org, full=full, **kw)
    attend(actor, ballot, full)
    issued = services.ballot_issue_codes(actor=actor, ballot=ballot, count=codes)
    ballot = services.ballot_open(actor=actor, ballot=ballot)
    return ballot, issued


@pytest.mark.django_db
def test_code_format() -> None:
    codes = code_lib.generate(50)
    assert len(set(codes)) == 50
    assert all(code_lib.is_well_formed(c) for c in codes)
    assert not set("01ILO") & set("".join(codes))
    assert code_lib.display("abcde fghjk") == "ABCDE-FGHJK"
    assert code_lib.code_hash("ABCDE-FGHJK") == code_lib.code_hash(" abcdefghjk ")


@pytest.mark.django_db
def test_a_code_casts_one_ballot(world: Any, branch: Any, secretary: Any) -> None:
    ballot, codes = _open_ballot(secretary, branch)
    receipt = services.ballot_cast(code=codes[0], choices={0: "yes"})
    assert CastBallot.objects.filter(ballot=ballot, receipt=receipt).count() == 1
    before = (CastBallot.objects.count(), LogEntry.objects.count())
    with pytest.raises(RuleViolation) as exc:
        services.ballot_cast(code=codes[0], choices={0: "no"})
    assert exc.value.rule == "ballots.code_used"
    assert "只能投一次" in exc.value.message
    assert (CastBallot.objects.count(), LogEntry.objects.count()) == before
    assert CastBallot.objects.get().choices == {"0": "yes"}


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["", "ABCDE", "ABCDE-FGHJ0", "22222-22222"])
def test_unknown_code_changes_nothing(world: Any, branch: Any, secretary: Any, code: str) -> None:
    _open_ballot(secretary, branch)
    before = (CastBallot.objects.count(), BallotCode.objects.filter(used=True).count())
    with pytest.raises(RuleViolation) as exc:
        services.ballot_cast(code=code, choices={0: "yes"})
    assert exc.value.rule == "ballots.code_unknown"
    assert "投票码无效" in exc.value.message
    assert (CastBallot.objects.count(), BallotCode.objects.filter(used=True).count()) == before


@pytest.mark.django_db
def test_code_of_another_ballot_is_unknown_here(world: Any, branch: Any, secretary: Any) -> None:
    _first, codes = _open_ballot(secretary, branch)
    second = frozen(secretary, branch, full=5)
    with pytest.raises(RuleViolation) as exc:
        services.ballot_cast(code=codes[0], choices={0: "yes"}, ballot=second)
    assert exc.value.rule == "ballots.code_unknown"
    assert not BallotCode.objects.filter(used=True).exists()


@pytest.mark.django_db
def test_incomplete_choices_do_not_use_the_code(world: Any, branch: Any, secretary: Any) -> None:
    _ballot, codes = _open_ballot(secretary, branch, questions=("甲一村张三", "甲一村李四"))
    with pytest.raises(RuleViolation) as exc:
        services.ballot_cast(code=codes[0], choices={0: "yes"})
    assert exc.value.rule == "ballots.choice_missing"
    with pytest.raises(RuleViolation) as exc:
        services.ballot_cast(code=codes[0], choices={0: "yes", 1: "maybe"})
    assert exc.value.rule == "ballots.choice_missing"
    services.ballot_cast(code=codes[0], choices={0: "yes", 1: "no"})


@pytest.mark.django_db
def test_codes_only_while_open(world: Any, branch: Any, secretary: Any) -> None:
    ballot = frozen(secretary, branch, full=4)
    attend(secretary, ballot, 4)
    codes = services.ballot_issue_codes(actor=secretary, ballot=ballot, count=2)
    with pytest.raises(RuleViolation) as exc:
        services.ballot_cast(code=codes[0], choices={0: "yes"})
    assert exc.value.rule == "ballots.not_open" and "尚未开始" in exc.value.message
    ballot = services.ballot_open(actor=secretary, ballot=ballot)
    services.ballot_close(actor=secretary, ballot=ballot)
    with pytest.raises(RuleViolation) as exc:
        services.ballot_cast(code=codes[1], choices={0: "yes"})
    assert exc.value.rule == "ballots.not_open" and "已经结束" in exc.value.message
    assert not BallotCode.objects.filter(used=True).exists()


@pytest.mark.django_db
def test_no_more_codes_than_voters(world: Any, branch: Any, secretary: Any) -> None:
    ballot = frozen(secretary, branch, full=4, include_masses=True, masses=2)
    entry = ballot.roll.filter(kind=VoterKind.MEMBER).first()
    assert entry is not None
    services.ballot_record_written_opinion(
        actor=secretary, ballot=ballot, entry=entry, choices={0: "yes"}
    )
    services.ballot_issue_codes(actor=secretary, ballot=ballot, count=2)
    with pytest.raises(RuleViolation) as exc:
        services.ballot_issue_codes(actor=secretary, ballot=ballot, count=2)
    assert exc.value.rule == "ballots.codes_exceed_roll" and "还可生成1个" in exc.value.message
    services.ballot_issue_codes(actor=secretary, ballot=ballot, count=1)
    services.ballot_issue_codes(actor=secretary, ballot=ballot, count=2, kind=VoterKind.MASS)
    with pytest.raises(RuleViolation):
        services.ballot_issue_codes(actor=secretary, ballot=ballot, count=1, kind=VoterKind.MASS)


@pytest.mark.django_db
def test_mass_codes_are_counted_as_masses(world: Any, branch: Any, secretary: Any) -> None:
    ballot = frozen(secretary, branch, full=3, include_masses=True, masses=2)
    attend(secretary, ballot, 3, masses=2)
    mass_codes = services.ballot_issue_codes(
        actor=secretary, ballot=ballot, count=2, kind=VoterKind.MASS
    )
    ballot = services.ballot_open(actor=secretary, ballot=ballot)
    services.ballot_cast(code=mass_codes[0], choices={0: "no"})
    assert CastBallot.objects.get().kind == VoterKind.MASS


@pytest.mark.django_db
def test_nothing_links_a_ballot_to_a_voter(world: Any, branch: Any, secretary: Any) -> None:
    ballot, codes = _open_ballot(secretary, branch)
    entries_before = LogEntry.objects.count()
    receipt = services.ballot_cast(code=codes[1], choices={0: "abstain"})
    # No audit entry for casting.
    assert LogEntry.objects.count() == entries_before
    # No column on a cast ballot names a voter, a code or a time.
    fields = {f.name for f in CastBallot._meta.get_fields()}
    assert fields == {"id", "ballot", "kind", "receipt", "choices"}
    code_fields = {f.name for f in BallotCode._meta.get_fields()}
    assert code_fields == {"id", "ballot", "kind", "code_hash", "used"}
    # Codes are not stored in clear, anywhere in the log either.
    raw = code_lib.normalize(codes[1])
    assert not BallotCode.objects.filter(code_hash__icontains=raw).exists()
    for entry in LogEntry.objects.all():
        assert raw not in str(entry.data) and codes[1] not in str(entry.data)
    # The voter can check the receipt.
    services.ballot_close(actor=secretary, ballot=ballot)
    ballot.refresh_from_db()
    assert public_receipts(ballot) == [receipt]
    assert receipt_for_code(ballot, codes[1]) == (receipt, True)
    assert receipt_for_code(ballot, codes[0])[1] is False


@pytest.mark.django_db
def test_receipts_only_after_the_vote(world: Any, branch: Any, secretary: Any) -> None:
    ballot, codes = _open_ballot(secretary, branch)
    services.ballot_cast(code=codes[0], choices={0: "yes"})
    assert public_receipts(ballot) == []


@pytest.mark.django_db
def test_wrong_codes_are_rate_limited(world: Any, branch: Any, secretary: Any) -> None:
    _ballot, codes = _open_ballot(secretary, branch)
    limit = services.CAST_FAILURE_LIMIT[0]
    for _i in range(limit):
        with pytest.raises(RuleViolation) as exc:
            services.ballot_cast(code="22222-33333", choices={0: "yes"}, ip="10.0.0.9")
        assert exc.value.rule == "ballots.code_unknown"
    with pytest.raises(RuleViolation) as exc:
        services.ballot_cast(code=codes[0], choices={0: "yes"}, ip="10.0.0.9")
    assert exc.value.rule == "ballots.rate_limited"
    # Another address is not affected.
    services.ballot_cast(code=codes[0], choices={0: "yes"}, ip="10.0.0.10")


@pytest.mark.django_db
def test_closing_removes_the_printed_slips(
    world: Any, branch: Any, secretary: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from grassroots.ballots.jobs import start_slip_job

    ballot = frozen(secretary, branch, full=3)
    attend(secretary, ballot, 3)
    with django_capture_on_commit_callbacks(execute=True):
        job = start_slip_job(actor=secretary, ballot=ballot, count=3, base_url="http://testserver")
    job.refresh_from_db()
    assert job.result_file
    path = job.result_file.path
    ballot = services.ballot_open(actor=secretary, ballot=ballot)
    services.ballot_close(actor=secretary, ballot=ballot)
    job.refresh_from_db()
    assert not job.result_file
    import os

    assert not os.path.exists(path)


@pytest.mark.django_db
def test_the_qr_url_carries_the_code_in_the_fragment(
    world: Any, branch: Any, secretary: Any
) -> None:
    from grassroots.ballots.jobs import vote_url

    ballot = frozen(secretary, branch, full=2)
    url = vote_url("https://dj.example.gov.cn/", ballot, "abcdefghjk")
    assert url == f"https://dj.example.gov.cn/ballots/public/{ballot.public_id}/vote/#ABCDE-FGHJK"
