from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grassroots.core.forms import DateInput, Form
from grassroots.liaison.forms import UserChoiceField

from .models import CaseStatus, Heading, HotIssueArea, LeadingBody, RuleType, WeakReason
from .selectors import kinds_of


def _this_year() -> int:
    return timezone.localdate().year


class CaseFilterForm(Form):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *CaseStatus.choices]
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(y, f"{y}年") for y in years] or [("", _("全部年度"))]


class CaseProposeForm(Form):
    organization = forms.CharField(
        label=_("党组织代码"), max_length=32, help_text=_("填写拟列为软弱涣散的党组织的组织代码。")
    )
    year = forms.IntegerField(label=_("整顿年度"), initial=_this_year, min_value=2000)
    reasons = forms.MultipleChoiceField(
        label=_("软弱涣散情形"),
        choices=WeakReason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_reasons = forms.CharField(
        label=_("其他情形"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ApproveForm(Form):
    decided_on = forms.DateField(
        label=_("审批日期"), widget=DateInput(), initial=timezone.localdate
    )
    note = forms.CharField(label=_("审批意见"), max_length=300, required=False)


class RejectForm(Form):
    decided_on = forms.DateField(
        label=_("审批日期"), widget=DateInput(), initial=timezone.localdate
    )
    note = forms.CharField(label=_("不予认定的理由"), max_length=300)


class AssignForm(Form):
    leader = UserChoiceField(label=_("挂点县领导"), queryset=None, required=False)  # type: ignore[arg-type]
    leader_body = forms.ChoiceField(
        label=_("所属班子"), choices=[("", "—"), *LeadingBody.choices], required=False
    )
    leader_post = forms.CharField(label=_("领导职务"), max_length=100, required=False)
    first_secretary = forms.CharField(label=_("第一书记"), max_length=50, required=False)
    first_secretary_unit = forms.CharField(label=_("派出单位"), max_length=100, required=False)
    first_secretary_sent_on = forms.DateField(
        label=_("选派日期"), widget=DateInput(), required=False
    )

    def __init__(self, *args: Any, leaders: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["leader"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = leaders


class ActionForm(Form):
    kind = forms.ChoiceField(label=_("措施类别"))
    occurred_on = forms.DateField(label=_("日期"), widget=DateInput(), initial=timezone.localdate)
    title = forms.CharField(label=_("事项"), max_length=200)
    person_name = forms.CharField(
        label=_("涉及人员"),
        max_length=50,
        required=False,
        help_text=_("调整的班子成员、新任书记或后备干部的姓名"),
    )
    area = forms.ChoiceField(label=_("领域/制度类别"), required=False)
    amount_yuan = forms.DecimalField(
        label=_("金额（元）"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    evidence = forms.CharField(
        label=_("佐证材料"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("会议记录、文件文号、台账页码等"),
    )
    evidence_file = forms.FileField(
        label=_("佐证文件"),
        required=False,
        help_text=_("照片（JPG、PNG、WEBP）或文件（PDF、Word、Excel），10 MB 以内"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,.pdf,.doc,.docx,.xls,.xlsx"}),
    )

    def __init__(self, *args: Any, heading: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = kinds_of(heading)
        area = self.fields["area"]
        assert isinstance(area, forms.ChoiceField)
        if heading == Heading.DEVELOPMENT:
            area.choices = [("", "—"), *HotIssueArea.choices]
            area.help_text = _("解决热点难点问题时选择所属领域")
        elif heading == Heading.RULES:
            area.choices = RuleType.choices
        else:
            del self.fields["area"]
        if heading not in (Heading.TEAM,):
            del self.fields["person_name"]
        if heading not in (Heading.DEVELOPMENT, Heading.CONDITIONS):
            del self.fields["amount_yuan"]
        elif heading == Heading.CONDITIONS:
            self.fields["amount_yuan"].help_text = _("以奖代补为3万元至7万元")


class ReviewForm(Form):
    passed = forms.TypedChoiceField(
        label=_("验收结论"),
        coerce=lambda v: v == "1",
        choices=[("1", _("验收通过，整顿转化")), ("0", _("验收未通过，转入下一年度继续整顿"))],
        widget=forms.RadioSelect,
    )
    reviewed_on = forms.DateField(
        label=_("验收日期"), widget=DateInput(), initial=timezone.localdate
    )
    note = forms.CharField(label=_("验收意见"), widget=forms.Textarea(attrs={"rows": 3}))
