"""The REST API at /api/v1 (django-ninja). Each app adds its router in ``api.py``.

Authentication: a personal access token (``Authorization: Bearer gr_…``) or the browser
session (with CSRF). The same services and scoped selectors as the UI: an object outside
the caller's scope is a 404, a refused rule a 422 with the rule's message.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from grassroots.core.errors import RuleViolation


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from grassroots.accounts.selectors import token_for_secret
        from grassroots.accounts.services import token_touch

        api_token = token_for_secret(token)
        if api_token is None:
            return None
        token_touch(api_token)
        request.user = api_token.user
        return api_token.user


api = NinjaAPI(
    title="基层党建工作管理平台 API",
    version="1",
    description=_("Grassroots REST API. 所有接口均按调用者的组织范围过滤；范围外的对象返回 404。"),
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
)


@api.exception_handler(RuleViolation)
def rule_violation(request: HttpRequest, exc: RuleViolation) -> HttpResponse:
    return api.create_response(
        request, {"detail": exc.message, "rule": exc.rule, "field": exc.field}, status=422
    )


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": _("您没有执行此操作的权限。")}, status=403)


def _mount_routers() -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("grassroots."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.api")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.api":
                raise
            continue
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router(f"/{getattr(module, 'PREFIX', config.label)}/", router)


_mount_routers()
