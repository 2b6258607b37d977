"""Tree browser, organization pages and the forms that change the tree."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from grassroots.accounts.scope import current_scope_org
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
    OrganizationSecretaryForm,
)
from .models import Organization, OrgKind

CHILDREN_PAGE = 100


def _children_page(
    request: AuthedRequest, parent: Organization, after: str = ""
) -> dict[str, object]:
    """One page of ``parent``'s children in tree order, after the path ``after`` (keyset
    paging on the indexed path: every page costs the same, however deep into the list)."""
    qs = selectors.org_children(actor=request.user, parent=parent)
    if after:
        qs = qs.filter(path__gt=after)
    nodes = list(qs[: CHILDREN_PAGE + 1])
    more = len(nodes) > CHILDREN_PAGE
    nodes = nodes[:CHILDREN_PAGE]
    return {"nodes": nodes, "next_after": nodes[-1].path if more else "", "parent": parent}


@login_required
@require_GET
def tree(request: AuthedRequest) -> HttpResponse:
    roots = list(selectors.org_scope_roots(actor=request.user))
    # The organization of the working scope chosen in the switcher comes first and
    # open; roots that contain it give way to it (switch scope to see them whole).
    focus = current_scope_org(request, "orgs.view")
    if focus is not None:
        roots = [focus] + [
            r for r in roots if r.pk != focus.pk and not focus.path.startswith(r.path)
        ]
    page: dict[str, object] = {"nodes": [], "next_after": ""}
    if roots and roots[0].numchild:
        page = _children_page(request, roots[0])
    return render(
        request,
        "orgs/tree.html",
        {"roots": roots, "expanded": page["nodes"], "next_after": page["next_after"]},
    )


@login_required
@require_GET
def children(request: AuthedRequest, pk: int) -> HttpResponse:
    parent = selectors.org_get(actor=request.user, pk=pk)
    after = request.GET.get("after", "")[:255]
    return render(request, "orgs/_nodes.html", _children_page(request, parent, after))


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


@login_required
@require_http_methods(["GET", "POST"])
def secretary(request: AuthedRequest, pk: int) -> HttpResponse:
    org = _manageable(request, pk)
    query = request.GET.get("q", "").strip()
    candidates = selectors.secretary_candidates(actor=request.user, org=org, query=query)
    if org.secretary is not None and all(m.pk != org.secretary_id for m in candidates):
        candidates.insert(0, org.secretary)
    form = OrganizationSecretaryForm(
        request.POST or None, candidates=candidates, initial={"member": org.secretary_id}
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["member"]
        member = next((m for m in candidates if m.pk == chosen), None)
        try:
            services.organization_set_secretary(actor=request.user, org=org, member=member)
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            if member is None:
                messages.success(request, _("已将「%(org)s」书记登记为空缺。") % {"org": org.name})
            else:
                messages.success(
                    request,
                    _("已将「%(name)s」登记为「%(org)s」书记。")
                    % {"name": member.name, "org": org.name},
                )
            return redirect("orgs:detail", pk=org.pk)
    return render(
        request,
        "orgs/secretary.html",
        {
            "form": form,
            "org": org,
            "q": query,
            "title": _("登记书记"),
            "truncated": len(candidates) >= selectors.SECRETARY_CHOICES,
            "ancestors": selectors.org_ancestors(actor=request.user, org=org),
        },
    )
