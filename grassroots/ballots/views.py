"""Staff pages of a ballot: create, roll, attendance, written opinions, code printing,
open/close, paper tallies and their signatures, result, publication."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from grassroots.core import scoping
from grassroots.core.errors import RuleViolation
from grassroots.core.forms import apply_violation
from grassroots.core.types import AuthedRequest

from . import selectors, services
from .forms import (
    AttendanceForm,
    BallotCreateForm,
    CodesForm,
    MassRepresentativeForm,
    TallyForm,
    WrittenOpinionForm,
)
from .jobs import start_slip_job
from .models import Ballot, BallotStatus, PaperTally, VoterKind


def _manageable(request: AuthedRequest, pk: int) -> Ballot:
    return selectors.ballot_get(actor=request.user, pk=pk, permission="ballots.manage")


def _kind(kind: str, ballot: Ballot) -> str:
    if kind not in ballot.voter_kinds:
        raise Http404
    return kind


@login_required
@require_GET
def ballot_list(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, "ballots.view")
    status = request.GET.get("status", "")
    if status not in BallotStatus.values:
        status = ""
    page = Paginator(selectors.ballot_list(actor=request.user, status=status), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "ballots/list.html",
        {
            "page": page,
            "status": status,
            "statuses": BallotStatus.choices,
            "can_create": scoping.has_permission_anywhere(request.user, "ballots.manage"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def ballot_create(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, "ballots.manage")
    form = BallotCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        from grassroots.orgs.selectors import org_by_code

        data = form.cleaned_data
        try:
            org = org_by_code(
                actor=request.user, code=data["org_code"].strip(), permission="ballots.manage"
            )
        except Http404:
            form.add_error("org_code", _("找不到该组织代码，或该组织不在您的管理范围内。"))
        else:
            try:
                ballot = services.ballot_create(
                    actor=request.user,
                    organization=org,
                    subject=None,
                    purpose="ballots.general",
                    title=data["title"],
                    questions=data["questions"],
                    rule=data["rule"],
                    include_masses=data["include_masses"],
                    threshold=data["threshold"] or None,
                    method=data["method"],
                    meeting_date=data["meeting_date"],
                    masses_in_outcome=data["masses_in_outcome"],
                )
            except RuleViolation as exc:
                apply_violation(form, exc)
            else:
                messages.success(request, _("已创建投票，请确定投票名单。"))
                return redirect("ballots:roll", pk=ballot.pk)
    return render(request, "ballots/form.html", {"form": form, "title": _("新建无记名投票")})


@login_required
@require_GET
def ballot_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    ballot = selectors.ballot_get(actor=request.user, pk=pk)
    result = selectors.ballot_result(ballot)
    tallies = {t.kind: t for t in ballot.tallies.select_related("teller", "scrutineer")}
    codes = {
        kind: (
            ballot.codes.filter(kind=kind).count(),
            ballot.codes.filter(kind=kind, used=True).count(),
        )
        for kind in ballot.voter_kinds
    }
    return render(
        request,
        "ballots/detail.html",
        {
            "ballot": ballot,
            "questions": list(ballot.questions.all()),
            "result": result,
            "kinds": [
                {"key": k, "label": VoterKind(k).label, "tally": tallies.get(k), "codes": codes[k]}
                for k in ballot.voter_kinds
            ],
            "can_manage": scoping.covers(request.user, "ballots.manage", ballot.organization),
        },
    )


@login_required
@require_GET
def ballot_roll(request: AuthedRequest, pk: int) -> HttpResponse:
    ballot = selectors.ballot_get(actor=request.user, pk=pk)
    can_manage = scoping.covers(request.user, "ballots.manage", ballot.organization)
    return render(
        request,
        "ballots/roll.html",
        {
            "ballot": ballot,
            "roll": selectors.ballot_roll(ballot),
            "mass_form": MassRepresentativeForm()
            if can_manage and ballot.include_masses and ballot.status == BallotStatus.DRAFT
            else None,
            "can_manage": can_manage,
        },
    )


def _act(
    request: AuthedRequest, ballot: Ballot, action: Callable[[], Any], success: str, target: str
) -> HttpResponse:
    """Run a state change posted from a button; a refusal is shown on the next page."""
    try:
        action()
    except RuleViolation as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(target, pk=ballot.pk)


@login_required
@require_POST
def mass_add(request: AuthedRequest, pk: int) -> HttpResponse:
    ballot = _manageable(request, pk)
    form = MassRepresentativeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写群众代表的姓名和产生方式。"))
        return redirect("ballots:roll", pk=ballot.pk)
    return _act(
        request,
        ballot,
        lambda: services.ballot_add_mass_representative(
            actor=request.user, ballot=ballot, **form.cleaned_data
        ),
        _("已登记群众代表%(name)s。") % {"name": form.cleaned_data["name"]},
        "ballots:roll",
    )


@login_required
@require_POST
def freeze(request: AuthedRequest, pk: int) -> HttpResponse:
    ballot = _manageable(request, pk)
    return _act(
        request,
        ballot,
        lambda: services.ballot_freeze_roll(actor=request.user, ballot=ballot),
        _("投票名单已确定，不能再更改。"),
        "ballots:roll",
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: AuthedRequest, pk: int) -> HttpResponse:
    ballot = _manageable(request, pk)
    roll = selectors.ballot_roll(ballot)
    form = AttendanceForm(
        request.POST if request.method == "POST" else None,  # nobody ticked: nobody present
        roll=roll,
        initial={"present": [str(e.pk) for e in roll if e.present]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.ballot_record_attendance(
                actor=request.user,
                ballot=ballot,
                present=[int(v) for v in form.cleaned_data["present"]],
            )
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("已登记到会情况。"))
            return redirect("ballots:detail", pk=ballot.pk)
    members = [e for e in roll if e.kind == VoterKind.MEMBER]
    masses = [e for e in roll if e.kind == VoterKind.MASS]
    return render(
        request,
        "ballots/attendance.html",
        {"ballot": ballot, "form": form, "members": members, "masses": masses},
    )


@login_required
@require_http_methods(["GET", "POST"])
def written_opinion(request: AuthedRequest, pk: int, entry_pk: int) -> HttpResponse:
    ballot = _manageable(request, pk)
    entry = selectors.roll_entry_get(ballot=ballot, pk=entry_pk)
    questions = list(ballot.questions.all())
    form = WrittenOpinionForm(
        request.POST or None, questions=questions, initial={"received_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.ballot_record_written_opinion(
                actor=request.user,
                ballot=ballot,
                entry=entry,
                choices=form.choices(),
                received_on=form.cleaned_data["received_on"],
            )
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("已登记%(name)s的书面意见。") % {"name": entry.name})
            return redirect("ballots:roll", pk=ballot.pk)
    return render(
        request,
        "ballots/form.html",
        {
            "form": form,
            "ballot": ballot,
            "title": _("登记书面意见：%(name)s") % {"name": entry.name},
            "help": _(
                "因故不能到会的有表决权党员在会前提交的书面意见，计入表决票数，不计入到会人数。"
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def codes(request: AuthedRequest, pk: int) -> HttpResponse:
    ballot = _manageable(request, pk)
    form = CodesForm(request.POST or None, ballot=ballot)
    if request.method == "POST" and form.is_valid():
        try:
            job = start_slip_job(
                actor=request.user,
                ballot=ballot,
                count=form.cleaned_data["count"],
                kind=form.cleaned_data["kind"],
                base_url=request.build_absolute_uri("/"),
            )
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            return redirect("core:job_detail", pk=job.pk)
    issued = {k: ballot.codes.filter(kind=k).count() for k in ballot.voter_kinds}
    return render(
        request,
        "ballots/codes.html",
        {
            "ballot": ballot,
            "form": form,
            "issued": [(VoterKind(k).label, n) for k, n in issued.items()],
        },
    )


@login_required
@require_POST
def ballot_open(request: AuthedRequest, pk: int) -> HttpResponse:
    ballot = _manageable(request, pk)
    return _act(
        request,
        ballot,
        lambda: services.ballot_open(actor=request.user, ballot=ballot),
        _("已开始投票。"),
        "ballots:detail",
    )


@login_required
@require_POST
def ballot_close(request: AuthedRequest, pk: int) -> HttpResponse:
    ballot = _manageable(request, pk)
    return _act(
        request,
        ballot,
        lambda: services.ballot_close(actor=request.user, ballot=ballot),
        _("投票已结束。请录入纸质票统计，并由计票人、监票人签字。"),
        "ballots:detail",
    )


@login_required
@require_POST
def ballot_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    ballot = _manageable(request, pk)
    return _act(
        request,
        ballot,
        lambda: services.ballot_publish(actor=request.user, ballot=ballot),
        _("已公布表决结果。"),
        "ballots:result",
    )


@login_required
@require_http_methods(["GET", "POST"])
def tally(request: AuthedRequest, pk: int, kind: str) -> HttpResponse:
    ballot = _manageable(request, pk)
    kind = _kind(kind, ballot)
    questions = list(ballot.questions.all())
    existing = (
        PaperTally.objects.filter(ballot=ballot, kind=kind)
        .select_related("teller", "scrutineer")
        .prefetch_related("lines__question")
        .first()
    )
    initial: dict[str, Any] = {}
    if existing is not None:
        initial["collected"] = existing.collected
        for line in existing.lines.all():
            for part in ("yes", "no", "abstain", "invalid"):
                initial[f"q{line.question.index}_{part}"] = getattr(line, part)
    form = TallyForm(request.POST or None, questions=questions, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.ballot_enter_paper_tally(
                actor=request.user,
                ballot=ballot,
                kind=kind,
                collected=form.cleaned_data["collected"],
                lines=form.lines(),
            )
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(request, _("已保存。核对无误后请计票人签字。"))
            return redirect("ballots:tally", pk=ballot.pk, kind=kind)
    result = selectors.ballot_result(ballot)
    return render(
        request,
        "ballots/tally.html",
        {
            "ballot": ballot,
            "kind": kind,
            "kind_label": VoterKind(kind).label,
            "form": form,
            "tally": existing,
            "present": result.attended if kind == VoterKind.MEMBER else result.masses_attended,
            "online": result.online_cast[kind],
            "editable": ballot.status == BallotStatus.CLOSED
            and (existing is None or existing.teller_id is None),
        },
    )


@login_required
@require_POST
def tally_sign(request: AuthedRequest, pk: int, kind: str) -> HttpResponse:
    ballot = _manageable(request, pk)
    kind = _kind(kind, ballot)
    try:
        signed = services.ballot_sign_tally(actor=request.user, ballot=ballot, kind=kind)
    except RuleViolation as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("已作为监票人签字，统计结果已确定。")
            if signed.is_final
            else _("已作为计票人签字。请另一名工作人员作为监票人核对后签字。"),
        )
    return redirect("ballots:tally", pk=ballot.pk, kind=kind)


@login_required
@require_GET
def ballot_result(request: AuthedRequest, pk: int) -> HttpResponse:
    ballot = selectors.ballot_get(actor=request.user, pk=pk)
    return render(
        request,
        "ballots/result.html",
        {
            "ballot": ballot,
            "result": selectors.ballot_result(ballot),
            "can_manage": scoping.covers(request.user, "ballots.manage", ballot.organization),
        },
    )
