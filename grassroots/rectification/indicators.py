"""Rectification indicators ("五抓五治"), computed from cases and their action records for
any organization subtree and period.

Each is an aggregate indicator (:func:`grassroots.stats.registry.aggregate_indicator`):
the action indicators are computed together in one query over the action records, and a
drill-down over every child organization is one ``GROUP BY`` query."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from grassroots.orgs.models import Sector
from grassroots.stats.registry import Period, aggregate_indicator

from .models import MARKED_WEAK, Action, ActionKind, CaseStatus, RectificationCase

_CASES: dict[str, Any] = {"model": RectificationCase}
_ACTIONS: dict[str, Any] = {"model": Action, "path_field": "case__organization__path"}


@aggregate_indicator("rectification.weak_villages", **_CASES)
def weak_villages(period: Period) -> Any:
    """Village organizations in the subtree that the county marked weak (approved cases)
    for a year within the period."""
    return Count(
        "organization_id",
        distinct=True,
        filter=Q(
            organization__sector=Sector.VILLAGE,
            status__in=MARKED_WEAK,
            year__gte=period.start.year,
            year__lte=period.end.year,
        ),
    )


def _of_kind(kind: str, period: Period) -> Q:
    return Q(kind=kind, occurred_on__gte=period.start, occurred_on__lte=period.end)


def _register_count(key: str, kind: str) -> None:
    def expression(period: Period) -> Any:
        return Count("pk", filter=_of_kind(kind, period))

    expression.__doc__ = (
        f"Records of “{ActionKind(kind).label}” dated within the period, in the subtree."
    )
    expression.__qualname__ = expression.__name__ = key.split(".")[1]
    aggregate_indicator(key, **_ACTIONS)(expression)


def _register_sum(key: str, kind: str, **labels: str) -> None:
    def expression(period: Period) -> Any:
        return Sum("amount_yuan", filter=_of_kind(kind, period), default=Decimal("0"))

    expression.__doc__ = (
        f"Sum of “{ActionKind(kind).label}” records dated within the period (yuan)."
    )
    expression.__qualname__ = expression.__name__ = key.split(".")[1]
    aggregate_indicator(key, **_ACTIONS, **labels)(expression)


# Each record is one person, meeting, issue, project, session, payment or rule.
COUNTED = {
    "rectification.committee_members_adjusted": ActionKind.COMMITTEE_MEMBER_ADJUSTED,
    "rectification.secretaries_adjusted": ActionKind.SECRETARY_ADJUSTED,
    "rectification.reserve_cadres_trained": ActionKind.RESERVE_CADRE,
    "rectification.coordination_meetings": ActionKind.COORDINATION_MEETING,
    "rectification.disputes_resolved": ActionKind.DISPUTE_RESOLVED,
    "rectification.legacy_issues_resolved": ActionKind.LEGACY_ISSUE,
    "rectification.hot_issues_resolved": ActionKind.HOT_ISSUE,
    "rectification.good_deeds": ActionKind.GOOD_DEED,
    "rectification.collective_projects": ActionKind.COLLECTIVE_PROJECT,
    "rectification.skills_trainings": ActionKind.SKILLS_TRAINING,
    "rectification.rules_established": ActionKind.RULE_ESTABLISHED,
}
SUMMED = {
    "rectification.aid_funds_yuan": ActionKind.AID_FUNDS,
    "rectification.aid_goods_yuan": ActionKind.AID_GOODS,
}

for _key, _kind in COUNTED.items():
    _register_count(_key, _kind)

for _key, _kind in SUMMED.items():
    _register_sum(_key, _kind)

_register_sum(
    "rectification.service_centre_subsidy_yuan",
    ActionKind.SERVICE_CENTRE_SUBSIDY,
    zh="软弱涣散党组织服务中心以奖代补",
    en="Service-centre subsidies to weak organizations",
    unit="元",
    definition="Service-centre subsidies (3万–7万元 each) paid within the period, in the subtree.",
)


@aggregate_indicator(
    "rectification.rectified",
    zh="软弱涣散党组织整顿转化",
    en="Weak organizations rectified (passed acceptance)",
    unit="个",
    **_CASES,
)
def rectified(period: Period) -> Any:
    """Cases in the subtree that passed the acceptance review within the period."""
    return Count(
        "pk",
        filter=Q(
            status=CaseStatus.RECTIFIED,
            reviewed_on__gte=period.start,
            reviewed_on__lte=period.end,
        ),
    )
