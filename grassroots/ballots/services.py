"""Every change to a ballot. The state machine:

    draft ──freeze roll──▶ roll_frozen ──open──▶ open ──close──▶ closed ──publish──▶ published

| transition | guard |
|---|---|
| freeze roll | draft; at least one member with voting rights; mass representatives added if they take part |
| open | roll frozen; for the statutory rule: members present more than half of those entitled |
| close | open |
| publish | closed; every paper tally required by the voting method entered, reconciled and signed by teller and scrutineer |

Casting a ballot (:func:`ballot_cast`) needs no login and writes no audit entry: an entry
per cast would give each ballot a time and an IP address. The close entry records how
many ballots were cast.
"""

from __future__ import annotations

import datetime as dt
import secrets
from fractions import Fraction
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.core import scoping
from grassroots.core.audit import log_action
from grassroots.core.errors import RuleViolation
from grassroots.orgs.models import Organization

from . import codes as code_lib
from .models import (
    Ballot,
    BallotCode,
    BallotQuestion,
    BallotStatus,
    CastBallot,
    Choice,
    PaperTally,
    PaperTallyLine,
    RollEntry,
    VoterKind,
    VotingMethod,
    WrittenOpinion,
)
from .rules import RULES, STATUTORY_BRANCH_MEETING

# Wrong codes an IP address may try per window (seconds) before it must wait.
CAST_FAILURE_LIMIT = (20, 600)
MAX_QUESTIONS = 50
MAX_CODES_PER_JOB = 2000


def _require_manage(actor: Any, ballot_or_org: Ballot | Organization) -> None:
    org = ballot_or_org.organization if isinstance(ballot_or_org, Ballot) else ballot_or_org
    scoping.require(actor, "ballots.manage", org)


def _locked(ballot: Ballot) -> Ballot:
    return Ballot.objects.select_for_update().select_related("organization").get(pk=ballot.pk)


def _require_status(ballot: Ballot, *allowed: str) -> None:
    if ballot.status not in allowed:
        labels = "、".join(str(BallotStatus(s).label) for s in allowed)
        raise RuleViolation(
            _("投票「%(title)s」当前为“%(status)s”，此操作只能在“%(allowed)s”时进行。")
            % {"title": ballot.title, "status": ballot.get_status_display(), "allowed": labels},
            rule="ballots.status",
        )


def parse_threshold(threshold: Any) -> Fraction:
    """A share such as ``Fraction(2, 3)``, ``"2/3"``, ``0.5`` or ``(1, 2)``; strictly between
    0 and 1. Yes votes must be MORE than this share of the valid ballots."""
    try:
        if isinstance(threshold, tuple | list):
            value = Fraction(int(threshold[0]), int(threshold[1]))
        else:
            value = Fraction(str(threshold).strip())
    except (ValueError, ZeroDivisionError, IndexError, TypeError) as exc:
        raise RuleViolation(
            _("表决比例格式不正确，请填写如 1/2 或 2/3。"),
            rule="ballots.threshold",
            field="threshold",
        ) from exc
    if not 0 < value < 1:
        raise RuleViolation(
            _("表决比例应大于0且小于1（如 1/2 表示赞成票须超过有效票的一半）。"),
            rule="ballots.threshold",
            field="threshold",
        )
    return value.limit_denominator(100)


