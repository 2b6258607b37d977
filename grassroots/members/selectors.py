"""Reads of the member registry, always within the actor's scope."""

from __future__ import annotations

from grassroots.orgs.models import Organization

from .models import ACTIVE_STATUSES, Member


def active_member_count(org: Organization) -> int:
    """Members in good standing in ``org``'s subtree."""
    return Member.objects.filter(
        organization__path__subtree=org.path, status__in=ACTIVE_STATUSES
    ).count()
