from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grassroots.core.forms import DateInput, Form

from .models import OrgKind, Sector


class OrganizationCreateForm(Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    code = forms.CharField(
        label=_("组织代码"), max_length=32, help_text=_("本县范围内唯一，例如 421224001001。")
    )
    kind = forms.ChoiceField(label=_("组织类别"), choices=OrgKind.choices)
    sector = forms.ChoiceField(label=_("所属领域"), choices=Sector.choices)
    founded_on = forms.DateField(label=_("成立日期"), required=False, widget=DateInput())
    short_name = forms.CharField(label=_("简称"), max_length=50, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)


class OrganizationEditForm(Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    short_name = forms.CharField(label=_("简称"), max_length=50, required=False)
    sector = forms.ChoiceField(label=_("所属领域"), choices=Sector.choices)
    founded_on = forms.DateField(label=_("成立日期"), required=False, widget=DateInput())
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)


class OrganizationMoveForm(Form):
    new_parent = forms.CharField(
        label=_("新的上级组织代码"), max_length=32, help_text=_("填写新的上级党组织的组织代码。")
    )


class OrganizationDissolveForm(Form):
    dissolved_on = forms.DateField(
        label=_("撤销日期"), widget=DateInput(), initial=timezone.localdate
    )
    reason = forms.CharField(
        label=_("撤销原因"), max_length=200, widget=forms.Textarea(attrs={"rows": 3})
    )


class OrganizationSecretaryForm(Form):
    member = forms.TypedChoiceField(
        label=_("书记"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("从本组织（含下级组织）在册党员中选择；留空表示书记空缺。"),
    )

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("（空缺）"))] + [
            (m.pk, f"{m.name}（{m.organization.short_name or m.organization.name}）")
            for m in candidates
        ]
