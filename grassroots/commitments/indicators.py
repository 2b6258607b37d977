"""Public-commitment indicators, computed from the letters and items for any subtree and
period (a letter belongs to the calendar year it commits for).

Each is an aggregate indicator (:func:`grassroots.stats.registry.aggregate_indicator`):
the item indicators are computed together in one query, and a drill-down over every
child organization is one ``GROUP BY`` query."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from grassroots.stats.registry import Period, aggregate_indicator

from .models import PUBLIC_STATUSES, CommitmentItem, CommitmentLetter, ReviewResult

_ITEMS: dict[str, Any] = {"model": CommitmentItem, "path_field": "letter__organization__path"}


def _public_item(period: Period) -> Q:
    """Items (not removed) of the public letters for the period's year(s)."""
    return Q(
        letter__status__in=PUBLIC_STATUSES,
        letter__year__gte=period.start.year,
        letter__year__lte=period.end.year,
        removed_at__isnull=True,
    )


def _reviewed(period: Period, result: str) -> Q:
    return _public_item(period) & Q(review_result=result, reviewed_on__lte=period.end)


@aggregate_indicator("commitments.items", **_ITEMS)
def items(period: Period) -> Any:
    """Items of the public commitment letters for the period's year(s), in the subtree."""
    return Count("pk", filter=_public_item(period))


@aggregate_indicator("commitments.fulfilled", **_ITEMS)
def fulfilled(period: Period) -> Any:
    """Of those items, the ones the level above reviewed as fulfilled by the period's end."""
    return Count("pk", filter=_reviewed(period, ReviewResult.FULFILLED))


@aggregate_indicator(
    "commitments.letters",
    model=CommitmentLetter,
    zh="党组织书记公开承诺书",
    en="Public commitment letters of party secretaries",
    unit="份",
)
def letters(period: Period) -> Any:
    """Commitment letters made public for the period's year(s), in the subtree."""
    return Count(
        "pk",
        filter=Q(
            status__in=PUBLIC_STATUSES,
            year__gte=period.start.year,
            year__lte=period.end.year,
        ),
    )


@aggregate_indicator(
    "commitments.not_fulfilled",
    zh="未落实承诺事项",
    en="Commitment items reviewed as not fulfilled",
    unit="项",
    **_ITEMS,
)
def not_fulfilled(period: Period) -> Any:
    """Items reviewed as not fulfilled by the period's end (each with a public note)."""
    return Count("pk", filter=_reviewed(period, ReviewResult.NOT_FULFILLED))
