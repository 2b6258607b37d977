from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from grassroots.accounts.scope import current_scope
from grassroots.core import scoping
from grassroots.core.types import AuthedRequest
from grassroots.orgs import selectors as org_selectors
from grassroots.orgs.models import OrgKind


@login_required
@require_GET
def dashboard(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, "stats.view")
    scope = current_scope(request)
    org = org_selectors.org_get(actor=request.user, pk=scope.organization_id) if scope else None
    counts = org_selectors.org_subtree_counts(org=org) if org else {}
    from grassroots.members.selectors import active_member_count

    return render(
        request,
        "stats/dashboard.html",
        {
            "org": org,
            "kind_counts": [(OrgKind(k).label, n) for k, n in sorted(counts.items())],
            "member_count": active_member_count(org) if org else 0,
        },
    )
