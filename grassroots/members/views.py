"""Member registry pages: list, detail, self-service, create/edit, status, mobile members,
community registration. Transfers are in ``views_transfers.py``, Excel in ``views_io.py``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from grassroots.core import scoping
from grassroots.core.errors import RuleViolation
from grassroots.core.forms import apply_violation
from grassroots.core.types import AuthedRequest
from grassroots.core.validators import mask_mobile
from grassroots.orgs.models import BRANCH_KINDS, Organization, OrgKind, Sector
from grassroots.orgs.selectors import org_list

from . import selectors, services
from .forms import (
    CommunityRegisterForm,
    ContactForm,
    DateOnlyForm,
    MemberForm,
    MobileSetForm,
    StatusChangeForm,
    member_filter_form,
)
from .models import BranchPost, Education, Member, MemberStatus, Sex
from .rules import PLAIN_FIELDS
from .services import STATUS_TRANSITIONS

PAGE_SIZE = 50


def branches_in_scope(actor: Any, permission: str = "members.manage") -> QuerySet[Organization]:
    return org_list(actor=actor, permission=permission).filter(kind__in=list(BRANCH_KINDS))


def groups_in_scope(actor: Any, permission: str = "members.manage") -> QuerySet[Organization]:
    return org_list(actor=actor, permission=permission).filter(kind=OrgKind.PARTY_GROUP)


def org_by_code(code: str) -> Organization | None:
    """An organization named by its code, inside or outside the actor's scope (transfers
    and mobile members point at other organizations; the services check the rules)."""
    return Organization.objects.filter(code=code.strip(), dissolved_on__isnull=True).first()


@login_required
@require_GET
def member_list(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, "members.view")
    form = member_filter_form(request.user, request.GET or None)
    filters = form.to_filter()
    today = timezone.localdate()
    page = selectors.member_page(
        actor=request.user,
        filters=filters,
        today=today,
        number=request.GET.get("page"),
        per_page=PAGE_SIZE,
    )
    page.object_list = label_rows(page.object_list, today)
    return render(
        request,
        "members/list.html",
        {
            "form": form,
            "page": page,
            "today": today,
            "can_create": scoping.has_permission_anywhere(request.user, "members.manage"),
            "can_import": scoping.has_permission_anywhere(request.user, "members.import"),
            "can_export": scoping.has_permission_anywhere(request.user, "members.export"),
            "query": request.GET.urlencode(),
        },
    )


LABELLED = {
    "sex": Sex,
    "status": MemberStatus,
    "education": Education,
    "branch_post": BranchPost,
}


def label_rows(rows: Any, today: dt.date | None = None) -> list[Member]:
    """Give each listed member what the list shows, computed once per page rather than
    by template filters per cell: ``<field>_label`` for the choice fields from one lookup
    table (``get_FOO_display`` rebuilds and hashes the translated choices on every call),
    ``url``, ``age_years``, ``mobile_masked`` and ``joined_label``."""
    tables = {
        key: {value: str(label) for value, label in choices.choices}
        for key, choices in LABELLED.items()
    }
    today = today or timezone.localdate()
    url0 = reverse("members:detail", args=[0])
    prefix, suffix = url0.rsplit("/0/", 1)
    date_format = get_format("DATE_FORMAT")
    rows = list(rows)
    for m in rows:
        for key, table in tables.items():
            value = getattr(m, key)
            setattr(m, f"{key}_label", table.get(value, value) if value else "")
        m.url = f"{prefix}/{m.pk}/{suffix}"  # type: ignore[attr-defined]
        birth = m.birth_date
        m.age_years = (  # type: ignore[attr-defined]
            today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
            if birth
            else "—"
        )
        m.mobile_masked = mask_mobile(m.mobile) or "—"  # type: ignore[attr-defined]
        m.joined_label = (  # type: ignore[attr-defined]
            dateformat.format(m.joined_on, date_format) if m.joined_on else "—"
        )
    return rows


def status_targets(actor: Any, member: Member) -> list[str]:
    """Statuses the actor may move this member to (from the transition table)."""
    return [
        new
        for (old, new), permission in STATUS_TRANSITIONS.items()
        if old == member.status and scoping.covers(actor, permission, member.organization)
    ]


def _detail_context(request: AuthedRequest, member: Member, **extra: Any) -> dict[str, Any]:
    user = request.user
    home_manage = scoping.covers(user, "members.manage", member.organization)
    managing = member.managing_organization
    either_manage = home_manage or (
        managing is not None and scoping.covers(user, "members.manage", managing)
    )
    ctx: dict[str, Any] = {
        "member": member,
        "periods": selectors.member_periods(member),
        "status_changes": selectors.member_status_changes(member),
        "transfers": selectors.member_transfers(member),
        "contacts": selectors.member_contacts(member, limit=20) if member.is_mobile else [],
        "registrations": selectors.member_registrations(member),
        "can_edit": home_manage and member.is_active_member,
        "status_targets": status_targets(user, member),
        "can_transfer": home_manage and member.is_active_member,
        "can_reveal": scoping.covers(user, "members.reveal_id", member.organization),
        "can_mobile": home_manage and member.is_active_member,
        "can_contact": either_manage and member.is_mobile,
        "can_register": home_manage and member.is_active_member,
        "managed_here": not scoping.covers(user, "members.view", member.organization),
        "contact_max_days": selectors.contact_max_days(),
        "today": timezone.localdate(),
    }
    ctx.update(extra)
    return ctx


@login_required
@require_GET
def member_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    member = selectors.member_get(actor=request.user, pk=pk)
    return render(request, "members/detail.html", _detail_context(request, member))


@login_required
@require_POST
def member_reveal(request: AuthedRequest, pk: int) -> HttpResponse:
    member = selectors.member_get(actor=request.user, pk=pk)
    number = services.member_reveal_id_number(actor=request.user, member=member)
    return render(
        request, "members/detail.html", _detail_context(request, member, revealed_id=number)
    )


@login_required
@require_GET
def member_me(request: AuthedRequest) -> HttpResponse:
    """Self-service: a member's own record (role ``member``)."""
    member = selectors.member_self(actor=request.user)
    return render(
        request,
        "members/me.html",
        {
            "member": member,
            "periods": selectors.member_periods(member),
            "status_changes": selectors.member_status_changes(member),
            "registrations": selectors.member_registrations(member),
        },
    )


