"""The platform's URLs plus the floor views the benchmarks compare pages with."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from grassroots.urls import urlpatterns as platform_urlpatterns


@login_required
def members_floor(request: HttpRequest) -> HttpResponse:
    """The member list's main query (same filter, same LIMIT), 50 rows as plain text."""
    from grassroots.members.selectors import member_list_page

    rows = member_list_page(actor=request.user)[:50]
    return HttpResponse(
        "\n".join(f"{m.name}\t{m.organization.name}\t{m.status}" for m in rows),
        content_type="text/plain; charset=utf-8",
    )


urlpatterns = [
    *platform_urlpatterns,
    path("bench/floor/members/", members_floor, name="bench_members_floor"),
]
