from __future__ import annotations

import ipaddress
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from . import request_context


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, trusting exactly ``TRUSTED_PROXY_COUNT`` reverse proxies.

    Each proxy appends the address it was reached from to ``X-Forwarded-For``, so with
    N trusted proxies the client is the N-th entry from the right; whatever stands left
    of it was written by the client and may be forged. With no trusted proxy (the
    default) the header is ignored and the socket's ``REMOTE_ADDR`` is the client."""
    from django.conf import settings

    remote = request.META.get("REMOTE_ADDR")
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if count > 0:
        hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if hops:
            return _valid_ip(hops[max(0, len(hops) - count)]) or remote
    return remote


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = request_context.set_current(
            request_context.RequestContext(
                ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", "")[:200]
            )
        )
        try:
            return self.get_response(request)
        finally:
            request_context.reset(token)


class ChineseFirstMiddleware:
    """Chinese unless the user chose otherwise.

    Browsers in county offices often say ``Accept-Language: en-US``; the platform still
    speaks Chinese until someone picks English with the language switch (a cookie).
    Placed before LocaleMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
