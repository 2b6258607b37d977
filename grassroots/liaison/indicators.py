"""Contact-point and leadership-work indicators, computed from the records for any
organization subtree and period.

Each is an aggregate indicator (:func:`grassroots.stats.registry.aggregate_indicator`):
one ``Count``/``Sum`` over one model in the scope's subtree, so a dashboard computes the
indicators over one model in one query and a drill-down over every child organization
in one ``GROUP BY`` query."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from grassroots.stats.registry import Period, aggregate_indicator

from .models import (
    ContactPoint,
    FundIntegration,
    LeaderLevel,
    LeadershipMeeting,
    MeetingKind,
    Problem,
    Visit,
)

ZERO = Decimal("0")


def _open_during(period: Period) -> Q:
    """Points that were open at some time during the period."""
    return Q(started_on__lte=period.end) & (
        Q(ended_on__isnull=True) | Q(ended_on__gte=period.start)
    )


@aggregate_indicator("liaison.county_leader_points", model=ContactPoint)
def county_leader_points(period: Period) -> Any:
    """County-level leaders' contact points in the subtree that were open during the period."""
    return Count("pk", filter=_open_during(period) & Q(leader_level=LeaderLevel.COUNTY))


@aggregate_indicator("liaison.other_level_points", model=ContactPoint)
def other_level_points(period: Period) -> Any:
    """Contact points of township and other leaders open during the period."""
    return Count("pk", filter=_open_during(period) & ~Q(leader_level=LeaderLevel.COUNTY))


@aggregate_indicator(
    "liaison.problems_solved", model=Problem, path_field="contact_point__organization__path"
)
def problems_solved(period: Period) -> Any:
    """Problems raised at contact points in the subtree and resolved within the period."""
    return Count("pk", filter=Q(resolved_on__gte=period.start, resolved_on__lte=period.end))


def _visited_in(period: Period) -> Q:
    return Q(visited_on__gte=period.start, visited_on__lte=period.end)


_VISITS: dict[str, Any] = {"model": Visit, "path_field": "contact_point__organization__path"}


@aggregate_indicator("liaison.aid_funds_yuan", **_VISITS)
def aid_funds_yuan(period: Period) -> Any:
    """Aid funds brought on visits to contact points in the subtree during the period."""
    return Sum("aid_funds_yuan", filter=_visited_in(period), default=ZERO)


@aggregate_indicator("liaison.disputes_mediated", **_VISITS)
def disputes_mediated(period: Period) -> Any:
    """Disputes mediated on visits to contact points in the subtree during the period."""
    return Sum("disputes_mediated", filter=_visited_in(period), default=0)


@aggregate_indicator(
    "liaison.aid_goods_yuan",
    zh="联系点帮扶物资折价",
    en="Aid goods brought to contact points (value)",
    unit="元",
    **_VISITS,
)
def aid_goods_yuan(period: Period) -> Any:
    """Value of aid goods brought on visits to contact points in the subtree during the period."""
    return Sum("aid_goods_yuan", filter=_visited_in(period), default=ZERO)


@aggregate_indicator(
    "liaison.visits", zh="联系点走访", en="Visits to contact points", unit="次", **_VISITS
)
def visits(period: Period) -> Any:
    """Visits logged at contact points in the subtree during the period."""
    return Count("pk", filter=_visited_in(period))


def _meetings(period: Period, kind: str) -> Any:
    return Count("pk", filter=Q(kind=kind, held_on__gte=period.start, held_on__lte=period.end))


@aggregate_indicator("leadership.standing_committee_sessions", model=LeadershipMeeting)
def standing_committee_sessions(period: Period) -> Any:
    """County standing-committee sessions on grassroots party building held in the period."""
    return _meetings(period, MeetingKind.STANDING_COMMITTEE)


@aggregate_indicator("leadership.symposiums", model=LeadershipMeeting)
def symposiums(period: Period) -> Any:
    """Sector symposiums on party building held by the county committee in the period."""
    return _meetings(period, MeetingKind.SYMPOSIUM)


@aggregate_indicator("funds.party_building_integrated_yuan", model=FundIntegration)
def party_building_integrated_yuan(period: Period) -> Any:
    """Party-building funds integrated and put in place (all sources) within the period."""
    return Sum(
        "amount_yuan",
        filter=Q(allocated_on__gte=period.start, allocated_on__lte=period.end),
        default=ZERO,
    )
