"""Rectification indicators ("五抓五治"), computed from cases and their action records for
any organization subtree and period."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Sum

from grassroots.orgs.models import Sector
from grassroots.stats.registry import Period, indicator

from .models import MARKED_WEAK, Action, ActionKind, CaseStatus, RectificationCase


@indicator("rectification.weak_villages")
def weak_villages(scope: Any, period: Period) -> int:
    """Village organizations in the subtree that the county marked weak (approved cases)
    for a year within the period."""
    return (
        RectificationCase.objects.filter(
            organization__path__subtree=scope.path,
            organization__sector=Sector.VILLAGE,
            status__in=MARKED_WEAK,
            year__gte=period.start.year,
            year__lte=period.end.year,
        )
        .values("organization_id")
        .distinct()
        .count()
    )


def _actions(scope: Any, period: Period, kind: str) -> Any:
    return Action.objects.filter(
        case__organization__path__subtree=scope.path,
        kind=kind,
        occurred_on__gte=period.start,
        occurred_on__lte=period.end,
    )


def _count(kind: str) -> Any:
    def fn(scope: Any, period: Period) -> int:
        return int(_actions(scope, period, kind).count())

    return fn


def _sum(kind: str) -> Any:
    def fn(scope: Any, period: Period) -> Decimal:
        return _actions(scope, period, kind).aggregate(s=Sum("amount_yuan"))["s"] or Decimal("0")

    return fn


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
    _fn = _count(_kind)
    _fn.__doc__ = f"Records of “{ActionKind(_kind).label}” dated within the period, in the subtree."
    _fn.__qualname__ = _fn.__name__ = _key.split(".")[1]
    indicator(_key)(_fn)

for _key, _kind in SUMMED.items():
    _fn = _sum(_kind)
    _fn.__doc__ = f"Sum of “{ActionKind(_kind).label}” records dated within the period (yuan)."
    _fn.__qualname__ = _fn.__name__ = _key.split(".")[1]
    indicator(_key)(_fn)


@indicator(
    "rectification.service_centre_subsidy_yuan",
    zh="软弱涣散党组织服务中心以奖代补",
    en="Service-centre subsidies to weak organizations",
    unit="元",
)
def service_centre_subsidy_yuan(scope: Any, period: Period) -> Decimal:
    """Service-centre subsidies (3万–7万元 each) paid within the period, in the subtree."""
    return _sum(ActionKind.SERVICE_CENTRE_SUBSIDY)(scope, period)  # type: ignore[no-any-return]


@indicator(
    "rectification.rectified",
    zh="软弱涣散党组织整顿转化",
    en="Weak organizations rectified (passed acceptance)",
    unit="个",
)
def rectified(scope: Any, period: Period) -> int:
    """Cases in the subtree that passed the acceptance review within the period."""
    return RectificationCase.objects.filter(
        organization__path__subtree=scope.path,
        status=CaseStatus.RECTIFIED,
        reviewed_on__gte=period.start,
        reviewed_on__lte=period.end,
    ).count()
