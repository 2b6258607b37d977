"""Reads of rectification cases, always within the actor's scope."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum

from grassroots.core import scoping

from .models import KIND_HEADING, Action, ActionKind, Heading, RectificationCase


def case_list(
    *, actor: Any, year: int | None = None, status: str = ""
) -> QuerySet[RectificationCase]:
    qs = RectificationCase.objects.filter(scoping.scope_q(actor, "rectification.view"))
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return (
        qs.select_related("organization", "leader")
        .annotate(action_count=Count("actions"))
        .order_by("-year", "organization__path")
    )


def case_get(*, actor: Any, pk: Any) -> RectificationCase:
    return scoping.get_scoped_or_404(
        RectificationCase.objects.filter(
            scoping.scope_q(actor, "rectification.view")
        ).select_related(
            "organization",
            "leader",
            "proposed_by",
            "decided_by",
            "reviewed_by",
            "carried_from",
        ),
        pk=pk,
    )


def case_years(*, actor: Any) -> list[int]:
    return list(
        RectificationCase.objects.filter(scoping.scope_q(actor, "rectification.view"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def action_get(*, actor: Any, pk: Any) -> Action:
    return scoping.get_scoped_or_404(
        Action.objects.filter(
            scoping.scope_q(actor, "rectification.view", field="case__organization")
        ).select_related("case__organization"),
        pk=pk,
    )


def case_actions_by_heading(case: RectificationCase) -> list[dict[str, Any]]:
    """The case's actions under the five headings, with counts and sums per kind (one query)."""
    actions = list(case.actions.select_related("recorded_by").order_by("occurred_on", "id"))
    groups: dict[str, dict[str, Any]] = {
        h: {"heading": h, "label": label, "actions": [], "kinds": {}}
        for h, label in Heading.choices
    }
    for a in actions:
        group = groups[a.heading]
        group["actions"].append(a)
        kind = group["kinds"].setdefault(
            a.kind, {"label": ActionKind(a.kind).label, "count": 0, "amount": Decimal("0")}
        )
        kind["count"] += 1
        kind["amount"] += a.amount_yuan or 0
    return list(groups.values())


def kinds_of(heading: str) -> list[tuple[str, Any]]:
    return [(k, ActionKind(k).label) for k, h in KIND_HEADING.items() if h == heading]


def year_summary(*, actor: Any, year: int) -> dict[str, Any]:
    """Counts of cases by status and of actions by kind for a year, in scope (two queries)."""
    cases = RectificationCase.objects.filter(
        scoping.scope_q(actor, "rectification.view"), year=year
    ).order_by()
    by_status = dict(cases.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    actions = (
        Action.objects.filter(
            scoping.scope_q(actor, "rectification.view", field="case__organization"),
            case__year=year,
        )
        .values("kind")
        .annotate(n=Count("id"), amount=Sum("amount_yuan"))
    )
    return {"by_status": by_status, "by_kind": {a["kind"]: a for a in actions}}


def county_leader_choices(*, actor: Any) -> QuerySet[Any]:
    """Leaders the actor may assign to a case: users holding an active leader role on a
    county committee the actor decides for (county-level leaders, 县级领导干部)."""
    from grassroots.accounts.models import RoleAssignment, User
    from grassroots.core.roles import Role
    from grassroots.orgs.models import OrgKind

    user_ids = RoleAssignment.objects.filter(
        scoping.scope_q(actor, "rectification.approve"),
        role=Role.LEADER,
        revoked_at__isnull=True,
        organization__kind=OrgKind.COUNTY_COMMITTEE,
    ).values("user_id")
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by("full_name", "username")