@transaction.atomic
def ballot_create(
    *,
    actor: Any,
    organization: Organization,
    subject: models.Model | None,
    purpose: str,
    title: str,
    questions: list[str],
    rule: str,
    include_masses: bool = False,
    threshold: Any = None,
    method: str = VotingMethod.MIXED,
    meeting_date: dt.date | None = None,
    masses_in_outcome: bool = False,
) -> Ballot:
    """A new ballot in draft. One question per candidate (each is voted on separately)."""
    _require_manage(actor, organization)
    if not organization.is_active:
        raise RuleViolation(
            _("「%(name)s」已撤销，不能组织投票。") % {"name": organization.name},
            rule="orgs.dissolved",
        )
    title = title.strip()
    if not title:
        raise RuleViolation(_("请填写投票标题。"), rule="ballots.title_required", field="title")
    if rule not in RULES:
        raise RuleViolation(_("请选择表决规则。"), rule="ballots.rule", field="rule")
    if method not in VotingMethod.values:
        raise RuleViolation(_("请选择投票方式。"), rule="ballots.method", field="method")
    texts = [q.strip() for q in questions if q and q.strip()]
    if not texts:
        raise RuleViolation(
            _("至少要有一个表决事项。"), rule="ballots.questions_required", field="questions"
        )
    if len(texts) > MAX_QUESTIONS:
        raise RuleViolation(
            _("一次投票最多%(n)d个表决事项。") % {"n": MAX_QUESTIONS},
            rule="ballots.questions_max",
            field="questions",
        )
    if len(set(texts)) != len(texts):
        raise RuleViolation(
            _("表决事项不能重复：每名候选人单独列一项、分别表决。"),
            rule="ballots.questions_distinct",
            field="questions",
        )
    if rule == STATUTORY_BRANCH_MEETING:
        if threshold not in (None, ""):
            raise RuleViolation(
                _("支部大会表决的通过标准由《发展党员工作细则》规定，不能另设比例。"),
                rule="ballots.statutory_threshold",
                field="threshold",
            )
        share = Fraction(1, 2)
        masses_in_outcome = False  # mass representatives never change a statutory outcome
    else:
        share = parse_threshold(threshold) if threshold not in (None, "") else Fraction(1, 2)
    masses_in_outcome = masses_in_outcome and include_masses
    ballot = Ballot.objects.create(
        organization=organization,
        subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        subject_id=str(subject.pk) if subject is not None else "",
        purpose=purpose.strip(),
        public_id=secrets.token_urlsafe(12),
        title=title[:200],
        rule=rule,
        threshold_numerator=share.numerator,
        threshold_denominator=share.denominator,
        masses_in_outcome=masses_in_outcome,
        include_masses=include_masses,
        method=method,
        meeting_date=meeting_date,
        created_by=actor,
    )
    BallotQuestion.objects.bulk_create(
        [BallotQuestion(ballot=ballot, index=i, text=t[:300]) for i, t in enumerate(texts)]
    )
    log_action(
        actor=actor,
        action="ballots.ballot.created",
        obj=ballot,
        data={"rule": rule, "questions": len(texts), "include_masses": include_masses},
    )
    return ballot


@transaction.atomic
def ballot_add_mass_representative(
    *, actor: Any, ballot: Ballot, name: str, village: str = "", chosen_how: str = ""
) -> RollEntry:
    """Add a mass representative (群众代表) to the roll while it is being drawn up."""
    ballot = _locked(ballot)
    _require_manage(actor, ballot)
    _require_status(ballot, BallotStatus.DRAFT)
    if not ballot.include_masses:
        raise RuleViolation(
            _("本次投票没有群众代表参加。"), rule="ballots.no_masses_in_ballot", field="name"
        )
    name = name.strip()
    if not name:
        raise RuleViolation(_("请填写群众代表姓名。"), rule="ballots.mass_name", field="name")
    if not chosen_how.strip():
        raise RuleViolation(
            _("请写明群众代表的产生方式（如村民小组推选）。"),
            rule="ballots.mass_chosen_how",
            field="chosen_how",
        )
    entry = RollEntry.objects.create(
        ballot=ballot,
        kind=VoterKind.MASS,
        name=name[:50],
        village=village.strip()[:100],
        chosen_how=chosen_how.strip()[:100],
    )
    log_action(
        actor=actor,
        action="ballots.roll.mass_added",
        obj=ballot,
        data={"name": entry.name, "village": entry.village, "chosen_how": entry.chosen_how},
    )
    return entry


