"""Public pages (no login): the county overview, each organization's letters, a letter with
its progress, evidence, explanatory notes, review results and version history."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors
from .models import NOTICE_PURPOSE
from .views import evidence_response


def _year(request: HttpRequest, years: list[int]) -> int | None:
    value = request.GET.get("year", "")
    if value.isdigit() and int(value) in years:
        return int(value)
    return years[0] if years else None


@require_GET
def public_overview(request: HttpRequest) -> HttpResponse:
    years = selectors.public_years()
    year = _year(request, years)
    letters = list(selectors.public_letters(year=year)) if year else []
    return render(
        request,
        "commitments/public_overview.html",
        {
            "county_name": settings.GRASSROOTS["COUNTY_NAME"],
            "year": year,
            "years": years,
            "letters": letters,
            "totals": selectors.overview(letters),
        },
    )


@require_GET
def public_organization(request: HttpRequest, org_id: int) -> HttpResponse:
    org = selectors.public_organization(pk=org_id)
    letters = list(selectors.public_letters(organization=org))
    return render(
        request,
        "commitments/public_organization.html",
        {"org": org, "letters": letters, "totals": selectors.overview(letters)},
    )


@require_GET
def public_letter(request: HttpRequest, pk: int) -> HttpResponse:
    from grassroots.notices.selectors import latest_notice

    letter = selectors.public_letter_get(pk=pk)
    return render(
        request,
        "commitments/public_letter.html",
        {
            "letter": letter,
            "items": selectors.letter_items(letter),
            "notice": latest_notice(letter, purpose=NOTICE_PURPOSE),
            "revisions": list(selectors.revisions(letter)),
        },
    )


@require_GET
def public_evidence(request: HttpRequest, pk: int) -> FileResponse:
    return evidence_response(selectors.public_evidence_get(pk=pk))
