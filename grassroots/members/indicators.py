"""Statistics of the member registry (双联双管: remote chambers and mobile members)."""

from __future__ import annotations

from django.db.models import Q

from grassroots.orgs.models import Organization, OrgKind, Sector
from grassroots.stats.registry import Period, indicator

from .models import ACTIVE_STATUSES, Member


def _existing(scope: Organization, period: Period) -> Q:
    """Organizations in the scope's subtree that existed at some time in the period."""
    return (
        Q(path__subtree=scope.path)
        & (Q(founded_on__isnull=True) | Q(founded_on__lte=period.end))
        & (Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=period.start))
    )


@indicator("mobile.remote_general_branches")
def remote_general_branches(scope: Organization, period: Period) -> int:
    """General branches (党总支) set up in remote chambers of commerce (异地商会)."""
    return Organization.objects.filter(
        _existing(scope, period), sector=Sector.REMOTE_CHAMBER, kind=OrgKind.GENERAL_BRANCH
    ).count()


@indicator("mobile.remote_branches")
def remote_branches(scope: Organization, period: Period) -> int:
    """Branches (党支部) in remote chambers of commerce."""
    return Organization.objects.filter(
        _existing(scope, period),
        sector=Sector.REMOTE_CHAMBER,
        kind__in=[OrgKind.BRANCH, OrgKind.JOINT_BRANCH],
    ).count()


@indicator("mobile.members_managed")
def members_managed(scope: Organization, period: Period) -> int:
    """Mobile members (流动党员) managed by a remote-chamber organization in the scope as
    of the end of the period: members by then (joined on or before it), gone out by then,
    and still in good standing then (in good standing now, or left only after it)."""
    end = period.end
    in_standing = Q(status__in=ACTIVE_STATUSES) | Q(status_changed_on__gt=end)
    return (
        Member.objects.filter(
            managing_organization__path__subtree=scope.path,
            managing_organization__sector=Sector.REMOTE_CHAMBER,
        )
        .filter(in_standing)
        .filter(Q(joined_on__isnull=True) | Q(joined_on__lte=end))
        .filter(Q(mobile_since__isnull=True) | Q(mobile_since__lte=end))
        .count()
    )
