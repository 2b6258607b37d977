from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from grassroots.core.forms import DateInput, Form
from grassroots.orgs.models import Organization

from .models import (
    BranchPost,
    ContactChannel,
    Degree,
    Education,
    MemberStatus,
    Occupation,
    Sex,
    TransferKind,
)
from .selectors import AGE_BANDS, DEFAULT_SORT, SORTS, MemberFilter


class FastSelect(forms.Select):
    """A ``<select>`` rendered in Python instead of through the form template engine.

    Same markup as Django's ``select.html``; the member list renders ten of them on every
    page load, which through the widget templates cost as much as the page's query."""

    def render(  # type: ignore[override]
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        options = []
        for _group, choices, _index in widget["optgroups"]:
            for option in choices:
                options.append(
                    format_html(
                        '<option value="{}"{}>{}</option>',
                        option["value"] if option["value"] is not None else "",
                        mark_safe(" selected") if option["selected"] else "",
                        option["label"],
                    )
                )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(options)),
        )


class InlineRadioSelect(forms.RadioSelect):
    """Radio buttons side by side as Bootstrap form checks: on a phone the bare
    browser radios are small targets stacked one per line."""

    template_name = "members/widgets/inline_radio.html"

    def __init__(self, attrs: dict[str, Any] | None = None, choices: Any = ()) -> None:
        super().__init__({"class": "form-check-input", **(attrs or {})}, choices)


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m", **kwargs)


class MonthField(forms.DateField):
    """A month (``2014-12``), stored as its first day."""

    widget = MonthInput
    input_formats = ["%Y-%m", "%Y-%m-%d"]


def _org_choices(orgs: Any, blank: str | Any = "") -> list[tuple[Any, Any]]:
    return [("", blank or "—")] + [(o.pk, o.name) for o in orgs]


