"""Public pages (no login): open notices, a notice, the objection form, the answer lookup."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from grassroots.core.errors import RuleViolation
from grassroots.core.forms import apply_violation
from grassroots.core.middleware import client_ip

from . import selectors, services
from .forms import ObjectionForm, ObjectionLookupForm

PUBLIC_LIST_LIMIT = 500


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    notices = list(selectors.public_notice_list()[:PUBLIC_LIST_LIMIT])
    return render(request, "notices/public_list.html", {"notices": notices})


@require_GET
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.public_notice_get(pk=pk)
    return render(request, "notices/public_detail.html", {"notice": notice})


@require_http_methods(["GET", "POST"])
def public_objection(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.public_notice_get(pk=pk)
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            objection = services.objection_submit(
                notice=notice,
                content=data["content"],
                name=data["name"],
                contact=data["contact"],
                anonymous=data["anonymous"],
                ip=client_ip(request),
            )
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            return render(
                request,
                "notices/public_objection_done.html",
                {"notice": notice, "objection": objection},
            )
    return render(request, "notices/public_objection.html", {"notice": notice, "form": form})


@require_http_methods(["GET", "POST"])
def public_objection_lookup(request: HttpRequest) -> HttpResponse:
    """An objector reads the answer by the reference they were given (sent by POST, so
    the reference does not end up in access logs)."""
    form = ObjectionLookupForm(request.POST or None)
    objection = None
    if request.method == "POST" and form.is_valid():
        objection = selectors.public_objection_by_reference(form.cleaned_data["reference"])
        if objection is None:
            form.add_error("reference", _("没有找到这个意见编号，请核对。"))
    return render(
        request, "notices/public_objection_lookup.html", {"form": form, "objection": objection}
    )
