from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest


class UsernameOrMobileBackend(ModelBackend):
    """Log in with the username or the mobile number."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if not username or password is None:
            return None
        model = get_user_model()
        login = username.strip()
        user = model.objects.filter(username=login).first()
        if user is None and login.isdigit():
            user = model.objects.filter(mobile=login).first()
        if user is None:
            model().set_password(password)  # same time whether or not the user exists
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def canonical_login(login: str | None) -> str | None:
    """The username a login name stands for: a mobile number of a user becomes that
    user's username, so failures by number and by name count against one account."""
    if not login:
        return login
    login = login.strip()
    model = get_user_model()
    if login.isdigit() and not model.objects.filter(username=login).exists():
        username = model.objects.filter(mobile=login).values_list("username", flat=True).first()
        if username:
            return str(username)
    return login


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """``AXES_USERNAME_CALLABLE``: the canonical username of the attempted login."""
    source = credentials if credentials else getattr(request, "POST", {})
    return canonical_login(source.get("username"))