@transaction.atomic
def ballot_freeze_roll(*, actor: Any, ballot: Ballot) -> Ballot:
    """Freeze the roll: the members with voting rights of the organization's subtree in
    the registry, today: full members (正式党员), not probationary ones, and not those on
    probation within the party (留党察看) whose rights are not restored today
    (:func:`grassroots.admission.rights.members_with_voting_rights`)."""
    from grassroots.admission.rights import members_with_voting_rights

    ballot = _locked(ballot)
    _require_manage(actor, ballot)
    _require_status(ballot, BallotStatus.DRAFT)
    members = list(
        members_with_voting_rights(ballot.organization, timezone.localdate())
        .order_by("name_pinyin", "id")
        .values_list("id", "name")
    )
    if not members:
        raise RuleViolation(
            _("「%(org)s」没有有表决权的正式党员，不能确定投票名单。")
            % {"org": ballot.organization.name},
            rule="ballots.no_members",
        )
    masses = ballot.roll.filter(kind=VoterKind.MASS).count()
    if ballot.include_masses and not masses:
        raise RuleViolation(
            _("本次投票有群众代表参加，请先登记群众代表。"), rule="ballots.masses_missing"
        )
    RollEntry.objects.bulk_create(
        [RollEntry(ballot=ballot, kind=VoterKind.MEMBER, member_id=pk, name=n) for pk, n in members]
    )
    ballot.status = BallotStatus.ROLL_FROZEN
    ballot.roll_frozen_at = timezone.now()
    ballot.save(update_fields=["status", "roll_frozen_at"])
    log_action(
        actor=actor,
        action="ballots.roll.frozen",
        obj=ballot,
        changes={"status": [BallotStatus.DRAFT, BallotStatus.ROLL_FROZEN]},
        data={"members": len(members), "masses": masses},
    )
    return ballot


@transaction.atomic
def ballot_record_attendance(*, actor: Any, ballot: Ballot, present: list[int]) -> Ballot:
    """Register who is present (``present``: roll entry ids; everyone else is absent).
    Before and during the vote; a member who handed in a written opinion is not present."""
    ballot = _locked(ballot)
    _require_manage(actor, ballot)
    _require_status(ballot, BallotStatus.ROLL_FROZEN, BallotStatus.OPEN)
    wanted = set(present)
    entries = {e.pk: e for e in ballot.roll.select_related("written_opinion")}
    unknown = wanted - set(entries)
    if unknown:
        raise RuleViolation(_("到会名单中有不在投票名单上的人。"), rule="ballots.attendance_roll")
    for pk in wanted:
        if hasattr(entries[pk], "written_opinion"):
            raise RuleViolation(
                _("%(name)s已提交书面意见，书面意见计入表决票数，不计入到会人数。")
                % {"name": entries[pk].name},
                rule="ballots.written_opinion_present",
                field="present",
            )
    RollEntry.objects.filter(ballot=ballot).exclude(pk__in=wanted).update(present=False)
    RollEntry.objects.filter(ballot=ballot, pk__in=wanted).update(present=True)
    counts = {
        kind: sum(1 for pk in wanted if entries[pk].kind == kind) for kind in VoterKind.values
    }
    log_action(
        actor=actor,
        action="ballots.attendance.recorded",
        obj=ballot,
        data={
            "members_present": counts[VoterKind.MEMBER],
            "masses_present": counts[VoterKind.MASS],
        },
    )
    return ballot


