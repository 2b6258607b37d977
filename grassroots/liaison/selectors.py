"""Reads of contact points and leadership work, always within the actor's scope.

Two scoping rules meet here: committees, branches and auditors see every point in their
subtree (``liaison.view``); a leader sees only the points they lead themselves, and only
inside the subtree of their leader role (``liaison.own``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from grassroots.core import scoping

from .models import ContactPoint, FundIntegration, LeadershipMeeting, Problem, Visit


def point_scope_q(actor: Any, prefix: str = "") -> Q:
    """Points the actor may see; ``prefix`` is the path from the queried model to the point."""
    org_field = f"{prefix}organization"
    own = scoping.scope_q(actor, "liaison.own", field=org_field) & Q(
        **{f"{prefix}leader_id": getattr(actor, "pk", None)}
    )
    return scoping.scope_q(actor, "liaison.view", field=org_field) | own


def contact_point_list(
    *, actor: Any, level: str = "", active: bool | None = None, query: str = ""
) -> QuerySet[ContactPoint]:
    qs = ContactPoint.objects.filter(point_scope_q(actor)).select_related("leader", "organization")
    if level:
        qs = qs.filter(leader_level=level)
    if active is True:
        qs = qs.filter(ended_on__isnull=True)
    elif active is False:
        qs = qs.filter(ended_on__isnull=False)
    if query:
        qs = qs.filter(
            Q(organization__name__contains=query)
            | Q(leader__full_name__contains=query)
            | Q(leader_post__contains=query)
        )
    return qs.annotate(
        visit_count=Count("visits", distinct=True),
        open_problems=Count(
            "problems", filter=Q(problems__resolved_on__isnull=True), distinct=True
        ),
    ).order_by("-started_on", "-id")


def contact_point_get(*, actor: Any, pk: Any) -> ContactPoint:
    return scoping.get_scoped_or_404(
        ContactPoint.objects.filter(point_scope_q(actor)).select_related(
            "leader", "organization", "created_by"
        ),
        pk=pk,
    )


def point_totals(point: ContactPoint) -> dict[str, Any]:
    """Aid, disputes and problems of one point (two queries)."""
    visits = point.visits.aggregate(
        n=Count("id"),
        funds=Sum("aid_funds_yuan"),
        goods=Sum("aid_goods_yuan"),
        disputes=Sum("disputes_mediated"),
    )
    problems = point.problems.aggregate(
        raised=Count("id"), solved=Count("id", filter=Q(resolved_on__isnull=False))
    )
    return {**visits, **problems}


def visit_list(*, actor: Any, point: ContactPoint | None = None) -> QuerySet[Visit]:
    qs = Visit.objects.filter(point_scope_q(actor, "contact_point__")).select_related(
        "contact_point__organization", "contact_point__leader", "logged_by"
    )
    if point is not None:
        qs = qs.filter(contact_point=point)
    return qs.annotate(problem_count=Count("problems")).order_by("-visited_on", "-id")


def visit_get(*, actor: Any, pk: Any) -> Visit:
    return scoping.get_scoped_or_404(
        Visit.objects.filter(point_scope_q(actor, "contact_point__")).select_related(
            "contact_point__organization", "contact_point__leader", "logged_by"
        ),
        pk=pk,
    )


def problem_list(
    *, actor: Any, point: ContactPoint | None = None, resolved: bool | None = None
) -> QuerySet[Problem]:
    qs = Problem.objects.filter(point_scope_q(actor, "contact_point__")).select_related(
        "contact_point__organization", "contact_point__leader"
    )
    if point is not None:
        qs = qs.filter(contact_point=point)
    if resolved is True:
        qs = qs.filter(resolved_on__isnull=False)
    elif resolved is False:
        qs = qs.filter(resolved_on__isnull=True)
    return qs.order_by("-raised_on", "-id")


def problem_get(*, actor: Any, pk: Any) -> Problem:
    return scoping.get_scoped_or_404(
        Problem.objects.filter(point_scope_q(actor, "contact_point__")).select_related(
            "contact_point__organization", "contact_point__leader", "visit"
        ),
        pk=pk,
    )


def meeting_list(*, actor: Any, kind: str = "") -> QuerySet[LeadershipMeeting]:
    qs = LeadershipMeeting.objects.filter(
        scoping.scope_q(actor, "liaison.leadership_view")
    ).select_related("organization")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.annotate(fund_count=Count("funds")).order_by("-held_on", "-id")


def meeting_get(*, actor: Any, pk: Any) -> LeadershipMeeting:
    return scoping.get_scoped_or_404(
        LeadershipMeeting.objects.filter(
            scoping.scope_q(actor, "liaison.leadership_view")
        ).select_related("organization", "created_by"),
        pk=pk,
    )


def fund_list(*, actor: Any) -> QuerySet[FundIntegration]:
    return (
        FundIntegration.objects.filter(scoping.scope_q(actor, "liaison.leadership_view"))
        .select_related("organization", "meeting")
        .order_by("-allocated_on", "-id")
    )


def fund_get(*, actor: Any, pk: Any) -> FundIntegration:
    return scoping.get_scoped_or_404(
        FundIntegration.objects.filter(
            scoping.scope_q(actor, "liaison.leadership_view")
        ).select_related("organization", "meeting", "created_by"),
        pk=pk,
    )


def leadership_committees(*, actor: Any) -> QuerySet[Any]:
    """County committees where the actor records leadership work."""
    from grassroots.orgs.models import Organization, OrgKind

    return Organization.objects.filter(
        scoping.scope_q(actor, "liaison.leadership_manage", field=""),
        kind=OrgKind.COUNTY_COMMITTEE,
        dissolved_on__isnull=True,
    ).order_by("path")


def leader_choices(*, actor: Any, permission: str = "liaison.manage") -> QuerySet[Any]:
    """Users holding a leader role on an organization within the actor's scope for
    ``permission``, or above it (a county leader may take a point in a township)."""
    from grassroots.accounts.models import RoleAssignment, User
    from grassroots.core.roles import Role
    from grassroots.orgs.models import Organization

    step = Organization.steplen
    paths = scoping.scope_paths(actor, permission)
    cond = scoping.paths_q(paths)
    for path in paths:
        ancestors = [path[:i] for i in range(step, len(path), step)]
        if ancestors:
            cond |= Q(organization__path__in=ancestors)
    user_ids = RoleAssignment.objects.filter(
        cond, role=Role.LEADER, revoked_at__isnull=True
    ).values("user_id")
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by("full_name", "username")
