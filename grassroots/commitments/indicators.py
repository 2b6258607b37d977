"""Public-commitment indicators, computed from the letters and items for any subtree and
period (a letter belongs to the calendar year it commits for)."""

from __future__ import annotations

from typing import Any

from grassroots.stats.registry import Period, indicator

from .models import PUBLIC_STATUSES, CommitmentItem, CommitmentLetter, ReviewResult


def _items(scope: Any, period: Period) -> Any:
    return CommitmentItem.objects.filter(
        letter__organization__path__subtree=scope.path,
        letter__status__in=PUBLIC_STATUSES,
        letter__year__gte=period.start.year,
        letter__year__lte=period.end.year,
        removed_at__isnull=True,
    )


@indicator("commitments.items")
def items(scope: Any, period: Period) -> int:
    """Items of the public commitment letters for the period's year(s), in the subtree."""
    return int(_items(scope, period).count())


@indicator("commitments.fulfilled")
def fulfilled(scope: Any, period: Period) -> int:
    """Of those items, the ones the level above reviewed as fulfilled by the period's end."""
    return int(
        _items(scope, period)
        .filter(review_result=ReviewResult.FULFILLED, reviewed_on__lte=period.end)
        .count()
    )


@indicator(
    "commitments.letters",
    zh="党组织书记公开承诺书",
    en="Public commitment letters of party secretaries",
    unit="份",
)
def letters(scope: Any, period: Period) -> int:
    """Commitment letters made public for the period's year(s), in the subtree."""
    return CommitmentLetter.objects.filter(
        organization__path__subtree=scope.path,
        status__in=PUBLIC_STATUSES,
        year__gte=period.start.year,
        year__lte=period.end.year,
    ).count()


@indicator(
    "commitments.not_fulfilled",
    zh="未落实承诺事项",
    en="Commitment items reviewed as not fulfilled",
    unit="项",
)
def not_fulfilled(scope: Any, period: Period) -> int:
    """Items reviewed as not fulfilled by the period's end (each with a public note)."""
    return int(
        _items(scope, period)
        .filter(review_result=ReviewResult.NOT_FULFILLED, reviewed_on__lte=period.end)
        .count()
    )