def _member_form_page(
    request: AuthedRequest, form: MemberForm, title: str, member: Member | None = None
) -> HttpResponse:
    return render(request, "members/form.html", {"form": form, "title": title, "member": member})


@login_required
@require_http_methods(["GET", "POST"])
def member_create(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, "members.manage")
    initial: dict[str, Any] = {"ethnicity": "汉族"}
    if request.GET.get("org"):
        initial["organization"] = request.GET["org"]
    form = MemberForm(
        request.POST or None,
        initial=initial,
        branches=branches_in_scope(request.user),
        groups=groups_in_scope(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_create(
                actor=request.user,
                organization=form.cleaned_data["organization"],
                status=form.cleaned_data["status"],
                **form.member_data(),
            )
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("已登记党员「%(name)s」。") % {"name": member.name})
            return redirect("members:detail", pk=member.pk)
    return _member_form_page(request, form, _("登记党员"))


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    member = selectors.member_get_home(actor=request.user, pk=pk)
    from grassroots.core import crypto

    initial = {f: getattr(member, f) for f in PLAIN_FIELDS}
    initial["party_group"] = member.party_group_id
    revealed = scoping.covers(request.user, "members.reveal_id", member.organization)
    # Roles that may not see the full number edit everything else; the number is kept.
    initial["id_number"] = crypto.decrypt(member.id_number_encrypted) if revealed else ""
    form = MemberForm(
        request.POST or None,
        initial=initial,
        editing=True,
        groups=groups_in_scope(request.user).filter(path__subtree=member.organization.path),
    )
    if not revealed:
        id_field = form.fields["id_number"]
        assert isinstance(id_field, forms.CharField)
        id_field.required = False
        id_field.min_length = None
        id_field.help_text = _("已登记：%(masked)s。如需更正请填写完整号码，否则留空。") % {
            "masked": member.id_number_masked
        }
    if request.method == "POST" and form.is_valid():
        data = form.member_data()
        if not data.get("id_number"):
            data.pop("id_number", None)
        try:
            services.member_update(actor=request.user, member=member, **data)
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("members:detail", pk=member.pk)
    return _member_form_page(request, form, _("修改党员信息"), member)


def _simple_form_page(
    request: AuthedRequest, form: Any, title: str, member: Member, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "members/simple_form.html",
        {"form": form, "title": title, "member": member, **extra},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_status(request: AuthedRequest, pk: int) -> HttpResponse:
    member = selectors.member_get_home(actor=request.user, pk=pk, permission="members.view")
    targets = status_targets(request.user, member)
    if not targets:
        scoping.require(request.user, "members.approve", member.organization)
    form = StatusChangeForm(request.POST or None, targets=targets or [MemberStatus.FULL])
    if request.method == "POST" and form.is_valid():
        try:
            services.member_change_status(actor=request.user, member=member, **form.cleaned_data)
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("已登记党籍状态变更。"))
            return redirect("members:detail", pk=member.pk)
    return _simple_form_page(request, form, _("党籍状态变更"), member)


@login_required
@require_http_methods(["GET", "POST"])
def mobile_set(request: AuthedRequest, pk: int) -> HttpResponse:
    member = selectors.member_get_home(actor=request.user, pk=pk)
    initial = {
        "managing_code": member.managing_organization.code if member.managing_organization else "",
        "destination": member.mobile_destination,
        "since": member.mobile_since,
    }
    form = MobileSetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        managing = org_by_code(form.cleaned_data["managing_code"])
        if managing is None:
            form.add_error("managing_code", _("找不到该组织代码。"))
        else:
            try:
                services.member_set_mobile(
                    actor=request.user,
                    member=member,
                    managing_organization=managing,
                    destination=form.cleaned_data["destination"],
                    since=form.cleaned_data["since"],
                )
            except RuleViolation as exc:
                apply_violation(form, exc)
            else:
                messages.success(request, _("已登记为流动党员。"))
                return redirect("members:detail", pk=member.pk)
    chambers = Organization.objects.filter(
        sector__in=[Sector.REMOTE_CHAMBER, Sector.MOBILE],
        kind__in=list(BRANCH_KINDS),
        dissolved_on__isnull=True,
    ).order_by("path")[:200]
    return _simple_form_page(
        request, form, _("登记流动党员"), member, datalist=("managing-orgs", chambers)
    )


@login_required
@require_POST
def mobile_end(request: AuthedRequest, pk: int) -> HttpResponse:
    member = selectors.member_get_home(actor=request.user, pk=pk)
    form = DateOnlyForm(request.POST)
    if form.is_valid():
        try:
            services.member_end_mobile(
                actor=request.user, member=member, ended_on=form.cleaned_data["day"]
            )
        except RuleViolation as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已登记返回。"))
    else:
        messages.error(request, _("请填写返回日期。"))
    return redirect("members:detail", pk=member.pk)


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request: AuthedRequest, pk: int) -> HttpResponse:
    member = selectors.member_get(actor=request.user, pk=pk, permission="members.manage")
    form = ContactForm(request.POST or None, initial={"contacted_by": request.user.display_name})
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_record(actor=request.user, member=member, **form.cleaned_data)
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("已登记联系记录。"))
            return redirect("members:detail", pk=member.pk)
    return _simple_form_page(request, form, _("登记联系记录"), member)