@transaction.atomic
def ballot_record_written_opinion(
    *,
    actor: Any,
    ballot: Ballot,
    entry: RollEntry,
    choices: dict[int, str],
    received_on: dt.date | None = None,
) -> WrittenOpinion:
    """Record the written opinion (书面意见) of an entitled member who cannot attend,
    handed in before the meeting. It counts in the votes, not in the attendance."""
    ballot = _locked(ballot)
    _require_manage(actor, ballot)
    _require_status(ballot, BallotStatus.ROLL_FROZEN, BallotStatus.OPEN)
    entry = RollEntry.objects.select_for_update().get(pk=entry.pk, ballot=ballot)
    if entry.kind != VoterKind.MEMBER:
        raise RuleViolation(
            _("书面意见只适用于有表决权的党员。"), rule="ballots.written_opinion_member"
        )
    if WrittenOpinion.objects.filter(entry=entry).exists():
        raise RuleViolation(
            _("%(name)s的书面意见已经登记，不能更改。") % {"name": entry.name},
            rule="ballots.written_opinion_once",
        )
    if entry.present:
        raise RuleViolation(
            _("%(name)s已登记到会，到会党员应当参加无记名投票，不能再提交书面意见。")
            % {"name": entry.name},
            rule="ballots.written_opinion_present",
        )
    cleaned = _clean_choices(ballot, choices)
    received_on = received_on or timezone.localdate()
    if ballot.meeting_date and received_on > ballot.meeting_date:
        raise RuleViolation(
            _("书面意见应在会前提交（表决日期为%(date)s）。") % {"date": ballot.meeting_date},
            rule="ballots.written_opinion_before_meeting",
            field="received_on",
        )
    opinion = WrittenOpinion.objects.create(
        entry=entry, choices=cleaned, received_on=received_on, recorded_by=actor
    )
    log_action(
        actor=actor,
        action="ballots.written_opinion.recorded",
        obj=ballot,
        data={"name": entry.name, "received_on": received_on},
    )
    return opinion


def _clean_choices(ballot: Ballot, choices: dict[Any, str]) -> dict[str, str]:
    """``{question index: choice}`` for every question, or a refusal."""
    indexes = list(ballot.questions.order_by("index").values_list("index", flat=True))
    cleaned: dict[str, str] = {}
    try:
        given = {int(k): v for k, v in (choices or {}).items()}
    except (TypeError, ValueError) as exc:
        raise RuleViolation(_("表决内容格式不正确。"), rule="ballots.choice_invalid") from exc
    if set(given) - set(indexes):
        raise RuleViolation(_("表决内容与本次投票的事项不符。"), rule="ballots.choice_invalid")
    for index in indexes:
        value = given.get(index)
        if value not in Choice.values:
            raise RuleViolation(
                _("第%(n)d项还没有选择（赞成、反对或弃权）。") % {"n": index + 1},
                rule="ballots.choice_missing",
            )
        cleaned[str(index)] = str(value)
    return cleaned


def _codes_available(ballot: Ballot, kind: str) -> int:
    """Codes that may still be issued for ``kind``: no more than the voters on the roll
    (members who handed in a written opinion do not vote again)."""
    voters = ballot.roll.filter(kind=kind, written_opinion__isnull=True).count()
    issued = ballot.codes.filter(kind=kind).count()
    return max(0, voters - issued)


def ballot_check_codes(*, actor: Any, ballot: Ballot, count: int, kind: str) -> None:
    """Refuse now what :func:`ballot_issue_codes` would refuse (before printing)."""
    _require_manage(actor, ballot)
    _require_status(ballot, BallotStatus.ROLL_FROZEN, BallotStatus.OPEN)
    if not ballot.uses_codes:
        raise RuleViolation(
            _("本次投票只用纸质票，不发放手机投票码。"), rule="ballots.codes_paper_only"
        )
    if kind not in ballot.voter_kinds:
        raise RuleViolation(_("本次投票没有群众代表参加。"), rule="ballots.no_masses_in_ballot")
    if not 1 <= count <= MAX_CODES_PER_JOB:
        raise RuleViolation(
            _("每次可生成1至%(n)d个投票码。") % {"n": MAX_CODES_PER_JOB},
            rule="ballots.codes_count",
            field="count",
        )
    available = _codes_available(ballot, kind)
    if count > available:
        raise RuleViolation(
            _("投票码不能多于名单上的投票人：%(kind)s还可生成%(n)d个。")
            % {"kind": VoterKind(kind).label, "n": available},
            rule="ballots.codes_exceed_roll",
            field="count",
        )


