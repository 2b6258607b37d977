from __future__ import annotations

import base64
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from grassroots.core import scoping
from grassroots.core.errors import RuleViolation
from grassroots.core.forms import apply_violation
from grassroots.core.types import AuthedRequest

from . import scope, selectors, services
from .forms import (
    LoginForm,
    OtpTokenForm,
    PasswordChangeForm,
    RoleGrantForm,
    TokenCreateForm,
    UserCreateForm,
    UserDeactivateForm,
)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["county_name"] = settings.GRASSROOTS["COUNTY_NAME"]
        return ctx

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.login_record(user=form.get_user(), login=form.cleaned_data["username"])
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        login = str(self.request.POST.get("username", ""))
        # Axes marks the request once the limit is reached; its middleware then answers
        # with :func:`lockout` instead of this page.
        if login.strip() and self.request.POST.get("password"):
            services.login_failure_record(
                login=login, locked=bool(getattr(self.request, "axes_locked_out", False))
            )
        return super().form_invalid(form)


def lockout(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    hours = settings.AXES_COOLOFF_TIME
    minutes = int(float(hours) * 60) if isinstance(hours, int | float) else 30
    return render(request, "accounts/locked.html", {"minutes": minutes}, status=429)


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: AuthedRequest) -> HttpResponse:
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"].strip().lower())
        if device is None:
            form.add_error(
                "token",
                _(
                    "动态口令不正确，请核对手机上的6位数字（注意时间同步），或输入一个未用过的备用码。"
                ),
            )
        else:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                services.otp_backup_code_used(actor=request.user)
                messages.warning(
                    request,
                    _("您用备用码完成了验证，该备用码已作废。备用码用完前请找回手机或重新生成。"),
                )
            return HttpResponseRedirect(_safe_next(request, reverse("home")))
    return render(
        request, "accounts/otp_verify.html", {"form": form, "next": request.GET.get("next", "")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: AuthedRequest) -> HttpResponse:
    if request.user.is_verified():  # type: ignore[attr-defined]  # set by OTPMiddleware
        return redirect("accounts:profile")
    device = services.otp_device_pending(actor=request.user)
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.otp_enroll_confirm(
                actor=request.user, device=device, token=form.cleaned_data["token"]
            )
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            otp_login(request, device)
            messages.success(request, _("已启用动态口令。以后登录时需输入手机上的6位数字。"))
            return _backup_codes_page(request, codes)
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4)
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request, "accounts/otp_setup.html", {"form": form, "qr_svg": qr_svg, "secret": secret}
    )


def _backup_codes_page(request: AuthedRequest, codes: list[str]) -> HttpResponse:
    """The backup codes, this once: they are not shown again."""
    response = render(
        request,
        "accounts/otp_backup_codes.html",
        {"codes": codes, "next": _safe_next(request, reverse("home"))},
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def otp_backup_renew(request: AuthedRequest) -> HttpResponse:
    try:
        codes = services.otp_backup_codes_renew(actor=request.user)
    except RuleViolation as exc:
        messages.error(request, exc.message)
        return redirect("accounts:profile")
    return _backup_codes_page(request, codes)


@login_required
@require_GET
def profile(request: AuthedRequest) -> HttpResponse:
    return render(request, "accounts/profile.html", _profile_context(request))


def _profile_context(request: AuthedRequest, **extra: Any) -> dict[str, Any]:
    from grassroots.core.roles import Role

    ctx: dict[str, Any] = {
        "assignments": [(a, Role(a.role).label) for a in scoping.assignments_of(request.user)],
        "tokens": list(selectors.token_list(actor=request.user)),
        "token_form": TokenCreateForm(),
        "password_form": PasswordChangeForm(),
        "has_otp": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists(),
        "backup_left": StaticToken.objects.filter(device__user=request.user).count(),
    }
    ctx.update(extra)
    return ctx


@login_required
@require_POST
def token_create(request: AuthedRequest) -> HttpResponse:
    form = TokenCreateForm(request.POST)
    if form.is_valid():
        try:
            token, secret = services.token_create(actor=request.user, **form.cleaned_data)
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            return render(
                request,
                "accounts/profile.html",
                _profile_context(request, new_secret=secret, new_token=token),
            )
    return render(
        request, "accounts/profile.html", _profile_context(request, token_form=form), status=400
    )


@login_required
@require_POST
def token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    token = scoping.get_scoped_or_404(selectors.token_list(actor=request.user), pk=pk)
    services.token_revoke(actor=request.user, token=token)
    messages.success(
        request, _("已撤销令牌「%(name)s」，使用它的程序将无法再访问。") % {"name": token.name}
    )
    return redirect("accounts:profile")


@login_required
@require_POST
def password_change(request: AuthedRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST)
    if form.is_valid():
        try:
            services.password_change(
                actor=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("密码已修改。"))
            return redirect("accounts:profile")
    return render(
        request, "accounts/profile.html", _profile_context(request, password_form=form), status=400
    )


@login_required
@require_POST
def scope_switch(request: AuthedRequest) -> HttpResponse:
    try:
        assignment_id = int(request.POST.get("assignment", ""))
    except ValueError:
        assignment_id = 0
    if not scope.set_scope(request, assignment_id):
        messages.error(request, _("无法切换到该工作范围。"))
    return HttpResponseRedirect(_safe_next(request, reverse("home")))


def _org_for_roles(request: AuthedRequest, code: str) -> Any:
    from grassroots.orgs.selectors import org_by_code

    return org_by_code(actor=request.user, code=code.strip(), permission="accounts.manage_roles")


@login_required
@require_GET
def users(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, "accounts.manage_roles")
    qs = selectors.role_assignment_list(actor=request.user)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(
            Q(user__username__contains=q)
            | Q(user__full_name__contains=q)
            | Q(organization__name__contains=q)
        )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/users.html",
        {
            "page": page,
            "q": q,
            "create_form": UserCreateForm(),
            "grant_form": RoleGrantForm(),
            "can_manage_security": scoping.has_permission_anywhere(
                request.user, "accounts.manage_security"
            ),
        },
    )


