from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from grassroots.core.forms import DateInput, Form

from .models import Ballot, BallotQuestion, Choice, RollEntry, VoterKind, VotingMethod
from .rules import RULE_CHOICES


class BallotCreateForm(Form):
    org_code = forms.CharField(
        label=_("组织代码"),
        max_length=32,
        help_text=_("组织投票的党组织（通常是党支部）的组织代码。"),
    )
    title = forms.CharField(label=_("标题"), max_length=200)
    questions = forms.CharField(
        label=_("表决事项"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一项；多名候选人时每人一行，分别表决。"),
    )
    rule = forms.ChoiceField(label=_("表决规则"), choices=RULE_CHOICES)
    threshold = forms.CharField(
        label=_("通过比例"),
        max_length=10,
        required=False,
        help_text=_("仅“按有效票比例表决”使用：赞成票须超过有效票的这一比例，默认 1/2。"),
    )
    method = forms.ChoiceField(label=_("投票方式"), choices=VotingMethod.choices)
    include_masses = forms.BooleanField(label=_("群众代表参加投票"), required=False)
    masses_in_outcome = forms.BooleanField(
        label=_("群众代表票计入表决结果（仅按有效票比例表决）"), required=False
    )
    meeting_date = forms.DateField(label=_("表决日期"), required=False, widget=DateInput())

    def clean_questions(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["questions"].splitlines() if line.strip()
        ]


class MassRepresentativeForm(Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    village = forms.CharField(label=_("村（居）组"), max_length=100, required=False)
    chosen_how = forms.CharField(
        label=_("产生方式"), max_length=100, help_text=_("如：村民小组推选、村民代表。")
    )


def _choice_field(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=Choice.choices, widget=forms.RadioSelect)


class AttendanceForm(Form):
    present = forms.MultipleChoiceField(
        label=_("到会人员"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, roll: list[RollEntry], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["present"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(e.pk), e.name) for e in roll if not hasattr(e, "written_opinion")]


class WrittenOpinionForm(Form):
    received_on = forms.DateField(label=_("收到日期"), widget=DateInput())

    def __init__(self, *args: Any, questions: list[BallotQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for q in questions:
            self.fields[f"q_{q.index}"] = _choice_field(q.text)

    def choices(self) -> dict[int, str]:
        return {int(k[2:]): v for k, v in self.cleaned_data.items() if k.startswith("q_")}


class CodesForm(Form):
    count = forms.IntegerField(label=_("张数"), min_value=1, max_value=2000)
    kind = forms.ChoiceField(label=_("发给"), choices=VoterKind.choices)

    def __init__(self, *args: Any, ballot: Ballot, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not ballot.include_masses:
            field = self.fields["kind"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(VoterKind.MEMBER.value, VoterKind.MEMBER.label)]


class TallyForm(Form):
    collected = forms.IntegerField(label=_("收回选票（张）"), min_value=0)

    def __init__(self, *args: Any, questions: list[BallotQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            for part, label in (
                ("yes", _("赞成")),
                ("no", _("反对")),
                ("abstain", _("弃权")),
                ("invalid", _("无效")),
            ):
                self.fields[f"q{q.index}_{part}"] = forms.IntegerField(
                    label=label,
                    min_value=0,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                )

    def rows(self) -> list[tuple[BallotQuestion, list[Any]]]:
        return [
            (q, [self[f"q{q.index}_{p}"] for p in ("yes", "no", "abstain", "invalid")])
            for q in self.questions
        ]

    def lines(self) -> dict[int, tuple[int, int, int, int]]:
        data = self.cleaned_data
        return {
            q.index: tuple(data[f"q{q.index}_{p}"] for p in ("yes", "no", "abstain", "invalid"))  # type: ignore[misc]
            for q in self.questions
        }


class VoteForm(Form):
    code = forms.CharField(
        label=_("投票码"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "class": "vote-code-input",
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "placeholder": "XXXXX-XXXXX",
            }
        ),
    )

    def __init__(self, *args: Any, questions: list[BallotQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            self.fields[f"q_{q.index}"] = forms.ChoiceField(
                label=q.text,
                choices=Choice.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("请选择赞成、反对或弃权。")},
            )

    def question_fields(self) -> list[Any]:
        return [self[f"q_{q.index}"] for q in self.questions]

    def choices(self) -> dict[int, str]:
        return {q.index: self.cleaned_data[f"q_{q.index}"] for q in self.questions}


class ReceiptCheckForm(Form):
    code = forms.CharField(
        label=_("投票码"),
        max_length=20,
        widget=forms.TextInput(attrs={"class": "vote-code-input", "autocomplete": "off"}),
        help_text=_("输入选票条上的投票码，查看它投出的选票是否已计入。"),
    )
