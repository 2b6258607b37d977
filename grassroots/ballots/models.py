"""Anonymous ballots (无记名投票): the frozen roll, attendance, one-time codes, cast
ballots, paper tallies.

What links a ballot to a voter: nothing. Codes are stored as keyed hashes and are not
tied to roll entries; a cast ballot holds its choices and a receipt hash, with a random
id and no time of its own; the attendance register lives on the roll, apart from the
votes. Written opinions (书面意见) are the exception by nature: they are signed
statements handed in by named members who cannot attend.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .rules import POLICY_MAJORITY, RULE_CHOICES


class BallotStatus(models.TextChoices):
    DRAFT = "draft", _("准备中")
    ROLL_FROZEN = "roll_frozen", _("名单已确定")
    OPEN = "open", _("投票中")
    CLOSED = "closed", _("投票结束")
    PUBLISHED = "published", _("结果已公布")


class VotingMethod(models.TextChoices):
    MIXED = "mixed", _("纸质票与手机投票")
    PAPER = "paper", _("纸质票")
    ONLINE = "online", _("手机投票")


class VoterKind(models.TextChoices):
    MEMBER = "member", _("党员")
    MASS = "mass", _("群众代表")


class Choice(models.TextChoices):
    YES = "yes", _("赞成")
    NO = "no", _("反对")
    ABSTAIN = "abstain", _("弃权")


class Ballot(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("组织"),
        on_delete=models.PROTECT,
        related_name="ballots",
    )
    # What is voted on (a candidate's admission record ...); empty for a stand-alone ballot.
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_id = models.CharField(max_length=64, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    purpose = models.CharField(_("表决事项"), max_length=64, db_index=True)
    public_id = models.CharField(max_length=24, unique=True)
    title = models.CharField(_("标题"), max_length=200)
    rule = models.CharField(_("表决规则"), max_length=32, choices=RULE_CHOICES)
    threshold_numerator = models.PositiveSmallIntegerField(default=1)
    threshold_denominator = models.PositiveSmallIntegerField(default=2)
    masses_in_outcome = models.BooleanField(_("群众代表票计入表决结果"), default=False)
    include_masses = models.BooleanField(_("群众代表参加投票"), default=False)
    method = models.CharField(
        _("投票方式"), max_length=16, choices=VotingMethod.choices, default=VotingMethod.MIXED
    )
    meeting_date = models.DateField(_("表决日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=BallotStatus.choices, default=BallotStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    roll_frozen_at = models.DateTimeField(_("名单确定时间"), null=True, blank=True)
    opened_at = models.DateTimeField(_("开始投票时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束投票时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("无记名投票")
        verbose_name_plural = _("无记名投票")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "purpose"])]

    def __str__(self) -> str:
        return self.title

    @property
    def uses_paper(self) -> bool:
        return self.method in (VotingMethod.PAPER, VotingMethod.MIXED)

    @property
    def uses_codes(self) -> bool:
        return self.method in (VotingMethod.ONLINE, VotingMethod.MIXED)

    @property
    def is_policy(self) -> bool:
        return self.rule == POLICY_MAJORITY

    @property
    def voter_kinds(self) -> list[str]:
        return [VoterKind.MEMBER, VoterKind.MASS] if self.include_masses else [VoterKind.MEMBER]


class BallotQuestion(models.Model):
    """One question (for admission: one candidate — each is voted on separately)."""

    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="questions")
    index = models.PositiveSmallIntegerField()
    text = models.CharField(_("表决事项"), max_length=300)

    class Meta:
        ordering = ["ballot", "index"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "index"], name="unique_ballot_question")
        ]

    def __str__(self) -> str:
        return self.text


class RollEntry(models.Model):
    """One person on the frozen roll: a member with voting rights taken from the registry,
    or a mass representative (name, village, how chosen). ``present`` is the attendance
    register, kept apart from the votes."""

    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="roll")
    kind = models.CharField(_("类别"), max_length=16, choices=VoterKind.choices)
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("姓名"), max_length=50)
    village = models.CharField(_("村（居）组"), max_length=100, blank=True)
    chosen_how = models.CharField(_("产生方式"), max_length=100, blank=True)
    present = models.BooleanField(_("到会"), default=False)

    class Meta:
        verbose_name = _("投票名单")
        ordering = ["ballot", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "member"],
                condition=models.Q(member__isnull=False),
                name="unique_roll_member",
            )
        ]

    def __str__(self) -> str:
        return self.name


class WrittenOpinion(models.Model):
    """A signed written opinion (书面意见) handed in before the meeting by an entitled
    member who cannot attend: it counts in the votes, not in the attendance."""

    entry = models.OneToOneField(
        RollEntry, on_delete=models.PROTECT, related_name="written_opinion"
    )
    choices = models.JSONField(_("意见"), default=dict)  # {"0": "yes", ...} by question index
    received_on = models.DateField(_("收到日期"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("书面意见")

    def __str__(self) -> str:
        return str(_("%(name)s的书面意见") % {"name": self.entry.name})


class BallotCode(models.Model):
    """A one-time voting code: only its keyed hash is kept; not tied to any voter."""

    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="codes")
    kind = models.CharField(max_length=16, choices=VoterKind.choices)
    code_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["ballot", "kind", "used"])]

    def __str__(self) -> str:
        return str(_("投票码（已加密）"))


class CastBallot(models.Model):
    """One ballot cast with a code: choices and a receipt; a random id, no voter, no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="cast_ballots")
    kind = models.CharField(max_length=16, choices=VoterKind.choices)
    receipt = models.CharField(max_length=32)
    choices = models.JSONField(default=dict)  # {"0": "yes", ...} by question index

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "receipt"], name="unique_ballot_receipt")
        ]

    def __str__(self) -> str:
        return self.receipt


class PaperTally(models.Model):
    """The count of the paper ballots of one kind of voter, signed by the teller (计票人)
    and then by a different person, the scrutineer (监票人). Signing is final."""

    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="tallies")
    kind = models.CharField(_("类别"), max_length=16, choices=VoterKind.choices)
    collected = models.PositiveIntegerField(_("收回选票"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("录入时间"), auto_now=True)
    teller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("计票人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    teller_signed_at = models.DateTimeField(null=True, blank=True)
    scrutineer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("监票人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scrutineer_signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("纸质票统计")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "kind"], name="unique_ballot_tally"),
            models.CheckConstraint(
                condition=models.Q(scrutineer__isnull=True)
                | ~models.Q(scrutineer=models.F("teller")),
                name="tally_scrutineer_not_teller",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ballot} · {self.get_kind_display()}"

    @property
    def is_final(self) -> bool:
        return self.scrutineer_id is not None


class PaperTallyLine(models.Model):
    tally = models.ForeignKey(PaperTally, on_delete=models.PROTECT, related_name="lines")
    question = models.ForeignKey(BallotQuestion, on_delete=models.PROTECT, related_name="+")
    yes = models.PositiveIntegerField(_("赞成"))
    no = models.PositiveIntegerField(_("反对"))
    abstain = models.PositiveIntegerField(_("弃权"))
    invalid = models.PositiveIntegerField(_("无效"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tally", "question"], name="unique_tally_line")
        ]

    def __str__(self) -> str:
        return f"{self.yes}/{self.no}/{self.abstain}/{self.invalid}"
