"""The commitment-letter workflow (承诺践诺).

    draft --publish--> published --(every item reviewed)--> reviewed

Guards: publishing needs at least one item and weights summing to exactly 100, and makes
the letter public with a notice (notices app, purpose ``commitments.letter``); after
publication weights are locked and amendments are public revisions; an item that falls
short (progress below 100%) needs a public explanatory note before its review; the review
is made by the level above the letter's organization (for the top of the tree: recorded by
the county department naming the superior body that reviewed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from grassroots.core import scoping
from grassroots.core.audit import diff, log_action, snapshot
from grassroots.core.errors import RuleViolation
from grassroots.core.uploads import check_upload
from grassroots.orgs.models import Organization, OrgKind

from .models import (
    NOTICE_PURPOSE,
    CommitmentItem,
    CommitmentLetter,
    Evidence,
    ItemCategory,
    ItemStatus,
    LetterRevision,
    LetterStatus,
    Milestone,
    ProgressUpdate,
    ReviewResult,
    RevisionKind,
)

# Organizations whose secretary makes a public commitment: county and township committees
# (as the provincial rule requires) and, optionally, other committees and branches.
LETTER_KINDS = {
    OrgKind.COUNTY_COMMITTEE,
    OrgKind.TOWNSHIP_COMMITTEE,
    OrgKind.PARTY_COMMITTEE,
    OrgKind.WORKING_COMMITTEE,
    OrgKind.GENERAL_BRANCH,
    OrgKind.BRANCH,
    OrgKind.JOINT_BRANCH,
}
ITEM_FIELDS = ("category", "content", "responsible", "due_on", "verification", "weight")
# What may still change after the letter is public (the weights may not).
AMENDABLE_FIELDS = ("content", "responsible", "due_on", "verification")


def _today() -> dt.date:
    return timezone.localdate()


def active_items(letter: CommitmentLetter) -> QuerySet[CommitmentItem]:
    return letter.items.filter(removed_at__isnull=True).order_by("number")


def _revision(
    letter: CommitmentLetter, kind: str, item: CommitmentItem | None = None, **data: Any
) -> None:
    LetterRevision.objects.create(letter=letter, item=item, kind=kind, at=timezone.now(), data=data)


def _lock_letter(letter: CommitmentLetter) -> CommitmentLetter:
    return (
        CommitmentLetter.objects.select_for_update()
        .select_related("organization")
        .get(pk=letter.pk)
    )


def _lock_item(item: CommitmentItem) -> CommitmentItem:
    return (
        CommitmentItem.objects.select_for_update()
        .select_related("letter__organization")
        .get(pk=item.pk)
    )


def _require_manage(actor: Any, letter: CommitmentLetter) -> None:
    scoping.require(actor, "commitments.manage", letter.organization)


def _require_draft(letter: CommitmentLetter) -> None:
    if letter.status != LetterStatus.DRAFT:
        raise RuleViolation(
            _("承诺书已公开，不能再增删事项或调整权重；事项内容的修改会在公开版本记录中留痕。"),
            rule="commitments.items_locked",
        )


def _require_published(letter: CommitmentLetter) -> None:
    if letter.status == LetterStatus.DRAFT:
        raise RuleViolation(
            _("承诺书尚未公开，公开后才能报告进展和评议。"), rule="commitments.not_published"
        )


def _require_not_reviewed(item: CommitmentItem) -> None:
    if item.review_result:
        raise RuleViolation(
            _("第%(n)d项已经年终评议，不能再修改。") % {"n": item.number},
            rule="commitments.item_reviewed",
        )


def _check_due(letter: CommitmentLetter, due_on: dt.date) -> None:
    if due_on.year != letter.year:
        raise RuleViolation(
            _("完成时限应在承诺年度（%(year)d年）内。") % {"year": letter.year},
            rule="commitments.due_in_year",
            field="due_on",
        )


def _check_item_fields(letter: CommitmentLetter, fields: dict[str, Any]) -> None:
    if "category" in fields and fields["category"] not in ItemCategory.values:
        raise RuleViolation(_("请选择类别。"), rule="commitments.category", field="category")
    for name, label in (
        ("content", _("承诺事项")),
        ("responsible", _("责任人")),
        ("verification", _("验证方式")),
    ):
        if name in fields and not str(fields[name]).strip():
            raise RuleViolation(
                _("请填写%(label)s。") % {"label": label}, rule=f"commitments.{name}", field=name
            )
    if "weight" in fields and not 1 <= int(fields["weight"]) <= 100:
        raise RuleViolation(
            _("权重应为1到100之间的整数。"), rule="commitments.weight_range", field="weight"
        )
    if "due_on" in fields:
        _check_due(letter, fields["due_on"])


@transaction.atomic
def letter_create(
    *,
    actor: Any,
    organization: Organization,
    year: int,
    secretary_name: str,
    secretary_post: str,
    title: str = "",
    preamble: str = "",
    published_in: str = "",
) -> CommitmentLetter:
    scoping.require(actor, "commitments.manage", organization)
    if organization.kind not in LETTER_KINDS or not organization.is_active:
        raise RuleViolation(
            _("「%(org)s」不能作出党建公开承诺（应为县委、乡镇党委或基层党组织）。")
            % {"org": organization.name},
            rule="commitments.org_kind",
        )
    if not secretary_name.strip() or not secretary_post.strip():
        raise RuleViolation(
            _("请填写承诺人及其职务。"), rule="commitments.secretary", field="secretary_name"
        )
    if CommitmentLetter.objects.filter(organization=organization, year=year).exists():
        raise RuleViolation(
            _("「%(org)s」%(year)d年度的承诺书已经建立。")
            % {"org": organization.name, "year": year},
            rule="commitments.letter_duplicate",
            field="year",
        )
    letter = CommitmentLetter.objects.create(
        organization=organization,
        year=year,
        secretary_name=secretary_name.strip(),
        secretary_post=secretary_post.strip(),
        title=title.strip() or _("%(year)d年度抓基层党建工作公开承诺书") % {"year": year},
        preamble=preamble.strip(),
        published_in=published_in.strip(),
        created_by=actor,
    )
    log_action(actor=actor, action="commitments.letter.created", obj=letter, data={"year": year})
    return letter


LETTER_FIELDS = ("secretary_name", "secretary_post", "title", "preamble", "published_in")


@transaction.atomic
def letter_update(*, actor: Any, letter: CommitmentLetter, **fields: Any) -> CommitmentLetter:
    unknown = set(fields) - set(LETTER_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    letter = _lock_letter(letter)
    _require_manage(actor, letter)
    _require_draft(letter)
    before = snapshot(letter, fields)
    for key, value in fields.items():
        setattr(letter, key, value.strip())
    changes = diff(before, snapshot(letter, fields))
    if changes:
        letter.save()
        log_action(actor=actor, action="commitments.letter.updated", obj=letter, changes=changes)
    return letter


@transaction.atomic
def item_add(
    *,
    actor: Any,
    letter: CommitmentLetter,
    category: str,
    content: str,
    responsible: str,
    due_on: dt.date,
    verification: str,
    weight: int,
) -> CommitmentItem:
    letter = _lock_letter(letter)
    _require_manage(actor, letter)
    _require_draft(letter)
    fields = {
        "category": category,
        "content": content.strip(),
        "responsible": responsible.strip(),
        "due_on": due_on,
        "verification": verification.strip(),
        "weight": int(weight),
    }
    _check_item_fields(letter, fields)
    number = (letter.items.aggregate(n=Max("number"))["n"] or 0) + 1
    item = CommitmentItem.objects.create(letter=letter, number=number, **fields)
    log_action(
        actor=actor,
        action="commitments.item.added",
        obj=item,
        organization=letter.organization,
        data={"letter": letter.title, "weight": item.weight},
    )
    return item


@transaction.atomic
def item_update(*, actor: Any, item: CommitmentItem, **fields: Any) -> CommitmentItem:
    """Change an item. In a draft anything may change; once public only the content,
    responsible person, due date and means of verification, each change a public revision."""
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    item = _lock_item(item)
    letter = item.letter
    _require_manage(actor, letter)
    _require_not_reviewed(item)
    fields = {
        k: (v.strip() if isinstance(v, str) and k != "category" else v) for k, v in fields.items()
    }
    if "weight" in fields:
        fields["weight"] = int(fields["weight"])
    before = snapshot(item, fields)
    changed = {k: v for k, v in fields.items() if before[k] != v}
    if letter.status != LetterStatus.DRAFT:
        locked = set(changed) - set(AMENDABLE_FIELDS)
        if locked:
            raise RuleViolation(
                _("承诺书已公开，权重和类别不能再调整。"),
                rule="commitments.weights_locked",
                field=sorted(locked)[0],
            )
    _check_item_fields(letter, changed)
    if not changed:
        return item
    for key, value in changed.items():
        setattr(item, key, value)
    item.save()
    changes = diff(before, snapshot(item, fields))
    if letter.status != LetterStatus.DRAFT:
        labels = {
            f: str(getattr(CommitmentItem._meta.get_field(f), "verbose_name", f)) for f in changed
        }
        _revision(
            letter,
            RevisionKind.AMENDED,
            item,
            number=item.number,
            fields="、".join(labels.values()),
            changes=[[labels[f], str(before[f]), str(changed[f])] for f in changed],
        )
    log_action(
        actor=actor,
        action="commitments.item.updated",
        obj=item,
        organization=letter.organization,
        changes=changes,
        data={"public": letter.status != LetterStatus.DRAFT},
    )
    return item


@transaction.atomic
def item_remove(*, actor: Any, item: CommitmentItem) -> CommitmentItem:
    """Take an item out of a draft (kept in the database, marked removed)."""
    item = _lock_item(item)
    _require_manage(actor, item.letter)
    _require_draft(item.letter)
    if item.removed_at is None:
        item.removed_at = timezone.now()
        item.save(update_fields=["removed_at", "updated_at"])
        log_action(
            actor=actor,
            action="commitments.item.removed",
            obj=item,
            organization=item.letter.organization,
        )
    return item


def weight_total(letter: CommitmentLetter) -> int:
    return int(active_items(letter).aggregate(s=Sum("weight"))["s"] or 0)


def notice_body(letter: CommitmentLetter, items: Iterable[CommitmentItem]) -> str:
    lines = [
        _("%(post)s%(name)s%(year)d年度抓基层党建工作公开承诺如下，欢迎广大党员群众监督：")
        % {"post": letter.secretary_post, "name": letter.secretary_name, "year": letter.year}
    ]
    if letter.preamble:
        lines.append(letter.preamble)
    for item in items:
        lines.append(
            _("%(n)d. %(content)s（责任人：%(who)s；完成时限：%(due)s；验证方式：%(how)s）")
            % {
                "n": item.number,
                "content": item.content,
                "who": item.responsible,
                "due": f"{item.due_on.year}年{item.due_on.month}月{item.due_on.day}日",
                "how": item.verification,
            }
        )
    return "\n".join(lines)


@transaction.atomic
def letter_publish(
    *,
    actor: Any,
    letter: CommitmentLetter,
    starts_on: dt.date | None = None,
    working_days: int | None = None,
) -> CommitmentLetter:
    """Make the letter public: weights must sum to 100; a public notice is published."""
    from grassroots.notices.services import notice_publish

    letter = _lock_letter(letter)
    _require_manage(actor, letter)
    if letter.status != LetterStatus.DRAFT:
        raise RuleViolation(_("承诺书已经公开。"), rule="commitments.already_published")
    items = list(active_items(letter))
    if not items:
        raise RuleViolation(_("承诺书还没有承诺事项。"), rule="commitments.no_items")
    total = sum(i.weight for i in items)
    if total != 100:
        raise RuleViolation(
            _("各承诺事项的权重之和应为100，现为%(total)d。") % {"total": total},
            rule="commitments.weights_100",
        )
    notice = notice_publish(
        actor=actor,
        organization=letter.organization,
        subject=letter,
        purpose=NOTICE_PURPOSE,
        title=_("%(org)s%(title)s") % {"org": letter.organization.name, "title": letter.title},
        body=notice_body(letter, items),
        starts_on=starts_on,
        working_days=working_days,
    )
    letter.status = LetterStatus.PUBLISHED
    letter.published_at = timezone.now()
    letter.published_by = actor
    letter.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    _revision(letter, RevisionKind.PUBLISHED, title=letter.title, items=len(items))
    log_action(
        actor=actor,
        action="commitments.letter.published",
        obj=letter,
        data={"items": len(items), "notice": notice.pk, "ends_on": notice.ends_on},
    )
    return letter


def _status_for(item: CommitmentItem, percent: int, on: dt.date) -> str:
    if percent >= 100:
        return ItemStatus.COMPLETED
    if on > item.due_on:
        return ItemStatus.DELAYED
    return ItemStatus.IN_PROGRESS if percent > 0 else ItemStatus.NOT_STARTED


@transaction.atomic
def progress_report(
    *,
    actor: Any,
    item: CommitmentItem,
    percent: int,
    text: str,
    reported_on: dt.date | None = None,
    files: Iterable[Any] = (),
) -> ProgressUpdate:
    """Report progress with evidence (photos and documents, checked and stored)."""
    item = _lock_item(item)
    letter = item.letter
    _require_manage(actor, letter)
    _require_published(letter)
    _require_not_reviewed(item)
    if not 0 <= int(percent) <= 100:
        raise RuleViolation(
            _("完成进度应在0%到100%之间。"), rule="commitments.percent", field="percent"
        )
    if not text.strip():
        raise RuleViolation(_("请写明进展情况。"), rule="commitments.progress_text", field="text")
    reported_on = reported_on or _today()
    if reported_on > _today():
        raise RuleViolation(
            _("报告日期不能晚于今天。"), rule="commitments.reported_future", field="reported_on"
        )
    files = list(files)
    checked = [check_upload(f, field="files") for f in files]
    old = item.percent
    update = ProgressUpdate.objects.create(
        item=item,
        reported_on=reported_on,
        percent=int(percent),
        text=text.strip(),
        created_by=actor,
    )
    for upload, info in zip(files, checked, strict=True):
        evidence = Evidence(
            update=update,
            original_name=info.original_name,
            content_type=info.content_type,
            kind=info.kind,
            size=info.size,
        )
        evidence.file.save(info.storage_name, upload, save=False)
        evidence.save()
    item.percent = int(percent)
    item.status = _status_for(item, item.percent, reported_on)
    item.save(update_fields=["percent", "status", "updated_at"])
    _revision(letter, RevisionKind.PROGRESS, item, number=item.number, old=old, new=item.percent)
    log_action(
        actor=actor,
        action="commitments.item.progress",
        obj=item,
        organization=letter.organization,
        changes={"percent": [old, item.percent]},
        data={"percent": item.percent, "files": len(files)},
    )
    return update


@transaction.atomic
def milestone_add(*, actor: Any, item: CommitmentItem, title: str, due_on: dt.date) -> Milestone:
    item = _lock_item(item)
    _require_manage(actor, item.letter)
    _require_not_reviewed(item)
    if not title.strip():
        raise RuleViolation(
            _("请填写节点名称。"), rule="commitments.milestone_title", field="title"
        )
    _check_due(item.letter, due_on)
    milestone = Milestone.objects.create(item=item, title=title.strip(), due_on=due_on)
    log_action(
        actor=actor,
        action="commitments.milestone.added",
        obj=milestone,
        organization=item.letter.organization,
        data={"number": item.number},
    )
    return milestone


@transaction.atomic
def milestone_complete(*, actor: Any, milestone: Milestone, done_on: dt.date) -> Milestone:
    milestone = (
        Milestone.objects.select_for_update()
        .select_related("item__letter__organization")
        .get(pk=milestone.pk)
    )
    item = milestone.item
    _require_manage(actor, item.letter)
    _require_published(item.letter)
    _require_not_reviewed(item)
    if milestone.done_on is not None:
        raise RuleViolation(_("该节点已经完成。"), rule="commitments.milestone_done")
    if done_on > _today():
        raise RuleViolation(
            _("完成日期不能晚于今天。"), rule="commitments.done_future", field="done_on"
        )
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on", "updated_at"])
    _revision(
        item.letter, RevisionKind.MILESTONE, item, number=item.number, milestone=milestone.title
    )
    log_action(
        actor=actor,
        action="commitments.milestone.completed",
        obj=milestone,
        organization=item.letter.organization,
        data={"number": item.number, "date": done_on},
    )
    return milestone


@transaction.atomic
def shortfall_explain(*, actor: Any, item: CommitmentItem, note: str) -> CommitmentItem:
    """The public explanatory note of an item that falls short (未完成情况说明)."""
    item = _lock_item(item)
    _require_manage(actor, item.letter)
    _require_published(item.letter)
    _require_not_reviewed(item)
    if not item.falls_short:
        raise RuleViolation(
            _("第%(n)d项已完成，无需作未完成情况说明。") % {"n": item.number},
            rule="commitments.no_shortfall",
        )
    if not note.strip():
        raise RuleViolation(
            _("请写明未完成的原因和下一步措施。"), rule="commitments.shortfall_text", field="note"
        )
    old = item.shortfall_note
    item.shortfall_note = note.strip()
    item.shortfall_noted_on = _today()
    item.save(update_fields=["shortfall_note", "shortfall_noted_on", "updated_at"])
    _revision(item.letter, RevisionKind.SHORTFALL, item, number=item.number)
    log_action(
        actor=actor,
        action="commitments.item.shortfall_explained",
        obj=item,
        organization=item.letter.organization,
        changes={"shortfall_note": [old, item.shortfall_note]},
    )
    return item


def is_top_level(org: Organization) -> bool:
    """The organization has no parent in this deployment (the county committee)."""
    return org.depth == 1


def can_review(actor: Any, letter: CommitmentLetter) -> bool:
    org = letter.organization
    if scoping.covers_strictly(actor, "commitments.review", org):
        return True
    return is_top_level(org) and scoping.covers(actor, "commitments.review", org)


@transaction.atomic
def item_review(
    *,
    actor: Any,
    item: CommitmentItem,
    fulfilled: bool,
    note: str = "",
    reviewed_on: dt.date | None = None,
    reviewing_body: str = "",
) -> CommitmentItem:
    """The year-end review of one item, by the level above the letter's organization."""
    item = _lock_item(item)
    letter = item.letter
    org = letter.organization
    scoping.require(actor, "commitments.view", org)
    if not can_review(actor, letter):
        raise RuleViolation(
            _("承诺事项由上一级党组织评议，「%(org)s」不能评议自己的承诺。") % {"org": org.name},
            rule="commitments.review_from_above",
        )
    body = reviewing_body.strip()
    top = is_top_level(org) and not scoping.covers_strictly(actor, "commitments.review", org)
    if top and not body:
        raise RuleViolation(
            _("「%(org)s」的承诺由上级党委评议，请填写作出评议的机关（如：市委组织部）。")
            % {"org": org.name},
            rule="commitments.reviewing_body",
            field="reviewing_body",
        )
    _require_published(letter)
    _require_not_reviewed(item)
    if item.falls_short and not item.shortfall_note:
        raise RuleViolation(
            _("第%(n)d项完成进度为%(p)d%%，评议前须先公开未完成情况说明。")
            % {"n": item.number, "p": item.percent},
            rule="commitments.shortfall_note_required",
        )
    if fulfilled and item.falls_short:
        raise RuleViolation(
            _("第%(n)d项完成进度为%(p)d%%，不能评为已落实。")
            % {"n": item.number, "p": item.percent},
            rule="commitments.fulfilled_needs_complete",
        )
    reviewed_on = reviewed_on or _today()
    if reviewed_on > _today():
        raise RuleViolation(
            _("评议日期不能晚于今天。"), rule="commitments.reviewed_future", field="reviewed_on"
        )
    body = body or _default_body(actor, org)
    item.review_result = ReviewResult.FULFILLED if fulfilled else ReviewResult.NOT_FULFILLED
    item.reviewed_on, item.reviewed_by = reviewed_on, actor
    item.reviewing_body, item.review_note = body, note.strip()
    item.save(
        update_fields=[
            "review_result",
            "reviewed_on",
            "reviewed_by",
            "reviewing_body",
            "review_note",
            "updated_at",
        ]
    )
    _revision(
        letter,
        RevisionKind.REVIEWED,
        item,
        number=item.number,
        body=body,
        result=str(ReviewResult(item.review_result).label),
    )
    if not active_items(letter).filter(review_result="").exists():
        letter.status = LetterStatus.REVIEWED
        letter.save(update_fields=["status", "updated_at"])
    log_action(
        actor=actor,
        action="commitments.item.reviewed",
        obj=item,
        organization=org,
        data={"result": str(ReviewResult(item.review_result).label), "body": body},
    )
    return item


def _default_body(actor: Any, org: Organization) -> str:
    """The name of the reviewing committee: the actor's scope organization above ``org``."""
    for assignment in scoping.assignments_of(actor):
        if org.path.startswith(assignment.path) and org.path != assignment.path:
            return assignment.org_name
    return ""


def require_reviewer(actor: Any, letter: CommitmentLetter) -> None:
    """For views: 403 for those who see the letter but may not review it."""
    if not can_review(actor, letter):
        raise PermissionDenied
