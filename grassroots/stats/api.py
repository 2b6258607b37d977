"""Statistics API: the indicator catalogue with availability, values for an organization
in scope and a year, the children behind a value, and annual-report jobs."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import reverse
from ninja import Router, Schema
from ninja.responses import Status

from grassroots.core import scoping
from grassroots.core.schemas import ErrorOut
from grassroots.core.types import ApiRequest

from . import registry as reg
from . import selectors, services
from .registry import Period
from .selectors import PERMISSION

router = Router(tags=["stats"])


class IndicatorOut(Schema):
    key: str
    zh: str
    en: str
    unit: str
    section: str
    definition: str
    available: bool
    in_catalogue: bool
    article: float | int | None = None
    match: str | None = None


class OrgRef(Schema):
    code: str
    name: str


class ValuesOut(Schema):
    year: int
    org: OrgRef
    indicators: dict[str, float | int | None]
    unavailable: list[str]


class ChildValueOut(Schema):
    org_id: int
    code: str
    name: str
    value: float | int | None


class ChildrenOut(Schema):
    key: str
    year: int
    org: OrgRef
    value: float | int | None
    children: list[ChildValueOut]


class ReportIn(Schema):
    year: int
    format: str = "docx"


class JobOut(Schema):
    job_id: int
    url: str


@router.get("/indicators", response=list[IndicatorOut], url_name="stats_indicators")
def indicator_list(request: ApiRequest) -> list[dict[str, Any]]:
    """Every indicator: the catalogue's (available or not) and the others registered."""
    scoping.require(request.auth, PERMISSION)
    registry = reg.registry()
    out = []
    for key in reg.ordered_keys():
        ind = registry.get(key)
        entry = reg.catalogue().get(key)
        out.append(
            {
                "key": key,
                "zh": ind.zh if ind else entry.zh,  # type: ignore[union-attr]
                "en": ind.en if ind else entry.en,  # type: ignore[union-attr]
                "unit": reg.unit(key),
                "section": entry.section if entry else ind.section,  # type: ignore[union-attr]
                "definition": ind.definition if ind else "",
                "available": ind is not None,
                "in_catalogue": entry is not None,
                "article": entry.article if entry else None,
                "match": entry.match if entry else None,
            }
        )
    return out


def _year(org: Any, year: int | None) -> int:
    return selectors.clean_year(year, selectors.default_year(org))


@router.get("/orgs/{org_id}/values", response=ValuesOut, url_name="stats_values")
def values(request: ApiRequest, org_id: int, year: int | None = None) -> dict[str, Any]:
    """All indicator values of the organization's subtree for the year (the annual
    report's JSON); 404 for an organization outside the caller's scope."""
    org = selectors.stats_org_get(actor=request.auth, pk=org_id)
    return selectors.report_json(org, _year(org, year))


@router.get(
    "/orgs/{org_id}/indicators/{key}/children", response=ChildrenOut, url_name="stats_children"
)
def children(request: ApiRequest, org_id: int, key: str, year: int | None = None) -> dict[str, Any]:
    """One indicator for the organization and each of its children in scope (drill-down)."""
    org = selectors.stats_org_get(actor=request.auth, pk=org_id)
    if not reg.available(key):
        raise Http404
    y = _year(org, year)
    parent, rows = selectors.drilldown(actor=request.auth, org=org, key=key, period=Period.year(y))
    return {
        "key": key,
        "year": y,
        "org": {"code": org.code, "name": org.name},
        "value": selectors.json_number(parent.value),
        "children": [
            {
                "org_id": r.org.pk,
                "code": r.org.code,
                "name": r.org.name,
                "value": selectors.json_number(r.value),
            }
            for r in rows
        ],
    }


@router.post(
    "/orgs/{org_id}/reports", response={202: JobOut, 422: ErrorOut}, url_name="stats_report_start"
)
def report_start(request: ApiRequest, org_id: int, payload: ReportIn):  # type: ignore[no-untyped-def]
    """Start the annual report as a background job; poll ``/system/jobs/{job_id}/``."""
    org = selectors.stats_org_get(actor=request.auth, pk=org_id)
    job = services.report_job_start(
        actor=request.auth, organization=org, year=payload.year, fmt=payload.format
    )
    return Status(202, {"job_id": job.pk, "url": reverse("core:job_detail", kwargs={"pk": job.pk})})