class OrgChoiceField(forms.TypedChoiceField):
    """A choice among organizations the view has already scoped; cleans to the object."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("coerce", int)
        kwargs.setdefault("empty_value", None)
        super().__init__(*args, **kwargs)
        self.orgs: dict[int, Organization] = {}

    def set_orgs(self, orgs: Any, blank: str | Any = "") -> None:
        orgs = list(orgs)
        self.orgs = {o.pk: o for o in orgs}
        self.choices = _org_choices(orgs, blank)

    def clean(self, value: Any) -> Organization | None:  # type: ignore[override]
        pk = super().clean(value)
        return self.orgs.get(pk) if pk is not None else None


YES_NO = [("", _("不限")), ("1", _("是")), ("0", _("否"))]


class MemberFilterForm(Form):
    q = forms.CharField(
        label=_("搜索"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("姓名、拼音（如 zs）或身份证号")}),
    )
    org = OrgChoiceField(label=_("组织（含下级）"), required=False, widget=FastSelect)
    status = forms.ChoiceField(
        widget=FastSelect,
        label=_("党籍状态"),
        required=False,
        # What the list shows before any filter is chosen (``to_filter``): the select must
        # say so, or the next search submits "全部" and brings in the deceased and removed.
        initial="active",
        choices=[("active", _("在册党员")), ("", _("全部")), *list(MemberStatus.choices)],
    )
    sex = forms.ChoiceField(
        widget=FastSelect, label=_("性别"), required=False, choices=[("", _("不限")), *Sex.choices]
    )
    age_band = forms.ChoiceField(
        widget=FastSelect,
        label=_("年龄"),
        required=False,
        choices=[
            ("", _("不限")),
            ("u35", _("35岁以下")),
            ("35_45", _("35—45岁")),
            ("46_60", _("46—60岁")),
            ("o60", _("61岁以上")),
        ],
    )
    education = forms.ChoiceField(
        widget=FastSelect,
        label=_("学历"),
        required=False,
        choices=[("", _("不限")), *Education.choices],
    )
    occupation = forms.ChoiceField(
        widget=FastSelect,
        label=_("工作岗位"),
        required=False,
        choices=[("", _("不限")), *Occupation.choices],
    )
    frontline = forms.ChoiceField(
        widget=FastSelect, label=_("生产、工作一线"), required=False, choices=YES_NO
    )
    mobile = forms.ChoiceField(
        widget=FastSelect, label=_("流动党员"), required=False, choices=YES_NO
    )
    in_service = forms.ChoiceField(
        widget=FastSelect, label=_("在职党员进社区"), required=False, choices=YES_NO
    )
    sort = forms.ChoiceField(
        widget=FastSelect,
        label=_("排序"),
        required=False,
        initial=DEFAULT_SORT,
        choices=[
            ("name", _("姓名拼音 A→Z")),
            ("-name", _("姓名拼音 Z→A")),
            ("org", _("按组织")),
            ("birth", _("年龄从大到小")),
            ("-birth", _("年龄从小到大")),
            ("joined", _("党龄从长到短")),
            ("-joined", _("党龄从短到长")),
        ],
    )

    def __init__(self, *args: Any, orgs: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["org"]
        assert isinstance(field, OrgChoiceField)
        field.set_orgs(orgs, _("全部"))

    def to_filter(self) -> MemberFilter:
        data = self.cleaned_data if self.is_valid() else {}

        def yes_no(key: str) -> bool | None:
            value = data.get(key)
            return None if value in (None, "") else value == "1"

        status = data.get("status")
        return MemberFilter(
            org=data.get("org"),
            status="active" if status is None else status,
            sex=data.get("sex") or "",
            age_band=str(data.get("age_band")) if data.get("age_band") in AGE_BANDS else "",
            education=data.get("education") or "",
            occupation=data.get("occupation") or "",
            frontline=yes_no("frontline"),
            mobile=yes_no("mobile"),
            in_service=yes_no("in_service"),
            q=(data.get("q") or "").strip(),
            sort=str(data.get("sort")) if data.get("sort") in SORTS else DEFAULT_SORT,
        )


def filter_orgs(actor: Any, selected: Any = None) -> Any:
    """Organizations offered by the list's organization filter (one query): the top of
    the actor's scope and the level below it (townships for the county, branches for a
    township), plus the one already chosen — a short list on any size of tree."""
    from django.db.models import Q

    from grassroots.core import scoping
    from grassroots.orgs.models import OrgKind
    from grassroots.orgs.selectors import org_list

    paths = scoping.scope_paths(actor, "members.view")
    depth = min((len(p) // 4 for p in paths), default=0) + 1
    cond = Q(depth__lte=depth)
    if selected and str(selected).isdigit():
        cond |= Q(pk=int(selected))
    return (
        org_list(actor=actor, permission="members.view")
        .exclude(kind=OrgKind.PARTY_GROUP)
        .filter(cond)
        .only("pk", "name", "path", "depth")
    )


def member_filter_form(actor: Any, data: Any) -> MemberFilterForm:
    return MemberFilterForm(data, orgs=filter_orgs(actor, (data or {}).get("org")))


class MemberForm(Form):
    """Create or edit a member record. The organization is chosen on creation only."""

    organization = OrgChoiceField(label=_("所在党支部"))
    status = forms.ChoiceField(
        label=_("党籍状态"),
        choices=[
            (MemberStatus.FULL, MemberStatus.FULL.label),
            (MemberStatus.PROBATIONARY, MemberStatus.PROBATIONARY.label),
        ],
    )
    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(label=_("公民身份号码"), max_length=18, min_length=18)
    sex = forms.ChoiceField(label=_("性别"), choices=Sex.choices, widget=InlineRadioSelect)
    birth_date = forms.DateField(label=_("出生日期"), widget=DateInput())
    ethnicity = forms.CharField(label=_("民族"), max_length=20, initial="汉族")
    native_place = forms.CharField(label=_("籍贯"), max_length=50, required=False)
    education = forms.ChoiceField(
        label=_("学历"), choices=[("", "—"), *Education.choices], required=False
    )
    degree = forms.ChoiceField(label=_("学位"), choices=Degree.choices, required=False)
    occupation = forms.ChoiceField(
        label=_("工作岗位"), choices=[("", "—"), *Occupation.choices], required=False
    )
    is_frontline = forms.BooleanField(label=_("在生产、工作一线"), required=False)
    mobile = forms.CharField(label=_("手机号"), max_length=11, required=False)
    address = forms.CharField(label=_("家庭住址"), max_length=200, required=False)
    party_group = OrgChoiceField(label=_("党小组"), required=False)
    branch_post = forms.ChoiceField(label=_("支部职务"), choices=BranchPost.choices, required=False)
    joined_on = forms.DateField(label=_("入党日期（接收为预备党员）"), widget=DateInput())
    full_member_on = forms.DateField(
        label=_("转为正式党员日期"), required=False, widget=DateInput()
    )

    def __init__(
        self,
        *args: Any,
        branches: Any = (),
        groups: Any = (),
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        org_field = self.fields["organization"]
        assert isinstance(org_field, OrgChoiceField)
        org_field.set_orgs(branches)
        group_field = self.fields["party_group"]
        assert isinstance(group_field, OrgChoiceField)
        group_field.set_orgs(groups)
        if editing:
            del self.fields["organization"]
            del self.fields["status"]

    def clean_id_number(self) -> str:
        return self.cleaned_data["id_number"].strip().upper()

    def member_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("organization", None)
        data.pop("status", None)
        for key in ("education", "degree", "occupation", "branch_post"):
            data[key] = data.get(key) or ""
        return data


class StatusChangeForm(Form):
    new_status = forms.ChoiceField(label=_("变更为"))
    changed_on = forms.DateField(
        label=_("变更日期"), widget=DateInput(), initial=timezone.localdate
    )
    reason = forms.CharField(
        label=_("原因或依据"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("如支部大会决议、上级党委批复文号。"),
    )

    def __init__(self, *args: Any, targets: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["new_status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(s, MemberStatus(s).label) for s in targets]


class TransferSendForm(Form):
    kind = forms.ChoiceField(
        label=_("转接类型"),
        choices=[
            (TransferKind.WITHIN, TransferKind.WITHIN.label),
            (TransferKind.OUT, TransferKind.OUT.label),
        ],
        widget=InlineRadioSelect,
        initial=TransferKind.WITHIN,
    )
    to_code = forms.CharField(
        label=_("转入党支部的组织代码（县内）"),
        max_length=32,
        required=False,
        help_text=_("向接收方党支部询问其组织代码。"),
    )
    external_place = forms.CharField(
        label=_("转往的党组织（县外）"), max_length=200, required=False
    )
    letter_number = forms.CharField(label=_("介绍信编号"), max_length=50, required=False)
    transfer_on = forms.DateField(
        label=_("转接日期"), widget=DateInput(), initial=timezone.localdate
    )
    dues_paid_until = MonthField(label=_("党费交至（月份）"), required=False)
    reason = forms.CharField(label=_("转接原因"), max_length=200, required=False)


class TransferActForm(Form):
    action = forms.ChoiceField(
        choices=[(a, a) for a in ("approve_out", "approve_in", "receive", "cancel")],
        widget=forms.HiddenInput,
    )
    received_on = forms.DateField(
        label=_("接收日期"), widget=DateInput(), required=False, initial=timezone.localdate
    )
    reason = forms.CharField(label=_("原因"), max_length=200, required=False)


class TransferInForm(MemberForm):
    external_place = forms.CharField(label=_("转出的党组织（来源）"), max_length=200)
    letter_number = forms.CharField(label=_("介绍信编号"), max_length=50)
    transfer_on = forms.DateField(
        label=_("转入日期"), widget=DateInput(), initial=timezone.localdate
    )
    dues_paid_until = MonthField(label=_("党费交至（月份）"), required=False)

    def member_data(self) -> dict[str, Any]:
        data = super().member_data()
        for key in ("external_place", "letter_number", "transfer_on", "dues_paid_until"):
            data.pop(key, None)
        return data


class MobileSetForm(Form):
    managing_code = forms.CharField(
        label=_("流入地管理党组织的组织代码"),
        max_length=32,
        help_text=_("如异地商会党支部的组织代码，可从列表中选择。"),
        widget=forms.TextInput(attrs={"list": "managing-orgs"}),
    )
    destination = forms.CharField(
        label=_("外出流向"), max_length=100, help_text=_("如：广东省广州市")
    )
    since = forms.DateField(label=_("外出日期"), widget=DateInput())


class DateOnlyForm(Form):
    day = forms.DateField(label=_("日期"), widget=DateInput(), initial=timezone.localdate)


class ContactForm(Form):
    contacted_on = forms.DateField(
        label=_("联系日期"), widget=DateInput(), initial=timezone.localdate
    )
    channel = forms.ChoiceField(label=_("联系方式"), choices=ContactChannel.choices)
    content = forms.CharField(
        label=_("联系内容"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    contacted_by = forms.CharField(label=_("联系人"), max_length=50)


class CommunityRegisterForm(Form):
    community = OrgChoiceField(label=_("居住地社区"))
    registered_on = forms.DateField(
        label=_("报到日期"), widget=DateInput(), initial=timezone.localdate
    )
    note = forms.CharField(label=_("服务意向"), max_length=200, required=False)

    def __init__(self, *args: Any, communities: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["community"]
        assert isinstance(field, OrgChoiceField)
        field.set_orgs(communities)


class ImportForm(Form):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))
    organization = OrgChoiceField(label=_("导入到（组织及其下级）"))

    def __init__(self, *args: Any, orgs: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, OrgChoiceField)
        field.set_orgs(orgs)

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 格式的 Excel 文件（可先下载模板）。"))
        return f


class ExportForm(Form):
    columns = forms.MultipleChoiceField(label=_("导出的列"), widget=forms.CheckboxSelectMultiple)

    def __init__(
        self, *args: Any, columns: Any = (), initial_columns: Any = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["columns"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(c.key, c.label) for c in columns]
        field.initial = list(initial_columns)
