"""Excel pages: the import template, the import (dry run, then confirm) and the export."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from grassroots.core import scoping
from grassroots.core.exports import export_start, get_exporter
from grassroots.core.jobs import job_start
from grassroots.core.selectors import job_get, job_list
from grassroots.core.types import AuthedRequest
from grassroots.orgs.models import OrgKind
from grassroots.orgs.selectors import org_list

from .forms import ExportForm, ImportForm, member_filter_form
from .importing import build_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def import_template(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, "members.import")
    response = HttpResponse(build_template(), content_type=XLSX)
    response["Content-Disposition"] = (
        "attachment; filename*=UTF-8''%E5%85%9A%E5%91%98%E4%BF%A1%E6%81%AF%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
    )
    return response


def _start_import(request: AuthedRequest, *, path: str, org: object, dry_run: bool) -> HttpResponse:
    title = _("党员导入检查") if dry_run else _("党员导入")
    job = job_start(
        actor=request.user,
        kind="members.import",
        title=f"{title}：{org}",
        params={"path": path, "org_id": org.pk, "dry_run": dry_run},  # type: ignore[attr-defined]
        organization=org,
    )
    return redirect("members:import_job", pk=job.pk)


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, "members.import")
    orgs = org_list(actor=request.user, permission="members.import").exclude(
        kind=OrgKind.PARTY_GROUP
    )
    form = ImportForm(request.POST or None, request.FILES or None, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        path = default_storage.save(f"imports/members/{uuid.uuid4().hex}.xlsx", upload)
        return _start_import(
            request, path=path, org=form.cleaned_data["organization"], dry_run=True
        )
    recent = list(job_list(actor=request.user, kind="members.import")[:5])
    return render(request, "members/import.html", {"form": form, "recent": recent})


@login_required
@require_GET
def import_job(request: AuthedRequest, pk: int) -> HttpResponse:
    job = job_get(actor=request.user, pk=pk)
    if job.kind != "members.import":
        raise Http404
    template = "members/_import_progress.html" if request.htmx else "members/import_job.html"
    return render(request, template, {"job": job})


@login_required
@require_POST
def import_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    """After a clean dry run: import the same file for real."""
    job = job_get(actor=request.user, pk=pk)
    if job.kind != "members.import":
        raise Http404
    result = job.result or {}
    if not (result.get("dry_run") and result.get("ok")) or not default_storage.exists(
        job.params.get("path", "")
    ):
        messages.error(request, _("只有检查通过的文件才能正式导入；请重新上传。"))
        return redirect("members:import_job", pk=job.pk)
    org = (
        org_list(actor=request.user, permission="members.import")
        .filter(pk=job.params["org_id"])
        .first()
    )
    if org is None:
        raise Http404
    return _start_import(request, path=job.params["path"], org=org, dry_run=False)


@login_required
@require_http_methods(["GET", "POST"])
def export(request: AuthedRequest) -> HttpResponse:
    """Export the current filtered list (the query string) with the chosen columns."""
    scoping.require(request.user, "members.export")
    exporter = get_exporter("members.list")
    form = ExportForm(
        request.POST or None,
        columns=exporter.columns,
        initial_columns=[c.key for c in exporter.columns if c.default],
    )
    filter_form = member_filter_form(request.user, request.GET or None)
    filters = filter_form.to_filter()
    if request.method == "POST" and form.is_valid():
        job = export_start(
            actor=request.user,
            key="members.list",
            params={"filters": {k: request.GET.getlist(k) for k in request.GET if k != "page"}},
            columns=form.cleaned_data["columns"],
            organization=filters.org,
        )
        return redirect("core:job_detail", pk=job.pk)
    return render(
        request,
        "members/export.html",
        {"form": form, "filters": filters, "query": request.GET.urlencode()},
    )
