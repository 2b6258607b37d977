from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from grassroots.core.forms import Form

# Anti-spam on the public objection form: a honeypot field that people do not see, and a
# signed time of rendering — a form sent back within MIN_FILL_SECONDS is a robot's.
FORM_SALT = "grassroots.notices.objection-form"
MIN_FILL_SECONDS = 3
MAX_FORM_AGE = 4 * 3600


def form_token(now: float | None = None) -> str:
    return signing.dumps(int(now if now is not None else time.time()), salt=FORM_SALT)


class ObjectionForm(Form):
    content = forms.CharField(
        label=_("意见内容"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("请写明对公示对象的具体意见和事实依据，最多2000字。"),
    )
    anonymous = forms.BooleanField(label=_("匿名提出（不留姓名和联系方式）"), required=False)
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    contact = forms.CharField(
        label=_("联系方式"),
        max_length=100,
        required=False,
        help_text=_("手机号或地址，便于组织向您核实和答复；仅工作人员可见。"),
    )
    website = forms.CharField(
        label=_("网址（请留空）"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["started"].initial = form_token()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("website"):
            raise forms.ValidationError(_("提交未成功，请重新填写。"), code="spam")
        try:
            started = int(signing.loads(data.get("started") or "", salt=FORM_SALT))
        except (signing.BadSignature, TypeError, ValueError) as exc:
            raise forms.ValidationError(_("页面已失效，请刷新后重新填写。"), code="token") from exc
        elapsed = time.time() - started
        if elapsed < MIN_FILL_SECONDS:
            raise forms.ValidationError(_("提交过快，请确认内容后再提交。"), code="too_fast")
        if elapsed > MAX_FORM_AGE:
            raise forms.ValidationError(_("页面打开太久已失效，请刷新后重新填写。"), code="token")
        if not data.get("anonymous") and not (data.get("name") or "").strip():
            self.add_error("name", _("实名提出请填写姓名；不愿留名的，请勾选“匿名提出”。"))
        return data


class ObjectionLookupForm(Form):
    reference = forms.CharField(
        label=_("意见编号"), max_length=20, help_text=_("提出意见后页面上显示的10位编号。")
    )


class WithdrawForm(Form):
    reason = forms.CharField(
        label=_("撤回原因"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(Form):
    investigation = forms.CharField(
        label=_("调查核实情况"), widget=forms.Textarea(attrs={"rows": 4})
    )
    answer = forms.CharField(label=_("答复意见"), widget=forms.Textarea(attrs={"rows": 4}))


class NoticeFilterForm(Form):
    state = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[
            ("", _("全部")),
            ("open", _("公示中")),
            ("pending", _("有未答复意见")),
            ("ended", _("公示期满")),
            ("withdrawn", _("已撤回")),
        ],
    )


def _parse_days(text: str, *, working: bool) -> list[tuple[dt.date, bool, str]]:
    """Lines like ``2027-01-01 元旦`` or ``2027-02-01 至 2027-02-07 春节``."""
    rows: list[tuple[dt.date, bool, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().replace("～", "至").replace("~", "至")
        if not line:
            continue
        parts = line.split()
        try:
            first = dt.date.fromisoformat(parts[0])
            last, rest = first, parts[1:]
            if len(parts) >= 3 and parts[1] in ("至", "-", "到"):
                last, rest = dt.date.fromisoformat(parts[2]), parts[3:]
        except (ValueError, IndexError) as exc:
            raise forms.ValidationError(
                _(
                    "第%(n)d行“%(line)s”看不懂：请写成“2027-01-01 元旦”或“2027-02-10 至 2027-02-16 春节”。"
                )
                % {"n": number, "line": raw.strip()}
            ) from exc
        if last < first or (last - first).days > 15:
            raise forms.ValidationError(_("第%(n)d行的日期范围不正确。") % {"n": number})
        name = " ".join(rest)[:50]
        day = first
        while day <= last:
            rows.append((day, working, name))
            day += dt.timedelta(days=1)
    return rows


class HolidayYearForm(Form):
    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2100)
    holidays = forms.CharField(
        label=_("放假日期"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "每行一天或一段：“2027-01-01 元旦”“2027-02-10 至 2027-02-16 春节”。周末放假也可一并填写。"
        ),
    )
    workdays = forms.CharField(
        label=_("调休上班日期（周末）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("每行一天：“2027-02-07 春节调休上班”。"),
    )
    source = forms.CharField(
        label=_("依据"),
        max_length=200,
        required=False,
        help_text=_("如：国务院办公厅关于2027年部分节假日安排的通知。"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            data["days"] = _parse_days(data.get("holidays") or "", working=False) + _parse_days(
                data.get("workdays") or "", working=True
            )
        except forms.ValidationError as exc:
            self.add_error(None, exc)
        return data