@transaction.atomic
def ballot_issue_codes(
    *,
    actor: Any,
    ballot: Ballot,
    count: int,
    kind: str = VoterKind.MEMBER,
    codes: list[str] | None = None,
) -> list[str]:
    """Issue ``count`` one-time codes for ``kind`` voters and return them in clear, once;
    only their hashes are stored. ``codes`` passes codes generated beforehand with
    :func:`grassroots.ballots.codes.generate` (the slip printer draws them first)."""
    ballot = _locked(ballot)
    ballot_check_codes(actor=actor, ballot=ballot, count=count, kind=kind)
    if codes is None:
        codes = code_lib.generate(count)
    if len(codes) != count or not all(code_lib.is_well_formed(c) for c in codes):
        raise ValueError("codes must be ``count`` codes made by codes.generate")
    try:
        with transaction.atomic():
            BallotCode.objects.bulk_create(
                [
                    BallotCode(ballot=ballot, kind=kind, code_hash=code_lib.code_hash(c))
                    for c in codes
                ]
            )
    except IntegrityError as exc:  # the same code drawn twice in the county (about 2^-50)
        raise RuleViolation(
            _("生成的投票码与已有投票码重复，请重新生成。"), rule="ballots.codes_collision"
        ) from exc
    log_action(
        actor=actor, action="ballots.codes.issued", obj=ballot, data={"count": count, "kind": kind}
    )
    return [code_lib.display(c) for c in codes]


@transaction.atomic
def ballot_open(*, actor: Any, ballot: Ballot) -> Ballot:
    """Open the vote. Under the statutory rule the meeting must be quorate: members with
    voting rights present MORE than half of those entitled (exactly half is not enough)."""
    ballot = _locked(ballot)
    _require_manage(actor, ballot)
    _require_status(ballot, BallotStatus.ROLL_FROZEN)
    if ballot.rule == STATUTORY_BRANCH_MEETING:
        counts = ballot.roll.filter(kind=VoterKind.MEMBER).aggregate(
            entitled=Count("id"), present=Count("id", filter=Q(present=True))
        )
        if counts["present"] * 2 <= counts["entitled"]:
            raise RuleViolation(
                _(
                    "有表决权的到会党员%(present)d名，未超过应到会有表决权党员%(entitled)d名的半数，"
                    "支部大会不能进行表决（发展党员工作细则）。"
                )
                % counts,
                rule="ballots.quorum",
            )
    if ballot.method == VotingMethod.ONLINE and not ballot.codes.exists():
        raise RuleViolation(
            _("本次投票只用手机投票，请先生成并打印投票码。"), rule="ballots.codes_missing"
        )
    ballot.status = BallotStatus.OPEN
    ballot.opened_at = timezone.now()
    ballot.save(update_fields=["status", "opened_at"])
    log_action(
        actor=actor,
        action="ballots.ballot.opened",
        obj=ballot,
        changes={"status": [BallotStatus.ROLL_FROZEN, BallotStatus.OPEN]},
    )
    return ballot


def _failure_key(ip: str) -> str:
    import hashlib

    return "ballots:cast-failures:" + hashlib.sha256(ip.encode()).hexdigest()[:32]


def _count_failure(ip: str | None) -> None:
    if not ip:
        return
    key = _failure_key(ip)
    if not cache.add(key, 1, timeout=CAST_FAILURE_LIMIT[1]):
        try:
            cache.incr(key)
        except ValueError:
            cache.add(key, 1, timeout=CAST_FAILURE_LIMIT[1])


