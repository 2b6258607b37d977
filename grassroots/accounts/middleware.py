from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .selectors import requires_second_factor

EXEMPT_URL_NAMES = {
    "accounts:otp_verify",
    "accounts:otp_setup",
    "accounts:logout",
    "accounts:login",
    "set_language",
}


class SecondFactorMiddleware:
    """A user who must use a second factor reaches nothing else until verified.

    County organization department administrators must; anyone who enrolled a device
    does. Users without a device are sent to enrol one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and requires_second_factor(user)
        ):
            match = getattr(request, "resolver_match", None)
            from django.urls import Resolver404, resolve

            try:
                match = resolve(request.path_info)
            except Resolver404:
                match = None
            name = match.view_name if match else ""
            if name not in EXEMPT_URL_NAMES and not request.path_info.startswith("/static/"):
                if request.path_info.startswith("/api/"):
                    return JsonResponse({"detail": _("请先完成二次验证。")}, status=403)
                from django_otp import user_has_device

                target = "accounts:otp_verify" if user_has_device(user) else "accounts:otp_setup"
                return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)