@login_required
@require_POST
def user_create(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, "accounts.manage_roles")
    form = UserCreateForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            org = _org_for_roles(request, data["org_code"])
        except Http404:
            form.add_error("org_code", _("找不到该组织代码，或它不在您的管理范围内。"))
        else:
            try:
                user = services.user_create(
                    actor=request.user,
                    username=data["username"],
                    password=data["password"],
                    full_name=data["full_name"],
                    mobile=data["mobile"] or None,
                    role=data["role"],
                    organization=org,
                    title=data["title"],
                )
            except RuleViolation as exc:
                apply_violation(form, exc)
            else:
                messages.success(
                    request, _("已创建用户「%(name)s」并授予角色。") % {"name": user.display_name}
                )
                return redirect("accounts:users")
    page = Paginator(selectors.role_assignment_list(actor=request.user), 50).get_page(1)
    return render(
        request,
        "accounts/users.html",
        {"page": page, "create_form": form, "grant_form": RoleGrantForm(), "open": "create"},
        status=400,
    )


@login_required
@require_POST
def role_grant(request: AuthedRequest) -> HttpResponse:
    scoping.require(request.user, "accounts.manage_roles")
    form = RoleGrantForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        user = selectors.user_by_login(data["username"])
        try:
            org = _org_for_roles(request, data["org_code"])
        except Http404:
            form.add_error("org_code", _("找不到该组织代码，或它不在您的管理范围内。"))
        else:
            if user is None:
                form.add_error("username", _("没有这个用户。"))
            else:
                try:
                    services.role_grant(
                        actor=request.user,
                        user=user,
                        role=data["role"],
                        organization=org,
                        title=data["title"],
                    )
                except RuleViolation as exc:
                    apply_violation(form, exc)
                else:
                    messages.success(request, _("已授予角色。"))
                    return redirect("accounts:users")
    page = Paginator(selectors.role_assignment_list(actor=request.user), 50).get_page(1)
    return render(
        request,
        "accounts/users.html",
        {"page": page, "create_form": UserCreateForm(), "grant_form": form, "open": "grant"},
        status=400,
    )


@login_required
@require_POST
def role_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    assignment = scoping.get_scoped_or_404(
        selectors.role_assignment_list(actor=request.user, include_revoked=True), pk=pk
    )
    try:
        services.role_revoke(actor=request.user, assignment=assignment)
    except RuleViolation as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已撤销该角色。"))
    return redirect("accounts:users")


@login_required
@require_POST
def user_otp_reset(request: AuthedRequest, pk: int) -> HttpResponse:
    user = selectors.user_managed_get(actor=request.user, pk=pk)
    try:
        services.user_otp_reset(actor=request.user, user=user)
    except RuleViolation as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("已重置「%(name)s」的动态口令；其下次登录时需重新绑定身份验证器。")
            % {"name": user.display_name},
        )
    return redirect("accounts:users")


@login_required
@require_http_methods(["GET", "POST"])
def user_deactivate(request: AuthedRequest, pk: int) -> HttpResponse:
    user = selectors.user_managed_get(actor=request.user, pk=pk)
    form = UserDeactivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_deactivate(
                actor=request.user, user=user, reason=form.cleaned_data["reason"]
            )
        except RuleViolation as exc:
            apply_violation(form, exc)
        else:
            messages.success(
                request,
                _("已停用「%(name)s」的账号。记录与历史仍然保留。") % {"name": user.display_name},
            )
            return redirect("accounts:users")
    return render(request, "accounts/user_deactivate.html", {"form": form, "target": user})
