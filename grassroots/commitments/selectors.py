"""Reads of commitment letters: scoped for the platform's users, and the public reads
(published letters only) for the portal."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum

from grassroots.core import scoping

from .models import (
    PUBLIC_STATUSES,
    CommitmentItem,
    CommitmentLetter,
    Evidence,
    LetterRevision,
    Milestone,
    ProgressUpdate,
    ReviewResult,
)

_ACTIVE = Q(items__removed_at__isnull=True)


def with_progress(qs: QuerySet[CommitmentLetter]) -> QuerySet[CommitmentLetter]:
    """Annotate each letter with its items, fulfilled items, weights and the progress rolled
    up from its items by weight (``weighted`` = Σ weight × percent; progress = weighted ÷ Σ
    weight)."""
    return qs.annotate(
        item_count=Count("items", filter=_ACTIVE),
        fulfilled_count=Count(
            "items", filter=_ACTIVE & Q(items__review_result=ReviewResult.FULFILLED)
        ),
        weight_sum=Sum("items__weight", filter=_ACTIVE),
        weighted=Sum(F("items__weight") * F("items__percent"), filter=_ACTIVE),
    )


def progress_of(letter: Any) -> Decimal:
    """The letter's progress in percent (one decimal), from ``with_progress``'s annotations."""
    if not getattr(letter, "weight_sum", None):
        return Decimal("0")
    value = Decimal(letter.weighted or 0) / Decimal(letter.weight_sum)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def letter_list(*, actor: Any, year: int | None = None) -> QuerySet[CommitmentLetter]:
    qs = CommitmentLetter.objects.filter(scoping.scope_q(actor, "commitments.view"))
    if year:
        qs = qs.filter(year=year)
    return with_progress(qs.select_related("organization")).order_by("-year", "organization__path")


def letter_years(*, actor: Any) -> list[int]:
    return list(
        CommitmentLetter.objects.filter(scoping.scope_q(actor, "commitments.view"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def letter_get(*, actor: Any, pk: Any) -> CommitmentLetter:
    return scoping.get_scoped_or_404(
        with_progress(
            CommitmentLetter.objects.filter(scoping.scope_q(actor, "commitments.view"))
        ).select_related("organization", "published_by"),
        pk=pk,
    )


def letter_items(letter: CommitmentLetter) -> list[CommitmentItem]:
    """The letter's current items with milestones, updates and evidence (four queries)."""
    return list(
        letter.items.filter(removed_at__isnull=True)
        .order_by("number")
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "id")),
            Prefetch(
                "updates",
                queryset=ProgressUpdate.objects.order_by("-reported_on", "-id").prefetch_related(
                    "evidence"
                ),
            ),
        )
    )


def item_get(*, actor: Any, pk: Any) -> CommitmentItem:
    return scoping.get_scoped_or_404(
        CommitmentItem.objects.filter(
            scoping.scope_q(actor, "commitments.view", field="letter__organization"),
            removed_at__isnull=True,
        ).select_related("letter__organization", "reviewed_by"),
        pk=pk,
    )


def milestone_get(*, actor: Any, pk: Any) -> Milestone:
    return scoping.get_scoped_or_404(
        Milestone.objects.filter(
            scoping.scope_q(actor, "commitments.view", field="item__letter__organization")
        ).select_related("item__letter__organization"),
        pk=pk,
    )


def evidence_get(*, actor: Any, pk: Any) -> Evidence:
    return scoping.get_scoped_or_404(
        Evidence.objects.filter(
            scoping.scope_q(actor, "commitments.view", field="update__item__letter__organization")
        ),
        pk=pk,
    )


def revisions(letter: CommitmentLetter) -> QuerySet[LetterRevision]:
    return letter.revisions.order_by("-at", "-id")


# --- public (no login) ------------------------------------------------------------------


def public_letters(
    *, year: int | None = None, organization: Any = None
) -> QuerySet[CommitmentLetter]:
    qs = CommitmentLetter.objects.filter(status__in=PUBLIC_STATUSES)
    if year:
        qs = qs.filter(year=year)
    if organization is not None:
        qs = qs.filter(organization__path__subtree=organization.path)
    return with_progress(qs.select_related("organization")).order_by("-year", "organization__path")


def public_years() -> list[int]:
    return list(
        CommitmentLetter.objects.filter(status__in=PUBLIC_STATUSES)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def public_letter_get(*, pk: Any) -> CommitmentLetter:
    return scoping.get_scoped_or_404(
        with_progress(CommitmentLetter.objects.filter(status__in=PUBLIC_STATUSES)).select_related(
            "organization"
        ),
        pk=pk,
    )


def public_evidence_get(*, pk: Any) -> Evidence:
    return scoping.get_scoped_or_404(
        Evidence.objects.filter(
            update__item__letter__status__in=PUBLIC_STATUSES, update__item__removed_at__isnull=True
        ),
        pk=pk,
    )


def public_organization(*, pk: Any) -> Any:
    """An organization that has made public commitments (404 otherwise)."""
    from grassroots.orgs.models import Organization

    return scoping.get_scoped_or_404(
        Organization.objects.filter(commitment_letters__status__in=PUBLIC_STATUSES).distinct(),
        pk=pk,
    )


def overview(letters: list[CommitmentLetter]) -> dict[str, Any]:
    """Totals over already-annotated letters (no query)."""
    items = fulfilled = weighted = weights = 0
    for letter in letters:
        items += int(getattr(letter, "item_count", 0))
        fulfilled += int(getattr(letter, "fulfilled_count", 0))
        weighted += int(getattr(letter, "weighted", 0) or 0)
        weights += int(getattr(letter, "weight_sum", 0) or 0)
    progress = (
        (Decimal(weighted) / Decimal(weights)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if weights
        else Decimal("0")
    )
    return {"letters": len(letters), "items": items, "fulfilled": fulfilled, "progress": progress}
