"""Commitment letters for the committees and branches that keep them, and their reviewers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from grassroots.core import scoping
from grassroots.core.errors import RuleViolation
from grassroots.core.forms import apply_violation
from grassroots.core.types import AuthedRequest
from grassroots.orgs.selectors import org_by_code

from . import selectors, services
from .forms import (
    ItemForm,
    LetterEditForm,
    LetterForm,
    MilestoneDoneForm,
    MilestoneForm,
    ProgressForm,
    PublishForm,
    ReviewForm,
    ShortfallForm,
)
from .models import NOTICE_PURPOSE, CommitmentItem, CommitmentLetter, Evidence, LetterStatus

PAGE_SIZE = 30


def _form(
    request: AuthedRequest,
    form: Any,
    title: str,
    cancel: str,
    subject: Any = None,
    multipart: bool = False,
    intro: str = "",
) -> HttpResponse:
    return render(
        request,
        "commitments/form.html",
        {
            "form": form,
            "title": title,
            "cancel": cancel,
            "subject": subject,
            "multipart": multipart,
            "intro": intro,
        },
    )


@login_required
@require_GET
def letter_list(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, "commitments.view")
    years = selectors.letter_years(actor=request.user)
    try:
        year = int(request.GET.get("year") or (years[0] if years else timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    letters = selectors.letter_list(actor=request.user, year=year)
    page = Paginator(letters, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "commitments/letter_list.html",
        {
            "page": page,
            "year": year,
            "years": years,
            "can_manage": scoping.has_permission_anywhere(request.user, "commitments.manage"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def letter_create(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, "commitments.manage")
    form = LetterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        code = data.pop("organization").strip()
        try:
            org = org_by_code(actor=request.user, code=code, permission="commitments.manage")
        except Http404:
            form.add_error("organization", _("找不到该组织代码，或该组织不在您的管理范围内。"))
        else:
            try:
                letter = services.letter_create(actor=request.user, organization=org, **data)
            except RuleViolation as exc:
                apply_violation(form, exc)
            else:
                messages.success(request, _("承诺书已建立，请逐项填写承诺事项。"))
                return redirect("commitments:letter_detail", pk=letter.pk)
    return _form(request, form, _("建立公开承诺书"), reverse("commitments:letter_list"))


def _can_manage(request: AuthedRequest, letter: CommitmentLetter) -> bool:
    return scoping.covers(request.user, "commitments.manage", letter.organization)


@login_required
@require_GET
def letter_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    from grassroots.notices.selectors import latest_notice

    letter = selectors.letter_get(actor=request.user, pk=pk)
    items = selectors.letter_items(letter)
    return render(
        request,
        "commitments/letter_detail.html",
        {
            "letter": letter,
            "items": items,
            "weight_total": sum(i.weight for i in items),
            "notice": latest_notice(letter, purpose=NOTICE_PURPOSE),
            "can_manage": _can_manage(request, letter),
            "can_review": letter.status == LetterStatus.PUBLISHED
            and services.can_review(request.user, letter),
            "revisions": list(selectors.revisions(letter)[:30]),
        },
    )


def _managed_letter(request: AuthedRequest, pk: int) -> CommitmentLetter:
    letter = selectors.letter_get(actor=request.user, pk=pk)
    scoping.require(request.user, "commitments.manage", letter.organization)
    return letter


@login_required
@require_http_methods(["GET", "POST"])
def letter_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    letter = _managed_letter(request, pk)
    initial = {f: getattr(letter, f) for f in services.LETTER_FIELDS}
    form = LetterEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.letter_update(actor=request.user, letter=letter, **form.cleaned_data)
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("commitments:letter_detail", pk=letter.pk)
    return _form(
        request, form, _("修改承诺书"), reverse("commitments:letter_detail", args=[pk]), letter
    )


@login_required
@require_http_methods(["GET", "POST"])
def letter_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    letter = _managed_letter(request, pk)
    form = PublishForm(
        request.POST or None,
        initial={"working_days": settings.GRASSROOTS["NOTICE_WORKING_DAYS"]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.letter_publish(actor=request.user, letter=letter, **form.cleaned_data)
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("承诺书已公开，公示已发布。"))
            return redirect("commitments:letter_detail", pk=letter.pk)
    return _form(
        request,
        form,
        _("公开承诺书"),
        reverse("commitments:letter_detail", args=[pk]),
        letter,
        intro=_(
            "公开后承诺事项和权重不能再增删调整，承诺书将在党务公开页面公示，接受党员群众监督。"
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request: AuthedRequest, pk: int) -> HttpResponse:
    letter = _managed_letter(request, pk)
    form = ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_add(actor=request.user, letter=letter, **form.cleaned_data)
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("已增加承诺事项。"))
            return redirect("commitments:letter_detail", pk=letter.pk)
    return _form(
        request, form, _("增加承诺事项"), reverse("commitments:letter_detail", args=[pk]), letter
    )


@login_required
@require_GET
def item_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    item = selectors.item_get(actor=request.user, pk=pk)
    letter = item.letter
    published = letter.status != LetterStatus.DRAFT
    can_manage = _can_manage(request, letter) and not item.is_reviewed
    return render(
        request,
        "commitments/item_detail.html",
        {
            "item": item,
            "letter": letter,
            "milestones": list(item.milestones.order_by("due_on", "id")),
            "updates": list(
                item.updates.order_by("-reported_on", "-id")
                .select_related("created_by")
                .prefetch_related("evidence")
            ),
            "can_manage": can_manage,
            "can_report": can_manage and published,
            "can_review": published
            and not item.is_reviewed
            and services.can_review(request.user, letter),
            "is_draft": not published,
        },
    )


def _managed_item(request: AuthedRequest, pk: int) -> CommitmentItem:
    item = selectors.item_get(actor=request.user, pk=pk)
    scoping.require(request.user, "commitments.manage", item.letter.organization)
    return item


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _managed_item(request, pk)
    locked = item.letter.status != LetterStatus.DRAFT
    form = ItemForm(
        request.POST or None,
        locked=locked,
        initial={f: getattr(item, f) for f in services.ITEM_FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(actor=request.user, item=item, **form.cleaned_data)
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("commitments:item_detail", pk=item.pk)
    return _form(
        request,
        form,
        _("修改承诺事项"),
        reverse("commitments:item_detail", args=[pk]),
        item,
        intro=_("承诺书已公开：修改会在公开版本记录中显示修改前后的内容。") if locked else "",
    )


@login_required
@require_POST
def item_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _managed_item(request, pk)
    try:
        services.item_remove(actor=request.user, item=item)
    except RuleViolation as exc:
        messages.error(request, exc.message)
        return redirect("commitments:item_detail", pk=item.pk)
    messages.success(request, _("已删除该事项。"))
    return redirect("commitments:letter_detail", pk=item.letter_id)


@login_required
@require_http_methods(["GET", "POST"])
def progress_create(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _managed_item(request, pk)
    form = ProgressForm(
        request.POST or None, request.FILES or None, initial={"percent": item.percent}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        files = data.pop("evidence_files")
        try:
            services.progress_report(actor=request.user, item=item, files=files, **data)
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("进展已报告，并在公开页面显示。"))
            return redirect("commitments:item_detail", pk=item.pk)
    return _form(
        request,
        form,
        _("报告进展"),
        reverse("commitments:item_detail", args=[pk]),
        item,
        multipart=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_create(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _managed_item(request, pk)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_add(actor=request.user, item=item, **form.cleaned_data)
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            return redirect("commitments:item_detail", pk=item.pk)
    return _form(
        request, form, _("增加进度节点"), reverse("commitments:item_detail", args=[pk]), item
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_done(request: AuthedRequest, pk: int) -> HttpResponse:
    milestone = selectors.milestone_get(actor=request.user, pk=pk)
    scoping.require(request.user, "commitments.manage", milestone.item.letter.organization)
    form = MilestoneDoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_complete(
                actor=request.user, milestone=milestone, **form.cleaned_data
            )
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            return redirect("commitments:item_detail", pk=milestone.item_id)
    return _form(
        request,
        form,
        _("节点完成"),
        reverse("commitments:item_detail", args=[milestone.item_id]),
        milestone,
    )


@login_required
@require_http_methods(["GET", "POST"])
def shortfall(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _managed_item(request, pk)
    form = ShortfallForm(request.POST or None, initial={"note": item.shortfall_note})
    if request.method == "POST" and form.is_valid():
        try:
            services.shortfall_explain(actor=request.user, item=item, **form.cleaned_data)
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("说明已公开。"))
            return redirect("commitments:item_detail", pk=item.pk)
    return _form(
        request, form, _("未完成情况说明"), reverse("commitments:item_detail", args=[pk]), item
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_review(request: AuthedRequest, pk: int) -> HttpResponse:
    item = selectors.item_get(actor=request.user, pk=pk)
    services.require_reviewer(request.user, item.letter)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_review(actor=request.user, item=item, **form.cleaned_data)
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("评议结果已记录并公开。"))
            return redirect("commitments:letter_detail", pk=item.letter_id)
    return _form(request, form, _("年终评议"), reverse("commitments:item_detail", args=[pk]), item)


def evidence_response(evidence: Evidence) -> FileResponse:
    if not evidence.file:
        raise Http404
    inline = evidence.is_photo or evidence.content_type == "application/pdf"
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=not inline,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


@login_required
@require_GET
def evidence_download(request: AuthedRequest, pk: int) -> FileResponse:
    return evidence_response(selectors.evidence_get(actor=request.user, pk=pk))
