from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grassroots.core.forms import DateInput, Form
from grassroots.orgs.models import Sector

from .models import FundSource, LeaderLevel, MeetingKind, ProblemCategory


class PointFilterForm(Form):
    q = forms.CharField(
        label=_("搜索"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("联系点、领导姓名或职务")}),
    )
    level = forms.ChoiceField(
        label=_("领导层级"), required=False, choices=[("", _("全部层级")), *LeaderLevel.choices]
    )
    active = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), ("1", _("联系中")), ("0", _("已结束"))],
    )


class UserChoiceField(forms.ModelChoiceField):
    """Users by their display name."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.held_on:%Y-%m-%d} {obj.title}"


class ContactPointForm(Form):
    leader = UserChoiceField(label=_("联系领导"), queryset=None)  # type: ignore[arg-type]
    leader_level = forms.ChoiceField(label=_("领导层级"), choices=LeaderLevel.choices)
    leader_post = forms.CharField(label=_("领导职务"), max_length=100)
    organization = forms.CharField(
        label=_("联系点组织代码"),
        max_length=32,
        help_text=_("填写联系点所在党组织的组织代码。"),
    )
    started_on = forms.DateField(
        label=_("建立日期"), widget=DateInput(), initial=timezone.localdate
    )
    note = forms.CharField(
        label=_("联系重点"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, leaders: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["leader"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = leaders


class PointEndForm(Form):
    ended_on = forms.DateField(label=_("结束日期"), widget=DateInput(), initial=timezone.localdate)
    reason = forms.CharField(label=_("结束原因"), max_length=200)


class VisitForm(Form):
    visited_on = forms.DateField(
        label=_("走访日期"), widget=DateInput(), initial=timezone.localdate
    )
    visitors = forms.CharField(
        label=_("走访人员"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("领导本人及随行人员")}),
    )
    summary = forms.CharField(
        label=_("走访情况"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    aid_funds_yuan = forms.DecimalField(
        label=_("帮扶资金（元）"),
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    aid_goods_yuan = forms.DecimalField(
        label=_("帮扶物资折价（元）"),
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    aid_goods_description = forms.CharField(label=_("帮扶物资"), max_length=200, required=False)
    disputes_mediated = forms.IntegerField(
        label=_("调处纠纷（次）"),
        min_value=0,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class ProblemRowForm(Form):
    """One difficulty raised during a visit; leave the description empty to skip the row."""

    category = forms.ChoiceField(label=_("类别"), choices=ProblemCategory.choices)
    description = forms.CharField(
        label=_("困难问题"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("困难问题")}),
    )
    resolution = forms.CharField(
        label=_("解决情况"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("当场解决的，写明解决情况")}),
    )


ProblemFormSet = forms.formset_factory(ProblemRowForm, extra=3, max_num=10)


class ProblemAddForm(Form):
    category = forms.ChoiceField(label=_("类别"), choices=ProblemCategory.choices)
    description = forms.CharField(label=_("困难问题"), max_length=300)
    raised_on = forms.DateField(label=_("提出日期"), widget=DateInput(), initial=timezone.localdate)


class ProblemResolveForm(Form):
    resolved_on = forms.DateField(
        label=_("解决日期"), widget=DateInput(), initial=timezone.localdate
    )
    resolution = forms.CharField(
        label=_("解决情况"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )


SECTOR_CHOICES = [("", "—"), *Sector.choices]


class MeetingForm(Form):
    kind = forms.ChoiceField(label=_("会议类型"), choices=MeetingKind.choices)
    held_on = forms.DateField(label=_("召开日期"), widget=DateInput())
    title = forms.CharField(label=_("会议名称"), max_length=200)
    sector = forms.ChoiceField(
        label=_("座谈领域"), choices=SECTOR_CHOICES, required=False, help_text=_("座谈会填写")
    )
    chaired_by = forms.CharField(label=_("主持人"), max_length=50, required=False)
    topics = forms.CharField(label=_("研究议题"), widget=forms.Textarea(attrs={"rows": 3}))
    decisions = forms.CharField(
        label=_("议定事项"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FundForm(Form):
    source = forms.ChoiceField(label=_("资金来源"), choices=FundSource.choices)
    source_detail = forms.CharField(label=_("来源单位"), max_length=100, required=False)
    purpose = forms.CharField(label=_("用途"), max_length=200)
    amount_yuan = forms.DecimalField(
        label=_("金额（元）"), min_value=Decimal("0.01"), max_digits=14, decimal_places=2
    )
    allocated_on = forms.DateField(label=_("落实日期"), widget=DateInput())
    document_no = forms.CharField(label=_("文号"), max_length=100, required=False)
    meeting = forms.ModelChoiceField(
        label=_("议定会议"),
        queryset=None,
        required=False,  # type: ignore[arg-type]
    )

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = meetings
