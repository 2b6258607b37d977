"""Tree browser, organization pages and the forms that change the tree."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from grassroots.core import scoping
from grassroots.core.errors import RuleViolation
from grassroots.core.forms import apply_violation
from grassroots.core.types import AuthedRequest

from . import selectors, services
from .forms import (
    OrganizationCreateForm,
    OrganizationDissolveForm,
    OrganizationEditForm,
    OrganizationMoveForm,
)
from .models import Organization, OrgKind

CHILDREN_PAGE = 200


@login_required
@require_GET
def tree(request: AuthedRequest) -> HttpResponse:
    roots = list(selectors.org_scope_roots(actor=request.user))
    # One root (the usual case): show its children straight away.
    expanded = []
    if len(roots) == 1 and roots[0].numchild:
        expanded = list(
            selectors.org_children(actor=request.user, parent=roots[0])[: CHILDREN_PAGE + 1]
        )
    return render(
        request,
        "orgs/tree.html",
        {
            "roots": roots,
            "expanded": expanded[:CHILDREN_PAGE],
            "more": len(expanded) > CHILDREN_PAGE,
        },
    )


@login_required
@require_GET
def children(request: AuthedRequest, pk: int) -> HttpResponse:
    parent = selectors.org_get(actor=request.user, pk=pk)
    nodes = list(selectors.org_children(actor=request.user, parent=parent)[: CHILDREN_PAGE + 1])
    return render(
        request,
        "orgs/_nodes.html",
        {"nodes": nodes[:CHILDREN_PAGE], "more": len(nodes) > CHILDREN_PAGE, "parent": parent},
    )


@login_required
@require_GET
def search(request: AuthedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    results = list(selectors.org_search(actor=request.user, query=query)) if query else []
    template = "orgs/_search_results.html" if request.htmx else "orgs/search.html"
    return render(request, template, {"results": results, "q": query})


def _detail_context(request: AuthedRequest, org: Organization) -> dict[str, object]:
    from grassroots.members.selectors import active_member_count

    user = request.user
    return {
        "org": org,
        "ancestors": selectors.org_ancestors(actor=user, org=org),
        "children": list(selectors.org_children(actor=user, parent=org)[:50]),
        "kind_counts": [
            (OrgKind(k).label, n) for k, n in sorted(selectors.org_subtree_counts(org=org).items())
        ],
        "member_count": active_member_count(org),
        "can_add_child": org.is_active and scoping.covers(user, "orgs.manage", org),
        "can_manage": org.is_active and scoping.covers_strictly(user, "orgs.manage", org),
    }


@login_required
@require_GET
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    org = selectors.org_get(actor=request.user, pk=pk)
    return render(request, "orgs/detail.html", _detail_context(request, org))


def _manageable(request: AuthedRequest, pk: int, *, children_only: bool = False) -> Organization:
    """The organization, if the actor may change it (404 otherwise, as for unseen objects)."""
    org = selectors.org_get(actor=request.user, pk=pk, permission="orgs.manage")
    allowed = (
        scoping.covers(request.user, "orgs.manage", org)
        if children_only
        else scoping.covers_strictly(request.user, "orgs.manage", org)
    )
    if not allowed:
        raise Http404
    return org


@login_required
@require_http_methods(["GET", "POST"])
def create(request: AuthedRequest, pk: int) -> HttpResponse:
    parent = _manageable(request, pk, children_only=True)
    form = OrganizationCreateForm(request.POST or None, initial={"sector": parent.sector})
    if request.method == "POST" and form.is_valid():
        try:
            org = services.organization_create(
                actor=request.user, parent=parent, **form.cleaned_data
            )
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("已创建「%(name)s」。") % {"name": org.name})
            return redirect("orgs:detail", pk=org.pk)
    return render(
        request,
        "orgs/form.html",
        {
            "form": form,
            "org": parent,
            "title": _("新建下级组织"),
            "ancestors": selectors.org_ancestors(actor=request.user, org=parent),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthedRequest, pk: int) -> HttpResponse:
    org = _manageable(request, pk)
    initial = {
        f: getattr(org, f)
        for f in ("name", "short_name", "sector", "founded_on", "phone", "address")
    }
    form = OrganizationEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(actor=request.user, org=org, **form.cleaned_data)
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("orgs:detail", pk=org.pk)
    return render(
        request,
        "orgs/form.html",
        {
            "form": form,
            "org": org,
            "title": _("修改组织信息"),
            "ancestors": selectors.org_ancestors(actor=request.user, org=org),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def move(request: AuthedRequest, pk: int) -> HttpResponse:
    org = _manageable(request, pk)
    form = OrganizationMoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new_parent = selectors.org_by_code(
                actor=request.user,
                code=form.cleaned_data["new_parent"].strip(),
                permission="orgs.manage",
            )
        except Http404:
            form.add_error("new_parent", _("找不到该组织代码，或该组织不在您的管理范围内。"))
        else:
            try:
                services.organization_move(actor=request.user, org=org, new_parent=new_parent)
            except RuleViolation as exc:
                apply_violation(form, exc)
            else:
                messages.success(
                    request,
                    _("已将「%(name)s」调整到「%(parent)s」之下。")
                    % {"name": org.name, "parent": new_parent.name},
                )
                return redirect("orgs:detail", pk=org.pk)
    return render(
        request,
        "orgs/form.html",
        {
            "form": form,
            "org": org,
            "title": _("调整隶属关系"),
            "ancestors": selectors.org_ancestors(actor=request.user, org=org),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def dissolve(request: AuthedRequest, pk: int) -> HttpResponse:
    org = _manageable(request, pk)
    form = OrganizationDissolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_dissolve(actor=request.user, org=org, **form.cleaned_data)
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(
                request, _("已撤销「%(name)s」。记录与历史仍然保留。") % {"name": org.name}
            )
            return redirect("orgs:detail", pk=org.pk)
    return render(
        request,
        "orgs/form.html",
        {
            "form": form,
            "org": org,
            "title": _("撤销组织"),
            "danger": True,
            "ancestors": selectors.org_ancestors(actor=request.user, org=org),
        },
    )
