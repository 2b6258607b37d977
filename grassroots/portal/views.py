"""Public pages: no login. Notices, commitments and appraisal results are published here."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import sections


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/home.html",
        {
            "county_name": settings.GRASSROOTS["COUNTY_NAME"],
            "sections": sections.render_all(request),
        },
    )