@login_required
@require_GET
def mobile_list(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, "members.view")
    overdue = request.GET.get("overdue") == "1"
    qs = selectors.mobile_list(actor=request.user, overdue_only=overdue)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    max_days = selectors.contact_max_days()
    return render(
        request,
        "members/mobile.html",
        {
            "page": page,
            "overdue": overdue,
            "max_days": max_days,
            "cutoff": today - dt.timedelta(days=max_days),
        },
    )


@login_required
@require_GET
def community_list(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, "members.view")
    qs = selectors.registration_list(actor=request.user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "members/community.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def community_register(request: AuthedRequest, pk: int) -> HttpResponse:
    member = selectors.member_get_home(actor=request.user, pk=pk)
    communities = (
        Organization.objects.filter(sector=Sector.COMMUNITY, dissolved_on__isnull=True)
        .exclude(kind=OrgKind.PARTY_GROUP)
        .order_by("path")
    )
    form = CommunityRegisterForm(request.POST or None, communities=communities)
    if request.method == "POST" and form.is_valid():
        try:
            services.community_register(actor=request.user, member=member, **form.cleaned_data)
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("已登记社区报到。"))
            return redirect("members:detail", pk=member.pk)
    return _simple_form_page(request, form, _("在职党员进社区报到"), member)


@login_required
@require_POST
def community_end(request: AuthedRequest, pk: int) -> HttpResponse:
    member = selectors.member_get_home(actor=request.user, pk=pk)
    form = DateOnlyForm(request.POST)
    if form.is_valid():
        try:
            services.community_unregister(
                actor=request.user, member=member, ended_on=form.cleaned_data["day"]
            )
        except RuleViolation as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已结束社区报到。"))
    else:
        messages.error(request, _("请填写结束日期。"))
    return redirect("members:detail", pk=member.pk)
