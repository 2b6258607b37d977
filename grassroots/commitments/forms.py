from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grassroots.core.forms import DateInput, Form

from .models import ItemCategory

ACCEPT = "image/*,.pdf,.doc,.docx,.xls,.xlsx"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (photos taken on a phone, scanned documents)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class LetterForm(Form):
    organization = forms.CharField(
        label=_("承诺单位组织代码"),
        max_length=32,
        help_text=_("县委、乡镇党委或基层党组织的组织代码"),
    )
    year = forms.IntegerField(
        label=_("年度"), min_value=2000, initial=lambda: timezone.localdate().year
    )
    secretary_name = forms.CharField(label=_("承诺人（书记）"), max_length=50)
    secretary_post = forms.CharField(label=_("职务"), max_length=100)
    title = forms.CharField(
        label=_("标题"),
        max_length=200,
        required=False,
        help_text=_("不填则为“××年度抓基层党建工作公开承诺书”"),
    )
    preamble = forms.CharField(
        label=_("承诺说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    published_in = forms.CharField(label=_("公示媒体"), max_length=200, required=False)


class LetterEditForm(Form):
    secretary_name = forms.CharField(label=_("承诺人（书记）"), max_length=50)
    secretary_post = forms.CharField(label=_("职务"), max_length=100)
    title = forms.CharField(label=_("标题"), max_length=200)
    preamble = forms.CharField(
        label=_("承诺说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    published_in = forms.CharField(label=_("公示媒体"), max_length=200, required=False)


class ItemForm(Form):
    category = forms.ChoiceField(label=_("类别"), choices=ItemCategory.choices)
    content = forms.CharField(label=_("承诺事项"), widget=forms.Textarea(attrs={"rows": 3}))
    responsible = forms.CharField(label=_("责任人"), max_length=100)
    due_on = forms.DateField(label=_("完成时限"), widget=DateInput())
    verification = forms.CharField(
        label=_("验证方式"), max_length=200, help_text=_("如：查阅文件、实地查看、群众测评")
    )
    weight = forms.IntegerField(
        label=_("权重"), min_value=1, max_value=100, help_text=_("各事项权重之和应为100")
    )

    def __init__(self, *args: Any, locked: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if locked:  # a public letter: the category and weight stay as published
            del self.fields["category"]
            del self.fields["weight"]


class PublishForm(Form):
    starts_on = forms.DateField(
        label=_("公示开始日期"), widget=DateInput(), initial=timezone.localdate
    )
    working_days = forms.IntegerField(label=_("公示期（工作日）"), min_value=1, max_value=30)


class ProgressForm(Form):
    percent = forms.IntegerField(
        label=_("完成进度（%）"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    reported_on = forms.DateField(
        label=_("报告日期"), widget=DateInput(), initial=timezone.localdate
    )
    text = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 4}))
    evidence_files = MultipleFileField(
        label=_("佐证材料"),
        required=False,
        help_text=_("可多选：照片（JPG、PNG、WEBP）或文件（PDF、Word、Excel），每个10 MB以内"),
    )


class MilestoneForm(Form):
    title = forms.CharField(label=_("节点"), max_length=200)
    due_on = forms.DateField(label=_("计划时间"), widget=DateInput())


class MilestoneDoneForm(Form):
    done_on = forms.DateField(label=_("完成时间"), widget=DateInput(), initial=timezone.localdate)


class ShortfallForm(Form):
    note = forms.CharField(
        label=_("未完成情况说明"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("向党员群众公开：未完成的原因、已做的工作和下一步措施"),
    )


class ReviewForm(Form):
    fulfilled = forms.TypedChoiceField(
        label=_("评议结论"),
        coerce=lambda v: v == "1",
        choices=[("1", _("已落实")), ("0", _("未落实"))],
        widget=forms.RadioSelect,
    )
    reviewed_on = forms.DateField(
        label=_("评议日期"), widget=DateInput(), initial=timezone.localdate
    )
    reviewing_body = forms.CharField(
        label=_("评议机关"),
        max_length=100,
        required=False,
        help_text=_("县委的承诺由上级党委评议时填写，如：咸宁市委组织部"),
    )
    note = forms.CharField(
        label=_("评议意见"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
