"""Contact-point and leadership-work indicators, computed from the records for any
organization subtree and period."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum

from grassroots.stats.registry import Period, indicator

from .models import (
    ContactPoint,
    FundIntegration,
    LeaderLevel,
    LeadershipMeeting,
    MeetingKind,
    Problem,
    Visit,
)


def _points(scope: Any, period: Period) -> Any:
    """Points in the subtree that were open at some time during the period."""
    return ContactPoint.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=period.start),
        organization__path__subtree=scope.path,
        started_on__lte=period.end,
    )


@indicator("liaison.county_leader_points")
def county_leader_points(scope: Any, period: Period) -> int:
    """County-level leaders' contact points in the subtree that were open during the period."""
    return _points(scope, period).filter(leader_level=LeaderLevel.COUNTY).count()


@indicator("liaison.other_level_points")
def other_level_points(scope: Any, period: Period) -> int:
    """Contact points of township and other leaders open during the period."""
    return _points(scope, period).exclude(leader_level=LeaderLevel.COUNTY).count()


@indicator("liaison.problems_solved")
def problems_solved(scope: Any, period: Period) -> int:
    """Problems raised at contact points in the subtree and resolved within the period."""
    return Problem.objects.filter(
        contact_point__organization__path__subtree=scope.path,
        resolved_on__gte=period.start,
        resolved_on__lte=period.end,
    ).count()


def _visits(scope: Any, period: Period) -> Any:
    return Visit.objects.filter(
        contact_point__organization__path__subtree=scope.path,
        visited_on__gte=period.start,
        visited_on__lte=period.end,
    )


@indicator("liaison.aid_funds_yuan")
def aid_funds_yuan(scope: Any, period: Period) -> Decimal:
    """Aid funds brought on visits to contact points in the subtree during the period."""
    total = _visits(scope, period).aggregate(s=Sum("aid_funds_yuan"))["s"]
    return total or Decimal("0")


@indicator("liaison.disputes_mediated")
def disputes_mediated(scope: Any, period: Period) -> int:
    """Disputes mediated on visits to contact points in the subtree during the period."""
    return _visits(scope, period).aggregate(s=Sum("disputes_mediated"))["s"] or 0


@indicator(
    "liaison.aid_goods_yuan",
    zh="联系点帮扶物资折价",
    en="Aid goods brought to contact points (value)",
    unit="元",
)
def aid_goods_yuan(scope: Any, period: Period) -> Decimal:
    """Value of aid goods brought on visits to contact points in the subtree during the period."""
    total = _visits(scope, period).aggregate(s=Sum("aid_goods_yuan"))["s"]
    return total or Decimal("0")


@indicator("liaison.visits", zh="联系点走访", en="Visits to contact points", unit="次")
def visits(scope: Any, period: Period) -> int:
    """Visits logged at contact points in the subtree during the period."""
    return _visits(scope, period).count()


def _meetings(scope: Any, period: Period, kind: str) -> int:
    return LeadershipMeeting.objects.filter(
        organization__path__subtree=scope.path,
        kind=kind,
        held_on__gte=period.start,
        held_on__lte=period.end,
    ).count()


@indicator("leadership.standing_committee_sessions")
def standing_committee_sessions(scope: Any, period: Period) -> int:
    """County standing-committee sessions on grassroots party building held in the period."""
    return _meetings(scope, period, MeetingKind.STANDING_COMMITTEE)


@indicator("leadership.symposiums")
def symposiums(scope: Any, period: Period) -> int:
    """Sector symposiums on party building held by the county committee in the period."""
    return _meetings(scope, period, MeetingKind.SYMPOSIUM)


@indicator("funds.party_building_integrated_yuan")
def party_building_integrated_yuan(scope: Any, period: Period) -> Decimal:
    """Party-building funds integrated and put in place (all sources) within the period."""
    total = FundIntegration.objects.filter(
        organization__path__subtree=scope.path,
        allocated_on__gte=period.start,
        allocated_on__lte=period.end,
    ).aggregate(s=Sum("amount_yuan"))["s"]
    return total or Decimal("0")
