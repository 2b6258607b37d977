from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import scoping
from .audit import registered_types, show_to
from .forms import AuditSearchForm
from .selectors import job_get, log_entry_search
from .types import AuthedRequest


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if scoping.has_permission_anywhere(request.user, "stats.view"):
        return redirect("stats:dashboard")
    return redirect("accounts:profile")


@login_required
@require_GET
def audit_search(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, "audit.view")
    form = AuditSearchForm(request.GET or None, action_types=sorted(registered_types()))
    entries = log_entry_search(actor=request.user)
    org = None
    if form.is_valid():
        data = form.cleaned_data
        org_path = ""
        if data.get("org"):
            from grassroots.orgs.selectors import org_by_code

            try:
                org = org_by_code(actor=request.user, code=data["org"], permission="audit.view")
            except Http404:
                form.add_error("org", _("找不到该组织代码，或它不在您的审计范围内。"))
            else:
                org_path = org.path
        entries = log_entry_search(
            actor=request.user,
            who=data.get("who") or "",
            action_type=data.get("action_type") or "",
            org_path=org_path,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
    page = Paginator(entries.select_related("organization"), 50).get_page(request.GET.get("page"))
    page.object_list = show_to(page.object_list, request.user)
    return render(request, "core/audit_search.html", {"form": form, "page": page, "org": org})


@login_required
@require_GET
def job_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    job = job_get(actor=request.user, pk=pk)
    template = "core/_job_progress.html" if request.htmx else "core/job_detail.html"
    return render(request, template, {"job": job})


@login_required
@require_GET
def job_download(request: AuthedRequest, pk: int) -> HttpResponse | FileResponse:
    job = job_get(actor=request.user, pk=pk)
    if not job.result_file:
        raise Http404
    return FileResponse(
        job.result_file.open("rb"),
        as_attachment=True,
        filename=job.result_filename or str(job.result_file.name).rsplit("/", 1)[-1],
    )