def ballot_cast(
    *,
    code: str,
    choices: dict[int, str],
    ballot: Ballot | None = None,
    ip: str | None = None,
) -> str:
    """Cast the ballot of ``code`` (public: no login) and return its receipt.

    ``choices`` maps each question's index (0, 1, ...) to ``yes``/``no``/``abstain``. A
    code casts one ballot: the code row is claimed by a conditional UPDATE (only one of
    several simultaneous submissions can flip ``used``), and the receipt is unique per
    ballot as a second lock. An unknown or used code changes nothing. ``ballot``, if
    given, must be the code's ballot (the voting page is per ballot)."""
    if ip and cache.get(_failure_key(ip), 0) >= CAST_FAILURE_LIMIT[0]:
        raise RuleViolation(
            _("投票码输错次数过多，请十分钟后再试，或向会议工作人员求助。"),
            rule="ballots.rate_limited",
        )
    try:
        return _cast(code=code, choices=choices, ballot=ballot)
    except IntegrityError as exc:  # the receipt is unique: a second cast of one code
        _count_failure(ip)
        raise RuleViolation(
            _("这个投票码已经投过票，每个投票码只能投一次。"), rule="ballots.code_used"
        ) from exc
    except RuleViolation as exc:
        if exc.rule in ("ballots.code_unknown", "ballots.code_used"):
            _count_failure(ip)
        raise


@transaction.atomic
def _cast(*, code: str, choices: dict[int, str], ballot: Ballot | None) -> str:
    unknown = RuleViolation(
        _("投票码无效：请核对选票上的投票码（10位字母和数字）。"), rule="ballots.code_unknown"
    )
    if not code_lib.is_well_formed(code):
        raise unknown
    digest = code_lib.code_hash(code)
    row = BallotCode.objects.filter(code_hash=digest).values("ballot_id", "kind").first()
    if row is None or (ballot is not None and row["ballot_id"] != ballot.pk):
        raise unknown
    # The ballot row lock orders casts against closing the vote.
    locked = Ballot.objects.select_for_update().get(pk=row["ballot_id"])
    if locked.status != BallotStatus.OPEN:
        raise RuleViolation(
            _("投票「%(title)s」%(state)s，不能投票。")
            % {
                "title": locked.title,
                "state": _("尚未开始")
                if locked.status in (BallotStatus.DRAFT, BallotStatus.ROLL_FROZEN)
                else _("已经结束"),
            },
            rule="ballots.not_open",
        )
    cleaned = _clean_choices(locked, choices)
    claimed = BallotCode.objects.filter(code_hash=digest, used=False).update(used=True)
    if claimed != 1:
        raise RuleViolation(
            _("这个投票码已经投过票，每个投票码只能投一次。"), rule="ballots.code_used"
        )
    receipt = code_lib.receipt(locked.public_id, code)
    CastBallot.objects.create(ballot=locked, kind=row["kind"], receipt=receipt, choices=cleaned)
    return receipt


def _remove_slip_files(ballot: Ballot) -> int:
    """After the vote the printed codes are worthless; their PDFs are removed all the same."""
    from grassroots.core.models import Job

    removed = 0
    for job in Job.objects.filter(kind="ballots.slips", params__ballot_id=ballot.pk):
        if job.result_file:
            job.result_file.delete(save=False)
            job.save(update_fields=["result_file"])
            removed += 1
    return removed


@transaction.atomic
def ballot_close(*, actor: Any, ballot: Ballot) -> Ballot:
    """End the vote: no code can be used any more."""
    ballot = _locked(ballot)
    _require_manage(actor, ballot)
    _require_status(ballot, BallotStatus.OPEN)
    ballot.status = BallotStatus.CLOSED
    ballot.closed_at = timezone.now()
    ballot.save(update_fields=["status", "closed_at"])
    cast = dict(
        ballot.cast_ballots.values_list("kind").annotate(n=Count("id")).values_list("kind", "n")
    )
    slips = _remove_slip_files(ballot)
    log_action(
        actor=actor,
        action="ballots.ballot.closed",
        obj=ballot,
        changes={"status": [BallotStatus.OPEN, BallotStatus.CLOSED]},
        data={
            "online_members": cast.get(VoterKind.MEMBER, 0),
            "online_masses": cast.get(VoterKind.MASS, 0),
            "slip_files_removed": slips,
        },
    )
    return ballot


