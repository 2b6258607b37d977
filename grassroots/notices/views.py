"""Staff pages for notices and objections, and the holiday table."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from grassroots.core import scoping
from grassroots.core.errors import RuleViolation
from grassroots.core.forms import apply_violation
from grassroots.core.models import CalendarDay, HolidayYear
from grassroots.core.types import AuthedRequest

from . import selectors, services
from .forms import AnswerForm, HolidayYearForm, NoticeFilterForm, WithdrawForm
from .models import ObjectionStatus


@login_required
@require_GET
def notice_list(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, "notices.view")
    form = NoticeFilterForm(request.GET or None)
    state = form.cleaned_data.get("state", "") if form.is_valid() else ""
    notices = selectors.notice_list(actor=request.user, state=state)
    page = Paginator(notices, 30).get_page(request.GET.get("page"))
    return render(request, "notices/list.html", {"page": page, "form": form, "state": state})


@login_required
@require_GET
def notice_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    notice = selectors.notice_get(actor=request.user, pk=pk)
    objections = list(selectors.notice_objections(notice))
    can_manage = scoping.covers(request.user, "notices.manage", notice.organization)
    return render(
        request,
        "notices/detail.html",
        {
            "notice": notice,
            "objections": objections,
            "open_count": sum(o.status == ObjectionStatus.OPEN for o in objections),
            "can_manage": can_manage,
            "answer_form": AnswerForm() if can_manage else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def notice_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    notice = selectors.notice_get(actor=request.user, pk=pk, permission="notices.manage")
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.notice_withdraw(
                actor=request.user, notice=notice, reason=form.cleaned_data["reason"]
            )
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("已撤回公示。"))
            return redirect("notices:detail", pk=notice.pk)
    return render(
        request,
        "notices/form.html",
        {"form": form, "notice": notice, "title": _("撤回公示"), "danger": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def objection_answer(request: AuthedRequest, pk: int) -> HttpResponse:
    objection = selectors.objection_get(actor=request.user, pk=pk, permission="notices.manage")
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.objection_answer(actor=request.user, objection=objection, **form.cleaned_data)
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("已记录调查核实情况和答复。"))
            return redirect("notices:detail", pk=objection.notice_id)
    return render(
        request,
        "notices/answer.html",
        {"form": form, "objection": objection, "notice": objection.notice},
    )


# --- holiday table ------------------------------------------------------------------


@login_required
@require_GET
def holidays(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, "calendar.manage")
    years = list(HolidayYear.objects.order_by("-year"))
    latest = years[0].year if years else dt.date.today().year
    return render(request, "notices/holidays.html", {"years": years, "next_year": latest + 1})


def _lines(days: list[CalendarDay], working: bool) -> str:
    return "\n".join(
        f"{d.date.isoformat()} {d.name}".strip() for d in days if d.is_working_day is working
    )


@login_required
@require_http_methods(["GET", "POST"])
def holiday_edit(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, "calendar.manage")
    initial: dict[str, object] = {}
    year_param = request.GET.get("year", "")
    if year_param.isdigit():
        year = int(year_param)
        days = list(CalendarDay.objects.filter(date__year=year).order_by("date"))
        known = HolidayYear.objects.filter(year=year).first()
        initial = {
            "year": year,
            "holidays": _lines(days, False),
            "workdays": _lines(days, True),
            "source": known.source if known else "",
        }
    form = HolidayYearForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.holiday_year_save(
                actor=request.user, year=data["year"], days=data["days"], source=data["source"]
            )
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("已保存%(year)d年节假日安排。") % {"year": data["year"]})
            return redirect("notices:holidays")
    return render(
        request, "notices/holiday_form.html", {"form": form, "initial_year": initial.get("year")}
    )
