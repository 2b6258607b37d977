from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from grassroots.core.forms import BootstrapMixin, Form
from grassroots.core.roles import Role
from grassroots.core.validators import validate_mobile


class LoginForm(BootstrapMixin, AuthenticationForm):
    username = forms.CharField(
        label=_("用户名或手机号"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("用户名（手机号）或密码不正确。连续输错多次，账号将被暂时锁定。"),
        "inactive": _("该账号已停用，请联系上级党组织。"),
    }


class OtpTokenForm(Form):
    token = forms.CharField(
        label=_("动态口令"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
        help_text=_(
            "打开手机上的身份验证器应用，输入显示的6位数字；手机不在身边时，可输入一个备用码。"
        ),
    )


class TokenCreateForm(Form):
    name = forms.CharField(label=_("令牌名称"), max_length=100, help_text=_("例如：县统计系统对接"))
    expires_at = forms.DateTimeField(
        label=_("过期时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class PasswordChangeForm(Form):
    old_password = forms.CharField(
        label=_("原密码"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    new_password = forms.CharField(
        label=_("新密码"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少10位，不能全是数字，不能与用户名相近。"),
    )
    new_password2 = forms.CharField(
        label=_("再次输入新密码"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("new_password") and data.get("new_password") != data.get("new_password2"):
            self.add_error("new_password2", _("两次输入的新密码不一致。"))
        return data


class UserCreateForm(Form):
    username = forms.CharField(
        label=_("用户名"), max_length=150, help_text=_("字母、数字或下划线，登录时使用。")
    )
    full_name = forms.CharField(label=_("姓名"), max_length=50)
    mobile = forms.CharField(
        label=_("手机号"), max_length=11, required=False, validators=[validate_mobile]
    )
    password = forms.CharField(
        label=_("初始密码"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少10位；请当面或电话告知本人，并提醒首次登录后修改。"),
    )
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    org_code = forms.CharField(label=_("组织代码"), max_length=32)
    title = forms.CharField(label=_("职务"), max_length=50, required=False)


class RoleGrantForm(Form):
    username = forms.CharField(label=_("用户名或手机号"), max_length=150)
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    org_code = forms.CharField(label=_("组织代码"), max_length=32)
    title = forms.CharField(label=_("职务"), max_length=50, required=False)


class UserDeactivateForm(Form):
    reason = forms.CharField(
        label=_("停用原因"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例如：调离本县、不再担任支部书记。"),
    )
