"""Dashboard, drill-down, indicator catalogue and annual reports (thin: selectors and
services do the work)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from grassroots.accounts.scope import current_scope
from grassroots.core import permissions, scoping
from grassroots.core.errors import RuleViolation
from grassroots.core.forms import apply_violation
from grassroots.core.selectors import job_list
from grassroots.core.types import AuthedRequest
from grassroots.orgs.models import Organization

from . import registry as reg
from . import selectors, services
from .formatting import section_label
from .forms import ReportForm
from .registry import Period
from .selectors import PERMISSION


def _home_org(request: AuthedRequest) -> Organization:
    """The organization of the current working scope, if its role may read statistics;
    else the first root of the user's statistics scope."""
    scope = current_scope(request)
    if scope is not None and permissions.role_has(scope.role, PERMISSION):
        return selectors.stats_org_get(actor=request.user, pk=scope.organization_id)
    paths = scoping.scope_paths(request.user, PERMISSION)
    org = Organization.objects.filter(path__in=paths).order_by("path").first()
    if org is None:
        raise Http404
    return org


def _year(request: AuthedRequest, org: Organization) -> int:
    default = selectors.default_year(org)
    return selectors.clean_year(request.GET.get("year"), default)


@login_required
@require_GET
def dashboard(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, PERMISSION)
    picked = request.GET.get("org")
    if picked:
        org = selectors.stats_org_get(actor=request.user, pk=picked)
        url = reverse("stats:dashboard_org", kwargs={"pk": org.pk})
        year = request.GET.get("year", "")
        if year.isdigit():
            url += f"?year={year}"
        return HttpResponseRedirect(url)
    return _dashboard(request, _home_org(request))


@login_required
@require_GET
def dashboard_org(request: AuthedRequest, pk: int) -> HttpResponse:
    return _dashboard(request, selectors.stats_org_get(actor=request.user, pk=pk))


def _dashboard(request: AuthedRequest, org: Organization) -> HttpResponse:
    year = _year(request, org)
    data = selectors.dashboard_data(org, year)
    period = Period.year(year)
    children = list(selectors.stats_children(actor=request.user, org=org, period=period))
    charts = [*data["charts"].values(), data["trend"]]
    return render(
        request,
        "stats/dashboard.html",
        {
            "org": org,
            "year": year,
            "year_choices": selectors.data_years(org),
            "this_year": timezone.localdate().year,
            "year_picked": "year" in request.GET,
            "data": data,
            "charts": charts,
            "children": children,
            "ancestors": selectors.stats_ancestors(actor=request.user, org=org),
        },
    )


@login_required
@require_GET
def drilldown(request: AuthedRequest, pk: int, key: str) -> HttpResponse:
    org = selectors.stats_org_get(actor=request.user, pk=pk)
    if not reg.available(key):
        raise Http404
    year = _year(request, org)
    period = Period.year(year)
    parent, rows = selectors.drilldown(actor=request.user, org=org, key=key, period=period)
    ind = reg.registry()[key]
    chart = {
        "id": "chart-drill",
        "title": parent.label,
        "type": "hbar",
        "categories": [r.org.short_name or r.org.name for r in rows],
        "series": [{"name": parent.label, "data": [selectors.json_number(r.value) for r in rows]}],
    }
    return render(
        request,
        "stats/drilldown.html",
        {
            "org": org,
            "year": year,
            "indicator": ind,
            "section": section_label(ind.section),
            "parent": parent,
            "rows": rows,
            "charts": [chart] if rows else [],
            "ancestors": selectors.stats_ancestors(actor=request.user, org=org),
        },
    )


@login_required
@require_GET
def indicators(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, PERMISSION)
    registry = reg.registry()
    sections: dict[str, list[dict[str, object]]] = {}
    for key in reg.ordered_keys():
        ind = registry.get(key)
        entry = reg.catalogue().get(key)
        section = entry.section if entry else ind.section if ind else key.split(".")[0]
        sections.setdefault(section, []).append(
            {
                "key": key,
                "label": reg.label(key),
                "unit": reg.unit(key),
                "definition": ind.definition if ind else "",
                "available": ind is not None,
                "in_catalogue": entry is not None,
                "article": entry.article if entry else None,
                "match": entry.match if entry else None,
            }
        )
    return render(
        request,
        "stats/indicators.html",
        {
            "sections": [(section_label(s), items) for s, items in sections.items()],
            "unavailable": len(reg.unavailable_keys()),
            "total": len(reg.catalogue()),
        },
    )


@login_required
@require_GET
def reports(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, PERMISSION)
    return redirect("stats:report", pk=_home_org(request).pk)


@login_required
@require_http_methods(["GET", "POST"])
def report(request: AuthedRequest, pk: int) -> HttpResponse:
    org = selectors.stats_org_get(actor=request.user, pk=pk)
    form = ReportForm(
        request.POST or None, initial={"year": selectors.default_year(org), "fmt": "docx"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            job = services.report_job_start(
                actor=request.user,
                organization=org,
                year=form.cleaned_data["year"],
                fmt=form.cleaned_data["fmt"],
                date=form.cleaned_data.get("date"),
            )
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            return redirect("core:job_detail", pk=job.pk)
    return render(
        request,
        "stats/report.html",
        {
            "org": org,
            "form": form,
            "jobs": list(job_list(actor=request.user, kind=services.REPORT_JOB)[:10]),
            "ancestors": selectors.stats_ancestors(actor=request.user, org=org),
        },
    )
