"""Test helpers for the modules' indicator tests: drill down over a committee's children
and count the queries it takes."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from grassroots.orgs.models import Organization, OrgKind, Sector
from grassroots.orgs.services import organization_create

from .engine import compute_children
from .registry import Period


def drill_down(key: str, parent: Organization, period: Period) -> tuple[dict[str, Any], int, list]:
    """``key``'s value for each child of ``parent`` as the dashboard computes it, the
    number of queries that took, and the children."""
    parent = Organization.objects.get(pk=parent.pk)
    children = list(Organization.objects.get_children(parent))
    with CaptureQueriesContext(connection) as ctx:
        values = compute_children(key, parent, period, children)
    return values, len(ctx.captured_queries), children


def add_village_branches(
    actor: Any, parent: Organization, count: int, start: int = 0
) -> list[tuple[int, Organization]]:
    """``count`` new village branches under ``parent``, numbered from ``start``."""
    return [
        (
            i,
            organization_create(
                actor=actor,
                parent=parent,
                name=f"甲镇新{i}村党支部",
                code=f"TAN{i}",
                kind=OrgKind.BRANCH,
                sector=Sector.VILLAGE,
            ),
        )
        for i in range(start, start + count)
    ]