def _line_values(value: Any) -> tuple[int, int, int, int]:
    if isinstance(value, dict):
        parts = [value.get(k, 0) for k in ("yes", "no", "abstain", "invalid")]
    else:
        parts = list(value)
    if len(parts) != 4:
        raise RuleViolation(
            _("每个事项须填写赞成、反对、弃权、无效四个数。"), rule="ballots.tally_line"
        )
    try:
        numbers = tuple(int(p) for p in parts)
    except (TypeError, ValueError) as exc:
        raise RuleViolation(_("票数应为整数。"), rule="ballots.tally_line") from exc
    if any(n < 0 for n in numbers):
        raise RuleViolation(_("票数不能为负数。"), rule="ballots.tally_line")
    return numbers  # type: ignore[return-value]


@transaction.atomic
def ballot_enter_paper_tally(
    *,
    actor: Any,
    ballot: Ballot,
    collected: int,
    lines: dict[int, Any],
    kind: str = VoterKind.MEMBER,
) -> PaperTally:
    """Enter (or correct, until the teller signs) the count of the paper ballots of one
    kind of voter, after the vote has closed. ``lines`` maps each question index to
    ``(yes, no, abstain, invalid)`` (or a dict with those keys).

    Reconciliation: for every question yes + no + abstain + invalid = ballots collected;
    ballots collected + ballots cast online ≤ voters present."""
    ballot = _locked(ballot)
    _require_manage(actor, ballot)
    _require_status(ballot, BallotStatus.CLOSED)
    if not ballot.uses_paper:
        raise RuleViolation(
            _("本次投票只用手机投票，没有纸质票。"), rule="ballots.tally_online_only"
        )
    if kind not in ballot.voter_kinds:
        raise RuleViolation(_("本次投票没有群众代表参加。"), rule="ballots.no_masses_in_ballot")
    if collected < 0:
        raise RuleViolation(
            _("收回选票数不能为负数。"), rule="ballots.tally_line", field="collected"
        )
    existing = PaperTally.objects.select_for_update().filter(ballot=ballot, kind=kind).first()
    if existing is not None and existing.teller_id is not None:
        raise RuleViolation(
            _("计票人已签字确认，统计结果不能再修改。"), rule="ballots.tally_signed"
        )
    questions = list(ballot.questions.order_by("index"))
    try:
        given = {int(k): v for k, v in lines.items()}
    except (TypeError, ValueError) as exc:
        raise RuleViolation(_("统计表与表决事项不符。"), rule="ballots.tally_line") from exc
    if set(given) != {q.index for q in questions}:
        raise RuleViolation(_("请为每个表决事项填写票数。"), rule="ballots.tally_line")
    values = {q.index: _line_values(given[q.index]) for q in questions}
    for q in questions:
        total = sum(values[q.index])
        if total != collected:
            yes, no, abstain, invalid = values[q.index]
            raise RuleViolation(
                _(
                    "第%(n)d项“%(text)s”：赞成%(yes)d + 反对%(no)d + 弃权%(abstain)d + 无效%(invalid)d"
                    " = %(total)d，与收回选票%(collected)d张不符。"
                )
                % {
                    "n": q.index + 1,
                    "text": q.text,
                    "yes": yes,
                    "no": no,
                    "abstain": abstain,
                    "invalid": invalid,
                    "total": total,
                    "collected": collected,
                },
                rule="ballots.tally_reconcile",
            )
    present = ballot.roll.filter(kind=kind, present=True).count()
    online = ballot.cast_ballots.filter(kind=kind).count()
    if collected + online > present:
        raise RuleViolation(
            _(
                "%(kind)s收回纸质选票%(collected)d张，加手机投票%(online)d张，共%(total)d张，"
                "多于到会%(present)d人，请核对。"
            )
            % {
                "kind": VoterKind(kind).label,
                "collected": collected,
                "online": online,
                "total": collected + online,
                "present": present,
            },
            rule="ballots.tally_exceeds_attendance",
            field="collected",
        )
    if existing is None:
        tally = PaperTally.objects.create(
            ballot=ballot, kind=kind, collected=collected, entered_by=actor
        )
    else:  # unsigned figures are corrected in place; the audit log keeps each entry
        tally = existing
        tally.collected = collected
        tally.entered_by = actor
        tally.save(update_fields=["collected", "entered_by", "entered_at"])
    for q in questions:
        yes, no, abstain, invalid = values[q.index]
        PaperTallyLine.objects.update_or_create(
            tally=tally,
            question=q,
            defaults={"yes": yes, "no": no, "abstain": abstain, "invalid": invalid},
        )
    log_action(
        actor=actor,
        action="ballots.tally.entered",
        obj=ballot,
        data={
            "kind": kind,
            "kind_label": VoterKind(kind).label,
            "collected": collected,
            "lines": {str(i): list(v) for i, v in values.items()},
        },
    )
    return tally


