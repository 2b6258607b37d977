"""The platform's URLs plus the floor views the benchmarks compare pages with."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from grassroots.urls import urlpatterns as platform_urlpatterns

# The plan the page chose for its main query (``walk_order_index``), set by the benchmark
# before it times the floor, so that both run the same SQL.
FLOOR_PLAN: dict[str, bool] = {"walk_order": False}


@login_required
def members_floor(request: HttpRequest) -> HttpResponse:
    """The member list's single main query (same filter, same plan, same LIMIT), 50 rows
    as plain text."""
    from grassroots.members.selectors import LIST_FIELDS, member_list

    rows = member_list(actor=request.user, walk_order=FLOOR_PLAN["walk_order"]).only(*LIST_FIELDS)[
        :50
    ]
    return HttpResponse(
        "\n".join(f"{m.name}\t{m.organization.name}\t{m.status}" for m in rows),
        content_type="text/plain; charset=utf-8",
    )


urlpatterns = [
    *platform_urlpatterns,
    path("bench/floor/members/", members_floor, name="bench_members_floor"),
]
