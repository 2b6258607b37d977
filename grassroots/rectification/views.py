"""Weak-organization cases: identification, the five headings of actions, acceptance."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from grassroots.core import scoping
from grassroots.core.errors import RuleViolation
from grassroots.core.forms import apply_violation
from grassroots.core.types import AuthedRequest
from grassroots.orgs.selectors import org_by_code

from . import selectors, services
from .forms import (
    ActionForm,
    ApproveForm,
    AssignForm,
    CaseFilterForm,
    CaseProposeForm,
    RejectForm,
    ReviewForm,
)
from .models import Action, ActionKind, CaseStatus, Heading, RectificationCase

PAGE_SIZE = 30


@login_required
@require_GET
def case_list(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, "rectification.view")
    years = selectors.case_years(actor=request.user)
    year = years[0] if years else timezone.localdate().year
    form = CaseFilterForm(request.GET or None, years=years, initial={"year": year})
    status = ""
    if form.is_valid():
        year = form.cleaned_data.get("year") or year
        status = form.cleaned_data.get("status") or ""
    cases = selectors.case_list(actor=request.user, year=year, status=status)
    summary = selectors.year_summary(actor=request.user, year=year)
    by_kind = summary["by_kind"]
    return render(
        request,
        "rectification/case_list.html",
        {
            "form": form,
            "year": year,
            "page": Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page")),
            "by_status": [
                (label, summary["by_status"].get(value, 0)) for value, label in CaseStatus.choices
            ],
            "by_kind": [
                (label, by_kind.get(value, {}).get("n", 0), by_kind.get(value, {}).get("amount"))
                for value, label in ActionKind.choices
            ],
            "can_propose": scoping.has_permission_anywhere(request.user, "rectification.propose"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_propose(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, "rectification.propose")
    form = CaseProposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            org = org_by_code(
                actor=request.user,
                code=data["organization"].strip(),
                permission="rectification.propose",
            )
        except Http404:
            form.add_error("organization", _("找不到该组织代码，或该组织不在您的管理范围内。"))
        else:
            try:
                case = services.case_propose(
                    actor=request.user,
                    organization=org,
                    year=data["year"],
                    reasons=data["reasons"],
                    other_reasons=data["other_reasons"],
                )
            except RuleViolation as exc:
                apply_violation(form, exc)
            else:
                messages.success(request, _("已提出，等待县委组织部审批认定。"))
                return redirect("rectification:case_detail", pk=case.pk)
    return _form(request, form, _("提出软弱涣散党组织"), reverse("rectification:case_list"))


def _form(
    request: AuthedRequest,
    form: Any,
    title: str,
    cancel: str,
    subject: Any = None,
    multipart: bool = False,
) -> HttpResponse:
    return render(
        request,
        "rectification/form.html",
        {
            "form": form,
            "title": title,
            "cancel": cancel,
            "subject": subject,
            "multipart": multipart,
        },
    )


@login_required
@require_GET
def case_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(actor=request.user, pk=pk)
    user = request.user
    approver = scoping.covers(user, "rectification.approve", case.organization)
    return render(
        request,
        "rectification/case_detail.html",
        {
            "case": case,
            "groups": selectors.case_actions_by_heading(case),
            "carried_to": RectificationCase.objects.filter(carried_from=case).first(),
            "can_decide": approver and case.status == CaseStatus.PROPOSED,
            "can_direct": approver and case.is_open,
            "can_record": case.is_open
            and scoping.covers(user, "rectification.record", case.organization),
        },
    )


def _decision_case(request: AuthedRequest, pk: int) -> RectificationCase:
    case = selectors.case_get(actor=request.user, pk=pk)
    scoping.require(request.user, "rectification.approve", case.organization)
    return case


@login_required
@require_http_methods(["GET", "POST"])
def case_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _decision_case(request, pk)
    form = ApproveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_approve(actor=request.user, case=case, **form.cleaned_data)
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("已认定为软弱涣散党组织，整顿开始。"))
            return redirect("rectification:case_detail", pk=case.pk)
    return _form(
        request, form, _("审批认定"), reverse("rectification:case_detail", args=[pk]), case
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_reject(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _decision_case(request, pk)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_reject(actor=request.user, case=case, **form.cleaned_data)
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("已不予认定。"))
            return redirect("rectification:case_detail", pk=case.pk)
    return _form(
        request, form, _("不予认定"), reverse("rectification:case_detail", args=[pk]), case
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_assign(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _decision_case(request, pk)
    initial = {
        f: getattr(case, f)
        for f in (
            "leader",
            "leader_body",
            "leader_post",
            "first_secretary",
            "first_secretary_unit",
            "first_secretary_sent_on",
        )
    }
    form = AssignForm(
        request.POST or None,
        initial=initial,
        leaders=selectors.county_leader_choices(actor=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.case_assign(actor=request.user, case=case, **form.cleaned_data)
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("rectification:case_detail", pk=case.pk)
    return _form(
        request,
        form,
        _("挂点领导与第一书记"),
        reverse("rectification:case_detail", args=[pk]),
        case,
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request: AuthedRequest, pk: int, heading: str) -> HttpResponse:
    case = selectors.case_get(actor=request.user, pk=pk)
    if heading not in Heading.values:
        raise Http404
    services.require_recorder(request.user, case)
    form = ActionForm(request.POST or None, request.FILES or None, heading=heading)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.setdefault("person_name", "")
        data.setdefault("area", "")
        data.setdefault("amount_yuan", None)
        try:
            services.action_record(actor=request.user, case=case, **data)
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("整顿措施已记录。"))
            return redirect(reverse("rectification:case_detail", args=[pk]) + f"#{heading}")
    return _form(
        request,
        form,
        str(Heading(heading).label),
        reverse("rectification:case_detail", args=[pk]),
        case,
        multipart=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_review(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _decision_case(request, pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_review(actor=request.user, case=case, **form.cleaned_data)
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("验收结果已记录。"))
            return redirect("rectification:case_detail", pk=case.pk)
    return _form(request, form, _("验收"), reverse("rectification:case_detail", args=[pk]), case)


@login_required
@require_GET
def action_evidence(request: AuthedRequest, pk: int) -> FileResponse:
    return evidence_response(selectors.action_get(actor=request.user, pk=pk))


def evidence_response(action: Action) -> FileResponse:
    """The action's evidence file: photos and PDFs inline, other documents as a download
    (404 when the action has no file)."""
    if not action.evidence_file:
        raise Http404
    inline = action.evidence_type.startswith("image/") or action.evidence_type == "application/pdf"
    return FileResponse(
        action.evidence_file.open("rb"),
        as_attachment=not inline,
        filename=action.evidence_name or action.evidence_file.name.rsplit("/", 1)[-1],
        content_type=action.evidence_type or "application/octet-stream",
    )
