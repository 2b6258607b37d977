"""Reads of ballots: scoped lists for staff, the result with the rule applied and
explained, the public receipt list, and the workflow guard for other apps."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from grassroots.core import scoping
from grassroots.core.errors import RuleViolation

from . import codes as code_lib
from .models import (
    Ballot,
    BallotStatus,
    CastBallot,
    PaperTally,
    RollEntry,
    VoterKind,
    WrittenOpinion,
)
from .rules import STATUTORY_BRANCH_MEETING


def ballot_list(*, actor: Any, status: str = "") -> QuerySet[Ballot]:
    qs = Ballot.objects.filter(scoping.scope_q(actor, "ballots.view")).select_related(
        "organization"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(question_count=Count("questions")).order_by("-created_at", "-id")


def ballot_get(*, actor: Any, pk: Any, permission: str = "ballots.view") -> Ballot:
    return scoping.get_scoped_or_404(
        Ballot.objects.filter(scoping.scope_q(actor, permission)).select_related(
            "organization", "created_by", "subject_type"
        ),
        pk=pk,
    )


def roll_entry_get(*, ballot: Ballot, pk: Any) -> RollEntry:
    return scoping.get_scoped_or_404(ballot.roll.select_related("member"), pk=pk)


def ballot_roll(ballot: Ballot) -> list[RollEntry]:
    return list(ballot.roll.select_related("written_opinion").order_by("kind", "id"))


def public_ballot_get(*, public_id: str) -> Ballot:
    """A ballot by its public id (voting page, receipts); drafts are not public."""
    return scoping.get_scoped_or_404(
        Ballot.objects.exclude(status=BallotStatus.DRAFT).select_related("organization"),
        public_id=public_id,
    )


def public_receipts(ballot: Ballot) -> list[str]:
    """The receipts of the ballots cast online, once the vote is over; sorted, so their
    order says nothing about the order of casting."""
    if ballot.status not in (BallotStatus.CLOSED, BallotStatus.PUBLISHED):
        return []
    return sorted(ballot.cast_ballots.values_list("receipt", flat=True))


def receipt_for_code(ballot: Ballot, code: str) -> tuple[str, bool]:
    """The receipt a code's ballot has, and whether it is in the list (for a voter who
    kept the slip but not the receipt)."""
    receipt = code_lib.receipt(ballot.public_id, code)
    return receipt, ballot.cast_ballots.filter(receipt=receipt).exists()


# --- the result ----------------------------------------------------------------------


@dataclass
class Counts:
    yes: int = 0
    no: int = 0
    abstain: int = 0
    invalid: int = 0

    @property
    def valid(self) -> int:
        """Valid ballots: yes, no and abstain (an abstention is a valid ballot)."""
        return self.yes + self.no + self.abstain

    @property
    def total(self) -> int:
        return self.valid + self.invalid

    def add(self, choice: str, n: int = 1) -> None:
        setattr(self, choice, getattr(self, choice) + n)

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.yes + other.yes,
            self.no + other.no,
            self.abstain + other.abstain,
            self.invalid + other.invalid,
        )


@dataclass
class QuestionResult:
    index: int
    text: str
    members: Counts  # online + paper + written opinions
    online: Counts
    paper: Counts
    written: Counts
    masses: Counts | None
    entitled: int
    attended: int
    masses_entitled: int
    masses_attended: int
    passed: bool
    explanation: str

    @property
    def yes(self) -> int:
        return self.members.yes

    @property
    def no(self) -> int:
        return self.members.no

    @property
    def abstain(self) -> int:
        return self.members.abstain

    @property
    def invalid(self) -> int:
        return self.members.invalid


@dataclass
class BallotResult:
    ballot: Ballot
    rule: str
    entitled: int
    attended: int
    written_opinions: int
    masses_entitled: int
    masses_attended: int
    online_cast: dict[str, int]
    paper_collected: dict[str, int]
    questions: list[QuestionResult] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """The counts are final: voting is over and every paper tally is signed."""
        return not self.problems

    @property
    def quorum_met(self) -> bool:
        return self.attended * 2 > self.entitled


def _majority_needed(total: int) -> int:
    """The smallest whole number MORE than half of ``total``."""
    return total // 2 + 1


def _explain_statutory(q: QuestionResult, *, written_yes: int, quorum: bool) -> tuple[bool, str]:
    parts = [
        _("按支部大会表决规则（《中国共产党发展党员工作细则》）："),
        _("应到会有表决权的正式党员%(entitled)d名，实到%(attended)d名")
        % {"entitled": q.entitled, "attended": q.attended},
    ]
    if not quorum:
        parts.append(
            _("，未超过应到会人数的半数（须至少%(need)d名），会议人数不足，表决无效，未通过。")
            % {"need": _majority_needed(q.entitled)}
        )
        return False, "".join(parts)
    need = _majority_needed(q.entitled)
    parts.append(_("，超过半数，会议有效。"))
    written = _("（其中书面意见%(n)d票）") % {"n": written_yes} if written_yes else ""
    passed = q.members.yes * 2 > q.entitled
    parts.append(
        _(
            "赞成%(yes)d票%(written)s，反对%(no)d票，弃权%(abstain)d票，无效%(invalid)d票。"
            "通过须赞成票超过应到会有表决权党员总数%(entitled)d名的半数，即至少%(need)d票"
        )
        % {
            "yes": q.members.yes,
            "written": written,
            "no": q.members.no,
            "abstain": q.members.abstain,
            "invalid": q.members.invalid,
            "entitled": q.entitled,
            "need": need,
        }
    )
    parts.append(_("，赞成票达到要求，通过。") if passed else _("，赞成票不足，未通过。"))
    return passed, "".join(parts)


def _explain_policy(q: QuestionResult, *, share: Fraction, with_masses: bool) -> tuple[bool, str]:
    counts = q.members + q.masses if (with_masses and q.masses is not None) else q.members
    whose = _("党员和群众代表") if with_masses else _("党员")
    passed = counts.valid > 0 and counts.yes * share.denominator > counts.valid * share.numerator
    share_text = _("一半") if share == Fraction(1, 2) else f"{share.numerator}/{share.denominator}"
    text = _(
        "按有效票比例表决：%(whose)s有效票%(valid)d张（赞成%(yes)d、反对%(no)d、弃权%(abstain)d，"
        "无效票%(invalid)d张不计入），通过须赞成票超过有效票的%(share)s，即至少%(need)d票"
    ) % {
        "need": counts.valid * share.numerator // share.denominator + 1,
        "whose": whose,
        "valid": counts.valid,
        "yes": counts.yes,
        "no": counts.no,
        "abstain": counts.abstain,
        "invalid": counts.invalid,
        "share": share_text,
    }
    if counts.valid == 0:
        text += _("；没有有效票，未通过。")
    else:
        text += _("；赞成%(yes)d票%(cmp)s，%(outcome)s。") % {
            "yes": counts.yes,
            "cmp": _("达到要求") if passed else _("未达到要求"),
            "outcome": _("通过") if passed else _("未通过"),
        }
    return passed, text


def _explain_masses(q: QuestionResult, *, counted: bool) -> str:
    if q.masses is None:
        return ""
    note = _("计入表决结果") if counted else _("单独列示，不影响表决结果")
    return _(
        "群众代表：应到%(entitled)d名，实到%(attended)d名，赞成%(yes)d票，反对%(no)d票，"
        "弃权%(abstain)d票，无效%(invalid)d票（%(note)s）。"
    ) % {
        "entitled": q.masses_entitled,
        "attended": q.masses_attended,
        "yes": q.masses.yes,
        "no": q.masses.no,
        "abstain": q.masses.abstain,
        "invalid": q.masses.invalid,
        "note": note,
    }


def ballot_result(ballot: Ballot) -> BallotResult:
    """The merged count (online + paper + written opinions) per question, the rule
    applied, and a Chinese explanation with the numbers. ``problems`` lists what keeps
    the count from being final (voting not over, tallies missing or unsigned, figures
    that do not reconcile). A fixed number of queries."""
    questions = list(ballot.questions.order_by("index"))
    roll = {
        (row["kind"], row["present"]): row["n"]
        for row in RollEntry.objects.filter(ballot=ballot)
        .values("kind", "present")
        .annotate(n=Count("id"))
    }
    entitled = roll.get((VoterKind.MEMBER, True), 0) + roll.get((VoterKind.MEMBER, False), 0)
    attended = roll.get((VoterKind.MEMBER, True), 0)
    masses_entitled = roll.get((VoterKind.MASS, True), 0) + roll.get((VoterKind.MASS, False), 0)
    masses_attended = roll.get((VoterKind.MASS, True), 0)
    opinions = list(
        WrittenOpinion.objects.filter(entry__ballot=ballot).values_list("choices", flat=True)
    )
    online: dict[str, dict[int, Counts]] = {k: {} for k in VoterKind.values}
    online_cast = dict.fromkeys(VoterKind.values, 0)
    for kind, choices in CastBallot.objects.filter(ballot=ballot).values_list("kind", "choices"):
        online_cast[kind] += 1
        for index, choice in choices.items():
            online[kind].setdefault(int(index), Counts()).add(choice)
    tallies = {
        t.kind: t
        for t in PaperTally.objects.filter(ballot=ballot).prefetch_related("lines__question")
    }
    problems: list[str] = []
    if ballot.status not in (BallotStatus.CLOSED, BallotStatus.PUBLISHED):
        problems.append(_("投票尚未结束"))
    paper: dict[str, dict[int, Counts]] = {k: {} for k in VoterKind.values}
    collected = dict.fromkeys(VoterKind.values, 0)
    for kind in ballot.voter_kinds:
        label = VoterKind(kind).label
        tally = tallies.get(kind)
        if ballot.uses_paper and tally is None:
            problems.append(_("%(kind)s纸质票统计尚未录入") % {"kind": label})
            continue
        if tally is None:
            continue
        if not tally.is_final:
            problems.append(_("%(kind)s纸质票统计尚未经计票人和监票人签字确认") % {"kind": label})
        collected[kind] = tally.collected
        for line in tally.lines.all():
            paper[kind][line.question.index] = Counts(line.yes, line.no, line.abstain, line.invalid)
        present = attended if kind == VoterKind.MEMBER else masses_attended
        if tally.collected + online_cast[kind] > present:
            problems.append(
                _("%(kind)s纸质票%(paper)d张加手机投票%(online)d张，多于到会%(present)d人")
                % {
                    "kind": label,
                    "paper": tally.collected,
                    "online": online_cast[kind],
                    "present": present,
                }
            )
    result = BallotResult(
        ballot=ballot,
        rule=ballot.rule,
        entitled=entitled,
        attended=attended,
        written_opinions=len(opinions),
        masses_entitled=masses_entitled,
        masses_attended=masses_attended,
        online_cast=online_cast,
        paper_collected=collected,
        problems=problems,
    )
    share = Fraction(ballot.threshold_numerator, ballot.threshold_denominator)
    for question in questions:
        i = question.index
        written = Counts()
        for choices in opinions:
            if str(i) in choices:
                written.add(choices[str(i)])
        member_online = online[VoterKind.MEMBER].get(i, Counts())
        member_paper = paper[VoterKind.MEMBER].get(i, Counts())
        masses = (
            online[VoterKind.MASS].get(i, Counts()) + paper[VoterKind.MASS].get(i, Counts())
            if ballot.include_masses
            else None
        )
        q = QuestionResult(
            index=i,
            text=question.text,
            members=member_online + member_paper + written,
            online=member_online,
            paper=member_paper,
            written=written,
            masses=masses,
            entitled=entitled,
            attended=attended,
            masses_entitled=masses_entitled,
            masses_attended=masses_attended,
            passed=False,
            explanation="",
        )
        if ballot.rule == STATUTORY_BRANCH_MEETING:
            passed, text = _explain_statutory(q, written_yes=written.yes, quorum=result.quorum_met)
            counted = False
        else:
            passed, text = _explain_policy(q, share=share, with_masses=ballot.masses_in_outcome)
            counted = ballot.masses_in_outcome
        q.passed = passed and not problems
        q.explanation = text + _explain_masses(q, counted=counted)
        if problems:
            q.explanation = (
                _("（统计尚未完成：%(problems)s。）") % {"problems": "；".join(problems)}
                + q.explanation
            )
        result.questions.append(q)
    return result


# --- for other apps ------------------------------------------------------------------


def _subject_q(subject: models.Model, purpose: str) -> Q:
    return Q(
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=str(subject.pk),
        purpose=purpose,
    )


def ballot_for_subject(subject: models.Model, *, purpose: str) -> Ballot | None:
    """The most recent ballot about ``subject`` for ``purpose``, whatever its status."""
    return (
        Ballot.objects.filter(_subject_q(subject, purpose))
        .select_related("organization")
        .order_by("-created_at", "-id")
        .first()
    )


def ballots_for_subject(subject: models.Model) -> QuerySet[Ballot]:
    return Ballot.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=str(subject.pk)
    ).order_by("-created_at", "-id")


def require_ballot_passed(
    subject: models.Model, *, purpose: str, question_index: int = 0
) -> Ballot:
    """The workflow guard: the latest published ballot about ``subject`` for ``purpose``
    passed question ``question_index``. Raises :class:`RuleViolation` otherwise."""
    ballot = (
        Ballot.objects.filter(_subject_q(subject, purpose), status=BallotStatus.PUBLISHED)
        .select_related("organization")
        .order_by("-published_at", "-id")
        .first()
    )
    if ballot is None:
        raise RuleViolation(
            _("还没有公布结果的无记名投票：这一步须经无记名投票表决通过。"),
            rule="ballots.not_published",
        )
    result = ballot_result(ballot)
    questions = {q.index: q for q in result.questions}
    if question_index not in questions:
        raise RuleViolation(
            _("投票「%(title)s」中没有第%(n)d项表决事项。")
            % {"title": ballot.title, "n": question_index + 1},
            rule="ballots.question_missing",
        )
    question = questions[question_index]
    if not question.passed:
        raise RuleViolation(
            _("无记名投票「%(title)s」中“%(text)s”未获通过：%(why)s")
            % {"title": ballot.title, "text": question.text, "why": question.explanation},
            rule="ballots.not_passed",
        )
    return ballot
