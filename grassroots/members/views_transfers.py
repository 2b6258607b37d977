"""Transfer pages (组织关系转接): send, the transfer list, each transfer's steps, and
registering a member who arrives from outside the county."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from grassroots.core import scoping
from grassroots.core.errors import RuleViolation
from grassroots.core.forms import apply_violation
from grassroots.core.types import AuthedRequest

from . import selectors, services
from .forms import TransferActForm, TransferInForm, TransferSendForm
from .models import Transfer, TransferKind, TransferStatus
from .views import PAGE_SIZE, branches_in_scope, groups_in_scope, org_by_code

STATUS_TABS = [
    ("pending", _("待办")),
    (TransferStatus.COMPLETED, _("已完成")),
    (TransferStatus.CANCELLED, _("已撤回或退回")),
    ("", _("全部")),
]


@login_required
@require_GET
def transfer_list(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, "members.view")
    status = request.GET.get("status", "pending")
    if status not in {key for key, _label in STATUS_TABS}:
        status = "pending"
    qs = selectors.transfer_list(actor=request.user, status=status)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "members/transfers.html",
        {
            "page": page,
            "status": status,
            "tabs": STATUS_TABS,
            "can_receive_in": scoping.has_permission_anywhere(request.user, "members.manage"),
        },
    )


def transfer_actions(actor: Any, transfer: Transfer) -> list[str]:
    """The steps this actor may take on this transfer now."""
    actions: list[str] = []
    if (
        transfer.status == TransferStatus.SENT
        and transfer.from_organization is not None
        and scoping.covers_strictly(actor, "members.approve", transfer.from_organization)
    ):
        actions.append("approve_out")
    if (
        transfer.status == TransferStatus.OUT_APPROVED
        and transfer.to_organization is not None
        and scoping.covers_strictly(actor, "members.approve", transfer.to_organization)
    ):
        actions.append("approve_in")
    if (
        transfer.status == TransferStatus.IN_APPROVED
        and transfer.to_organization is not None
        and scoping.covers(actor, "members.manage", transfer.to_organization)
    ):
        actions.append("receive")
    if transfer.is_pending and any(
        scoping.covers(actor, "members.manage", o)
        for o in (transfer.from_organization, transfer.to_organization)
        if o is not None
    ):
        actions.append("cancel")
    return actions


def _transfer_page(
    request: AuthedRequest, transfer: Transfer, form: TransferActForm | None = None
) -> HttpResponse:
    member_visible = scoping.covers(request.user, "members.view", transfer.member.organization)
    return render(
        request,
        "members/transfer_detail.html",
        {
            "transfer": transfer,
            "actions": transfer_actions(request.user, transfer),
            "form": form or TransferActForm(initial={"received_on": timezone.localdate()}),
            "member_visible": member_visible,
        },
    )


@login_required
@require_GET
def transfer_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    transfer = selectors.transfer_get(actor=request.user, pk=pk)
    return _transfer_page(request, transfer)


@login_required
@require_POST
def transfer_act(request: AuthedRequest, pk: int) -> HttpResponse:
    transfer = selectors.transfer_get(actor=request.user, pk=pk)
    form = TransferActForm(request.POST)
    if not form.is_valid():
        return _transfer_page(request, transfer, form)
    action = form.cleaned_data["action"]
    if action not in transfer_actions(request.user, transfer):
        scoping.require(request.user, "members.approve", transfer.from_organization)
    try:
        if action == "approve_out":
            services.transfer_approve_out(actor=request.user, transfer=transfer)
        elif action == "approve_in":
            services.transfer_approve_in(actor=request.user, transfer=transfer)
        elif action == "receive":
            services.transfer_receive(
                actor=request.user,
                transfer=transfer,
                received_on=form.cleaned_data.get("received_on"),
            )
        else:
            services.transfer_cancel(
                actor=request.user, transfer=transfer, reason=form.cleaned_data.get("reason") or ""
            )
    except RuleViolation as exc:
        apply_violation(form, exc)
        return _transfer_page(request, transfer, form)
    messages.success(request, _("已办理。"))
    return redirect("members:transfer", pk=transfer.pk)


@login_required
@require_http_methods(["GET", "POST"])
def transfer_send(request: AuthedRequest, pk: int) -> HttpResponse:
    member = selectors.member_get_home(actor=request.user, pk=pk)
    form = TransferSendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        code = data.pop("to_code", "") or ""
        to_org = None
        if data["kind"] == TransferKind.WITHIN and code:
            to_org = org_by_code(code)
            if to_org is None:
                form.add_error("to_code", _("找不到该组织代码。"))
        if not form.errors:
            try:
                transfer = services.transfer_send(
                    actor=request.user, member=member, to_organization=to_org, **data
                )
            except RuleViolation as exc:
                if exc.field == "to_organization":
                    exc.field = "to_code"
                apply_violation(form, exc)
            else:
                messages.success(request, _("已发起转接，等待上级党委审核。"))
                return redirect("members:transfer", pk=transfer.pk)
    return render(
        request,
        "members/simple_form.html",
        {"form": form, "title": _("组织关系转接"), "member": member},
    )


@login_required
@require_http_methods(["GET", "POST"])
def transfer_in(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, "members.manage")
    form = TransferInForm(
        request.POST or None,
        initial={"ethnicity": "汉族"},
        branches=branches_in_scope(request.user),
        groups=groups_in_scope(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            transfer = services.transfer_in(
                actor=request.user,
                organization=data["organization"],
                external_place=data["external_place"],
                letter_number=data["letter_number"],
                transfer_on=data["transfer_on"],
                dues_paid_until=data.get("dues_paid_until"),
                status=data["status"],
                **form.member_data(),
            )
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("已登记县外转入。"))
            return redirect("members:detail", pk=transfer.member_id)
    return render(
        request, "members/form.html", {"form": form, "title": _("县外转入"), "member": None}
    )
