"""Admission pages: pipeline, case list, the case page, one form per step, the overdue
lists, the committees' queues and the 留党察看 register. Thin: parse, call a service or
selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from grassroots.accounts.scope import current_scope
from grassroots.core import crypto, permissions, scoping
from grassroots.core.errors import RuleViolation
from grassroots.core.forms import apply_violation
from grassroots.core.types import AuthedRequest
from grassroots.orgs import selectors as org_selectors
from grassroots.orgs.models import BRANCH_KINDS, Organization

from . import guards, selectors, services, workflow
from .forms import STEP_FORMS, ApplyForm, DisciplineForm, DocumentForm, RestoreForm
from .guards import POINTS
from .models import REQUIRED_DOCUMENTS, AssessmentPhase, CaseRole, CaseState, DocumentKind
from .rulebook import policy_1443, rules_on
from .steps import STAGES, STEPS

VIEW = "admission.view"


def _scope_org(request: AuthedRequest, org_id: Any = None) -> Organization:
    """The organization a list is about: ``org_id`` if given (404 outside the scope), else
    the organization of the role the user works in now, else their first scope root."""
    if org_id:
        return org_selectors.org_get(actor=request.user, pk=org_id, permission=VIEW)
    scope = current_scope(request)
    if scope is not None and permissions.role_has(scope.role, VIEW):
        return org_selectors.org_get(actor=request.user, pk=scope.organization_id, permission=VIEW)
    root = org_selectors.org_scope_roots(actor=request.user, permission=VIEW).first()
    if root is None:
        raise Http404
    return root


@login_required
@require_GET
def home(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, VIEW)
    return redirect("admission:pipeline", org_id=_scope_org(request).pk)


@login_required
@require_GET
def pipeline(request: AuthedRequest, org_id: int) -> HttpResponse:
    org = org_selectors.org_get(actor=request.user, pk=org_id, permission=VIEW)
    data = selectors.pipeline(actor=request.user, org=org)
    return render(
        request,
        "admission/pipeline.html",
        {
            "org": org,
            "pipeline": data,
            "overdue": selectors.overdue_counts(actor=request.user, org=org),
            "ancestors": org_selectors.org_ancestors(actor=request.user, org=org),
            "can_apply": scoping.has_permission_anywhere(request.user, workflow.MANAGE),
            "policy_1443": policy_1443(),
        },
    )


@login_required
@require_GET
def case_list(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, VIEW)
    org = _scope_org(request, request.GET.get("org"))
    try:
        stage = int(request.GET.get("stage") or 0) or None
        year = int(request.GET.get("year") or 0) or None
    except ValueError as exc:
        raise Http404 from exc
    state = request.GET.get("state", "open" if stage else "")
    cases = selectors.case_search(
        actor=request.user, org=org, stage=stage, state=state, q=request.GET.get("q", ""), year=year
    )
    page = Paginator(cases, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "admission/case_list.html",
        {
            "org": org,
            "page": page,
            "stage": stage,
            "stage_label": STAGES.get(stage or 0, ""),
            "state": state,
            "states": CaseState.choices,
            "q": request.GET.get("q", ""),
            "year": year,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, workflow.MANAGE)
    branches = (
        org_selectors.org_list(actor=request.user, permission=workflow.MANAGE)
        .filter(kind__in=list(BRANCH_KINDS))
        .order_by("path")
    )
    form = ApplyForm(request.POST or None, branches=branches)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            case = services.case_apply(actor=request.user, **data)
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("已登记%(name)s的入党申请。") % {"name": case.name})
            return redirect("admission:case_detail", pk=case.pk)
    return render(request, "admission/form.html", {"form": form, "title": _("登记入党申请")})


def _points(case: Any) -> list[dict[str, Any]]:
    """The key points with their notices and ballots (two queries): those that have some,
    and the one the case is at now."""
    from grassroots.ballots.selectors import ballots_for_subject
    from grassroots.notices.models import NoticeStatus
    from grassroots.notices.selectors import notices_for_subject

    notices = list(notices_for_subject(case))
    ballots = list(ballots_for_subject(case))
    used = set(guards.used_ids(case, "notices"))
    today = timezone.localdate()
    out = []
    for key, point in guards.POINTS.items():
        p_notices = [n for n in notices if n.purpose == point.purpose]
        p_ballots = [b for b in ballots if b.purpose == point.purpose]
        here = (
            guards.point_required(point)
            and case.state == point.state
            and not case.archived_on
            and not case.is_done(point.step)
        )
        fresh_notice = any(
            n.status == NoticeStatus.PUBLISHED and n.pk not in used for n in p_notices
        )
        can_notice = (
            here
            and case.is_done(point.notice_after)
            and not case.is_done(guards.NOTICE_BEFORE_STEP[key])
            and not fresh_notice
        )
        can_ballot = (
            guards.point_required(point)
            and case.state == point.state
            and not case.archived_on
            and case.is_done(point.ballot_after)
            and (not case.is_done(point.step) or guards.resolution_lapsed(case, today))
        )
        if not (p_notices or p_ballots or here):
            continue
        out.append(
            {
                "key": key,
                "point": point,
                "notices": p_notices,
                "ballots": p_ballots,
                "can_notice": can_notice,
                "can_ballot": can_ballot,
            }
        )
    return out


def _history(case: Any) -> list[dict[str, Any]]:
    """The 25 steps by stage; stages not reached yet are one line each."""
    rows = list(case.steps.all())
    stages = []
    for stage, label in STAGES.items():
        steps = [
            {
                "number": number,
                "step": step,
                "rows": [r for r in rows if r.step == number],
                "done": case.is_done(number),
            }
            for number, step in STEPS.items()
            if step.stage == stage
        ]
        reached = stage <= case.stage or any(s["rows"] for s in steps)
        stages.append(
            {
                "stage": stage,
                "label": label,
                "steps": steps,
                "reached": reached,
                "first": steps[0]["number"],
                "last": steps[-1]["number"],
            }
        )
    return stages


@login_required
@require_GET
def case_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_full(actor=request.user, pk=pk)
    user = request.user
    today = timezone.localdate()
    next_steps = workflow.next_steps(case, today=today)
    for n in next_steps:
        n.allowed = scoping.covers(user, n.permission, case.organization)  # type: ignore[attr-defined]
        n.record = n.verb in workflow.RECORD_VERBS  # type: ignore[attr-defined]
    documents = list(case.documents.all())
    have = {d.kind for d in documents}
    can_manage = scoping.covers(user, workflow.MANAGE, case.organization)
    return render(
        request,
        "admission/case_detail.html",
        {
            "case": case,
            "stages": [
                (
                    n,
                    label,
                    "done"
                    if n < case.stage or (n == case.stage and not case.is_open)
                    else "current"
                    if n == case.stage
                    else "todo",
                )
                for n, label in STAGES.items()
            ],
            "history": _history(case),
            "next_steps": next_steps,
            "flags": selectors.case_flags(case, today=today),
            "mentors": [p for p in case.people.all() if p.role == CaseRole.MENTOR],
            "sponsors": [p for p in case.people.all() if p.role == CaseRole.SPONSOR],
            "activist_assessments": [
                a for a in case.assessments.all() if a.phase == AssessmentPhase.ACTIVIST
            ],
            "probation_assessments": [
                a for a in case.assessments.all() if a.phase == AssessmentPhase.PROBATION
            ],
            "documents": documents,
            "missing_documents": [
                DocumentKind(k).label for k in REQUIRED_DOCUMENTS if k not in have
            ],
            "points": _points(case),
            "document_form": DocumentForm() if can_manage and not case.archived_on else None,
            "can_manage": can_manage,
            "rules": rules_on(today),
            "policy_1443": policy_1443(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_act(request: AuthedRequest, pk: int, verb: str) -> HttpResponse:
    """One step (or record) of the case: its form, what blocks it now, the service call."""
    transition = workflow.TRANSITIONS.get(verb)
    if transition is None:
        raise Http404
    case = selectors.case_get(actor=request.user, pk=pk, permission=transition.permission)
    form_class = STEP_FORMS[verb]
    form = form_class(request.POST or None, case=case, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            form.submit()
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("已登记：%(label)s。") % {"label": transition.label})
            return redirect("admission:case_detail", pk=case.pk)
    problems = workflow.check(case, verb, timezone.localdate(), today=timezone.localdate())
    return render(
        request,
        "admission/step_form.html",
        {
            "case": case,
            "form": form,
            "transition": transition,
            "title": transition.label,
            "blockers": [p.message for p in problems],
            "multipart": False,
        },
    )


@login_required
@require_POST
def document_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(actor=request.user, pk=pk, permission=workflow.MANAGE)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.case_document_upload(actor=request.user, case=case, **form.cleaned_data)
        except RuleViolation as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已上传材料。"))
    else:
        messages.error(request, _("请选择材料类别和文件。"))
    return redirect("admission:case_detail", pk=case.pk)


@login_required
@require_GET
def document_download(request: AuthedRequest, pk: int) -> FileResponse:
    doc = selectors.document_get(actor=request.user, pk=pk)
    try:
        handle = doc.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=doc.filename)


@login_required
@require_POST
def notice_publish(request: AuthedRequest, pk: int, point: str) -> HttpResponse:
    if point not in POINTS:
        raise Http404
    case = selectors.case_get(actor=request.user, pk=pk, permission=workflow.MANAGE)
    try:
        notice = services.case_notice_publish(actor=request.user, case=case, point=point)
    except RuleViolation as exc:
        messages.error(request, exc.message)
        return redirect("admission:case_detail", pk=case.pk)
    messages.success(request, _("已发布公示，公示期至%(end)s。") % {"end": notice.ends_on})
    return redirect("admission:case_detail", pk=case.pk)


@login_required
@require_POST
def ballot_create(request: AuthedRequest, pk: int, point: str) -> HttpResponse:
    if point not in POINTS:
        raise Http404
    case = selectors.case_get(actor=request.user, pk=pk, permission=workflow.MANAGE)
    try:
        with transaction.atomic():
            ballot = services.case_ballot_create(actor=request.user, case=case, point=point)
    except RuleViolation as exc:
        messages.error(request, exc.message)
        return redirect("admission:case_detail", pk=case.pk)
    messages.success(request, _("已建立无记名投票，请确定投票名单并组织表决。"))
    return redirect("ballots:detail", pk=ballot.pk)


@login_required
@require_GET
def overdue(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, VIEW)
    org = _scope_org(request, request.GET.get("org"))
    kind = request.GET.get("kind", "talks")
    if kind not in selectors.OVERDUE_KINDS:
        raise Http404
    cases = selectors.overdue_list(actor=request.user, org=org, kind=kind)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "admission/overdue.html",
        {
            "org": org,
            "kind": kind,
            "kinds": selectors.OVERDUE_KINDS,
            "counts": selectors.overdue_counts(actor=request.user, org=org),
            "page": page,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_GET
def queue(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, "admission.queue")
    return render(request, "admission/queue.html", {"queues": selectors.queues(actor=request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def discipline(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, workflow.DISCIPLINE)
    form = DisciplineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        from grassroots.members.models import Member

        member = (
            Member.objects.filter(
                scoping.scope_q(request.user, workflow.DISCIPLINE),
                id_number_hash=crypto.lookup_hash(data["id_number"]),
            )
            .select_related("organization")
            .first()
        )
        if member is None:
            form.add_error("id_number", _("在您的管理范围内找不到该身份证号的党员。"))
        else:
            try:
                services.discipline_record(
                    actor=request.user,
                    member=member,
                    started_on=data["started_on"],
                    months=data["months"],
                    decision=data["decision"],
                )
            except RuleViolation as exc:
                apply_violation(form, exc)
            else:
                messages.success(request, _("已登记。"))
                return redirect("admission:discipline")
    rows = Paginator(selectors.discipline_list(actor=request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "admission/discipline.html",
        {"form": form, "page": rows},
    )


@login_required
@require_POST
def discipline_restore(request: AuthedRequest, pk: int) -> HttpResponse:
    row = selectors.discipline_get(actor=request.user, pk=pk)
    form = RestoreForm(request.POST)
    if form.is_valid():
        try:
            services.discipline_restore(
                actor=request.user, probation=row, restored_on=form.cleaned_data["restored_on"]
            )
        except RuleViolation as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已登记恢复党员权利。"))
    else:
        messages.error(request, _("请填写恢复日期。"))
    return redirect("admission:discipline")
