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


IDLE_KEY = "grassroots_last_seen"
# Write the session at most this often just to say the user is still there.
IDLE_TOUCH_SECONDS = 60


class IdleTimeoutMiddleware:
    """Sign out a session left idle for ``SESSION_IDLE_TIMEOUT`` seconds (default 30
    minutes): a shared office computer does not stay signed in for the next person.

    The absolute limit is ``SESSION_COOKIE_AGE``; this one counts from the last request.
    API calls with a token carry no session and are not affected."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        import time

        from django.conf import settings
        from django.contrib import messages
        from django.contrib.auth import logout
        from django.contrib.auth.views import redirect_to_login

        timeout = int(getattr(settings, "SESSION_IDLE_TIMEOUT", 1800) or 0)
        user = getattr(request, "user", None)
        if timeout > 0 and user is not None and user.is_authenticated:
            now = time.time()
            last = request.session.get(IDLE_KEY)
            if last is not None and now - float(last) > timeout:
                logout(request)
                if request.path_info.startswith("/api/"):
                    return JsonResponse(
                        {"detail": _("长时间未操作，已自动退出，请重新登录。")}, status=401
                    )
                messages.info(request, _("长时间未操作，已自动退出，请重新登录。"))
                return redirect_to_login(request.get_full_path())
            if last is None or now - float(last) > IDLE_TOUCH_SECONDS:
                request.session[IDLE_KEY] = now
        return self.get_response(request)


def mark_seen_at_login(
    sender: object, request: HttpRequest, user: object, **kwargs: object
) -> None:
    """Start the idle clock at login, so the first page after it does not write the
    session again just to record that the user is there."""
    import time

    if request is not None and hasattr(request, "session"):
        request.session[IDLE_KEY] = time.time()
