"""Contact points, visits and problems (used by leaders on their phones), and the county's
leadership work."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from grassroots.core import scoping
from grassroots.core.errors import RuleViolation
from grassroots.core.forms import apply_violation
from grassroots.core.types import AuthedRequest
from grassroots.orgs.selectors import org_by_code

from . import selectors, services
from .forms import (
    ContactPointForm,
    FundForm,
    MeetingForm,
    PointEndForm,
    PointFilterForm,
    ProblemAddForm,
    ProblemFormSet,
    ProblemResolveForm,
    VisitForm,
)
from .models import ContactPoint, MeetingKind

PAGE_SIZE = 30


@login_required
@require_GET
def point_list(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, "liaison.access")
    form = PointFilterForm(request.GET or None)
    filters: dict[str, object] = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "level": data.get("level") or "",
            "query": (data.get("q") or "").strip(),
            "active": {"1": True, "0": False}.get(data.get("active") or ""),
        }
    points = selectors.contact_point_list(actor=request.user, **filters)  # type: ignore[arg-type]
    page = Paginator(points, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "liaison/point_list.html",
        {
            "form": form,
            "page": page,
            "can_manage": scoping.has_permission_anywhere(request.user, "liaison.manage"),
            "is_leader_view": not scoping.has_permission_anywhere(request.user, "liaison.view"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def point_create(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, "liaison.manage")
    form = ContactPointForm(
        request.POST or None, leaders=selectors.leader_choices(actor=request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            org = org_by_code(
                actor=request.user, code=data["organization"].strip(), permission="liaison.manage"
            )
        except Http404:
            form.add_error("organization", _("找不到该组织代码，或该组织不在您的管理范围内。"))
        else:
            try:
                point = services.contact_point_create(
                    actor=request.user,
                    leader=data["leader"],
                    leader_level=data["leader_level"],
                    leader_post=data["leader_post"],
                    organization=org,
                    started_on=data["started_on"],
                    note=data["note"],
                )
            except RuleViolation as exc:
                apply_violation(form, exc)
            else:
                messages.success(request, _("已建立联系点「%(p)s」。") % {"p": point})
                return redirect("liaison:point_detail", pk=point.pk)
    return render(
        request,
        "liaison/form.html",
        {"form": form, "title": _("建立党建工作联系点"), "cancel": reverse("liaison:point_list")},
    )


@login_required
@require_GET
def point_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    point = selectors.contact_point_get(actor=request.user, pk=pk)
    visits = list(selectors.visit_list(actor=request.user, point=point)[:20])
    open_problems = list(
        selectors.problem_list(actor=request.user, point=point, resolved=False)[:50]
    )
    return render(
        request,
        "liaison/point_detail.html",
        {
            "point": point,
            "visits": visits,
            "open_problems": open_problems,
            "totals": selectors.point_totals(point),
            "can_log": point.is_active and services.can_log(request.user, point),
            "can_resolve": services.can_log(request.user, point),
            "can_manage": point.is_active
            and scoping.covers(request.user, "liaison.manage", point.organization),
        },
    )


def _point_for_logging(request: AuthedRequest, pk: int) -> ContactPoint:
    point = selectors.contact_point_get(actor=request.user, pk=pk)
    if not services.can_log(request.user, point):
        raise PermissionDenied
    return point


@login_required
@require_http_methods(["GET", "POST"])
def point_end(request: AuthedRequest, pk: int) -> HttpResponse:
    point = selectors.contact_point_get(actor=request.user, pk=pk)
    scoping.require(request.user, "liaison.manage", point.organization)
    form = PointEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_point_end(actor=request.user, point=point, **form.cleaned_data)
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("联系点已结束，记录仍然保留。"))
            return redirect("liaison:point_detail", pk=point.pk)
    return render(
        request,
        "liaison/form.html",
        {
            "form": form,
            "title": _("结束联系点"),
            "subject": point,
            "danger": True,
            "cancel": reverse("liaison:point_detail", args=[point.pk]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_create(request: AuthedRequest, pk: int) -> HttpResponse:
    point = _point_for_logging(request, pk)
    leader_name = point.leader.display_name
    form = VisitForm(request.POST or None, initial={"visitors": leader_name})
    problems = ProblemFormSet(request.POST or None, prefix="problems")
    if request.method == "POST" and form.is_valid() and problems.is_valid():
        entries = [
            services.ProblemEntry(
                category=row["category"],
                description=row.get("description") or "",
                resolution=row.get("resolution") or "",
            )
            for row in problems.cleaned_data
            if row
        ]
        try:
            visit = services.visit_log(
                actor=request.user, point=point, problems=entries, **form.cleaned_data
            )
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("走访已记录。"))
            return redirect("liaison:visit_detail", pk=visit.pk)
    return render(
        request, "liaison/visit_form.html", {"form": form, "problems": problems, "point": point}
    )


@login_required
@require_GET
def visit_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    visit = selectors.visit_get(actor=request.user, pk=pk)
    return render(
        request,
        "liaison/visit_detail.html",
        {
            "visit": visit,
            "point": visit.contact_point,
            "problems": list(visit.problems.order_by("id")),
            "can_resolve": services.can_log(request.user, visit.contact_point),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def problem_add(request: AuthedRequest, pk: int) -> HttpResponse:
    point = _point_for_logging(request, pk)
    form = ProblemAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.problem_add(actor=request.user, point=point, **form.cleaned_data)
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("困难问题已登记。"))
            return redirect("liaison:point_detail", pk=point.pk)
    return render(
        request,
        "liaison/form.html",
        {
            "form": form,
            "title": _("登记困难问题"),
            "subject": point,
            "cancel": reverse("liaison:point_detail", args=[point.pk]),
        },
    )


@login_required
@require_GET
def problem_list(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, "liaison.access")
    state = request.GET.get("state", "open")
    resolved = {"open": False, "solved": True}.get(state)
    problems = selectors.problem_list(actor=request.user, resolved=resolved)
    page = Paginator(problems, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "liaison/problem_list.html", {"page": page, "state": state})


@login_required
@require_http_methods(["GET", "POST"])
def problem_resolve(request: AuthedRequest, pk: int) -> HttpResponse:
    problem = selectors.problem_get(actor=request.user, pk=pk)
    if not services.can_log(request.user, problem.contact_point):
        raise PermissionDenied
    form = ProblemResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.problem_resolve(actor=request.user, problem=problem, **form.cleaned_data)
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("已登记为解决。"))
            return redirect("liaison:point_detail", pk=problem.contact_point_id)
    return render(
        request,
        "liaison/form.html",
        {
            "form": form,
            "title": _("登记解决情况"),
            "subject": problem,
            "cancel": reverse("liaison:point_detail", args=[problem.contact_point_id]),
        },
    )


# --- the county's leadership work ---------------------------------------------------------


@login_required
@require_GET
def leadership(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, "liaison.leadership_view")
    kind = request.GET.get("kind", "")
    meetings = selectors.meeting_list(
        actor=request.user, kind=kind if kind in MeetingKind.values else ""
    )
    return render(
        request,
        "liaison/leadership.html",
        {
            "meetings": Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page")),
            "funds": list(selectors.fund_list(actor=request.user)[:50]),
            "kind": kind,
            "kinds": MeetingKind.choices,
            "can_manage": scoping.has_permission_anywhere(
                request.user, "liaison.leadership_manage"
            ),
        },
    )


def _committee(request: AuthedRequest):  # type: ignore[no-untyped-def]
    committee = selectors.leadership_committees(actor=request.user).first()
    if committee is None:
        raise PermissionDenied
    return committee


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: AuthedRequest) -> HttpResponse:
    committee = _committee(request)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_record(
                actor=request.user, organization=committee, **form.cleaned_data
            )
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("会议已记录。"))
            return redirect("liaison:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "liaison/form.html",
        {"form": form, "title": _("记录抓党建会议"), "cancel": reverse("liaison:leadership")},
    )


@login_required
@require_GET
def meeting_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(actor=request.user, pk=pk)
    return render(
        request,
        "liaison/meeting_detail.html",
        {"meeting": meeting, "funds": list(meeting.funds.order_by("-allocated_on"))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def fund_create(request: AuthedRequest) -> HttpResponse:
    committee = _committee(request)
    meetings = selectors.meeting_list(actor=request.user).filter(organization=committee)
    form = FundForm(request.POST or None, meetings=meetings)
    if request.method == "POST" and form.is_valid():
        try:
            fund = services.fund_record(
                actor=request.user, organization=committee, **form.cleaned_data
            )
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("经费已登记。"))
            return redirect("liaison:fund_detail", pk=fund.pk)
    return render(
        request,
        "liaison/form.html",
        {
            "form": form,
            "title": _("登记整合落实的党建经费"),
            "cancel": reverse("liaison:leadership"),
        },
    )


@login_required
@require_GET
def fund_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    fund = selectors.fund_get(actor=request.user, pk=pk)
    return render(request, "liaison/fund_detail.html", {"fund": fund})