@transaction.atomic
def ballot_sign_tally(*, actor: Any, ballot: Ballot, kind: str = VoterKind.MEMBER) -> PaperTally:
    """Sign a paper tally: the first signature is the teller's (计票人), the second the
    scrutineer's (监票人), who must be a different person. Each signature is final."""
    ballot = _locked(ballot)
    _require_manage(actor, ballot)
    _require_status(ballot, BallotStatus.CLOSED)
    tally = PaperTally.objects.select_for_update().filter(ballot=ballot, kind=kind).first()
    if tally is None:
        raise RuleViolation(_("还没有录入纸质票统计，不能签字。"), rule="ballots.tally_missing")
    now = timezone.now()
    if tally.teller_id is None:
        tally.teller = actor
        tally.teller_signed_at = now
        role = "teller"
    elif tally.scrutineer_id is None:
        if tally.teller_id == actor.pk:
            raise RuleViolation(
                _("监票人须由计票人以外的另一人担任：您已作为计票人签字。"),
                rule="ballots.scrutineer_is_teller",
            )
        tally.scrutineer = actor
        tally.scrutineer_signed_at = now
        role = "scrutineer"
    else:
        raise RuleViolation(
            _("计票人和监票人都已签字，统计结果已确定。"), rule="ballots.tally_final"
        )
    tally.save(update_fields=["teller", "teller_signed_at", "scrutineer", "scrutineer_signed_at"])
    log_action(
        actor=actor,
        action=f"ballots.tally.signed_{role}",
        obj=ballot,
        data={"kind": kind, "kind_label": VoterKind(kind).label, "collected": tally.collected},
    )
    return tally


@transaction.atomic
def ballot_publish(*, actor: Any, ballot: Ballot) -> Ballot:
    """Publish the result: paper and online counts merged, the rule applied. Every paper
    tally the method calls for must be reconciled and signed by teller and scrutineer."""
    from .selectors import ballot_result

    ballot = _locked(ballot)
    _require_manage(actor, ballot)
    _require_status(ballot, BallotStatus.CLOSED)
    result = ballot_result(ballot)
    if result.problems:
        raise RuleViolation("；".join(result.problems), rule="ballots.result_incomplete")
    ballot.status = BallotStatus.PUBLISHED
    ballot.published_at = timezone.now()
    ballot.save(update_fields=["status", "published_at"])
    log_action(
        actor=actor,
        action="ballots.ballot.published",
        obj=ballot,
        changes={"status": [BallotStatus.CLOSED, BallotStatus.PUBLISHED]},
        data={
            "results": [
                {"question": q.text, "passed": q.passed, "yes": q.yes, "entitled": q.entitled}
                for q in result.questions
            ],
            "passed": sum(q.passed for q in result.questions),
            "questions": len(result.questions),
        },
    )
    return ballot
