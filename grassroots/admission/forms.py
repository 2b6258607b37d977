"""Forms of the admission pages. Each step's form parses the input and calls the service
(``submit``); the rules are the services' (a refusal comes back as ``RuleViolation``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grassroots.core.forms import DateInput, Form
from grassroots.members.models import Education, Member, Occupation
from grassroots.orgs.models import Organization, OrgKind

from . import services
from .models import ActivistSource, AdmissionCase, DocumentKind, OpinionSource, ReviewLevel
from .services.probation import OUTCOMES


def _date(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), initial=timezone.localdate, **kwargs)


def _text(label: Any, rows: int = 3, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.organization.short_name or obj.organization.name}）"


class CaseForm(Form):
    """A step's form: built for one case and actor; ``submit`` calls the service."""

    def __init__(self, *args: Any, case: AdmissionCase, actor: Any, **kwargs: Any) -> None:
        self.case = case
        self.actor = actor
        super().__init__(*args, **kwargs)

    def submit(self) -> Any:  # pragma: no cover - every subclass defines it
        raise NotImplementedError


class ApplyForm(Form):
    organization = forms.ModelChoiceField(label=_("党支部"), queryset=Organization.objects.none())
    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(
        label=_("身份证号"), max_length=18, help_text=_("出生日期和性别从身份证号读取。")
    )
    applied_on = _date(_("递交入党申请书日期"))
    ethnicity = forms.CharField(label=_("民族"), max_length=20, initial="汉族")
    education = forms.ChoiceField(
        label=_("学历"), choices=[("", "—"), *Education.choices], required=False
    )
    occupation = forms.ChoiceField(
        label=_("工作岗位"), choices=[("", "—"), *Occupation.choices], required=False
    )
    is_frontline = forms.BooleanField(label=_("在生产、工作一线"), required=False)
    work_unit = forms.CharField(label=_("工作单位"), max_length=100, required=False)
    mobile = forms.CharField(label=_("手机号"), max_length=11, required=False)
    address = forms.CharField(label=_("家庭住址"), max_length=200, required=False)
    opinion = _text(_("备注"), rows=2, required=False)

    def __init__(self, *args: Any, branches: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = branches


class TalkForm(CaseForm):
    done_on = _date(_("谈话日期"))
    talker = forms.CharField(label=_("谈话人"), max_length=100)
    opinion = _text(_("谈话情况"))

    def submit(self) -> Any:
        d = self.cleaned_data
        fn = services.case_record_talk if self.verb == "talk" else services.case_committee_talk
        return fn(actor=self.actor, case=self.case, **d)

    verb = "talk"


class CommitteeTalkForm(TalkForm):
    verb = "committee_talk"


class RecommendForm(CaseForm):
    held_on = _date(_("推荐日期"))
    members_taking_part = forms.IntegerField(label=_("参加推荐的党员人数"), min_value=0)
    members_for = forms.IntegerField(label=_("推荐的党员人数"), min_value=0)
    masses_taking_part = forms.IntegerField(label=_("参加推荐的群众人数"), min_value=0)
    masses_for = forms.IntegerField(label=_("推荐的群众人数"), min_value=0)
    recommended = forms.BooleanField(label=_("推选为优秀分子"), required=False)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def submit(self) -> Any:
        return services.case_record_recommendation(
            actor=self.actor, case=self.case, **self.cleaned_data
        )


class ActivistForm(CaseForm):
    done_on = _date(_("支部委员会研究决定日期"))
    source = forms.ChoiceField(label=_("推荐方式"), choices=ActivistSource.choices)
    opinion = _text(_("支部委员会意见"))

    def submit(self) -> Any:
        return services.case_make_activist(actor=self.actor, case=self.case, **self.cleaned_data)


class FilingForm(CaseForm):
    done_on = _date(_("备案日期"))
    note = forms.CharField(label=_("备注"), max_length=300, required=False)
    step = 4

    def submit(self) -> Any:
        return services.case_file(
            actor=self.actor, case=self.case, step=self.step, **self.cleaned_data
        )


class CandidateFilingForm(FilingForm):
    step = 8


class ApprovalFilingForm(FilingForm):
    step = 18


class _PeopleForm(CaseForm):
    done_on = _date(_("确定日期"))
    people = MemberChoiceField(
        label=_("正式党员"), queryset=Member.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .selectors import member_choices

        field = self.fields["people"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = member_choices(actor=self.actor, case=self.case).select_related(
            "organization"
        )


class MentorsForm(_PeopleForm):
    def submit(self) -> Any:
        d = self.cleaned_data
        return services.case_assign_mentors(
            actor=self.actor, case=self.case, done_on=d["done_on"], mentors=list(d["people"])
        )


class SponsorsForm(_PeopleForm):
    def submit(self) -> Any:
        d = self.cleaned_data
        return services.case_assign_sponsors(
            actor=self.actor, case=self.case, done_on=d["done_on"], sponsors=list(d["people"])
        )


class AssessForm(CaseForm):
    assessed_on = _date(_("考察日期"))
    assessor = forms.CharField(label=_("考察人"), max_length=100)
    content = _text(_("考察意见"))

    def submit(self) -> Any:
        return services.case_record_assessment(
            actor=self.actor, case=self.case, **self.cleaned_data
        )


class OpinionForm(CaseForm):
    source = forms.ChoiceField(label=_("意见来源"), choices=OpinionSource.choices)
    given_on = _date(_("日期"))
    summary = _text(_("意见摘要"))

    def submit(self) -> Any:
        return services.case_record_opinion(actor=self.actor, case=self.case, **self.cleaned_data)


class ReviewForm(CaseForm):
    reviewed_on = _date(_("审查日期"))
    reviewer_name = forms.CharField(label=_("审查人"), max_length=100, required=False)
    opinion = _text(_("审查意见"))
    passed = forms.BooleanField(label=_("审查通过"), required=False)
    level = ReviewLevel.BRANCH

    def submit(self) -> Any:
        return services.case_record_review(
            actor=self.actor, case=self.case, level=self.level, **self.cleaned_data
        )


class CommitteeReviewForm(ReviewForm):
    level = ReviewLevel.COMMITTEE


class CountyReviewForm(ReviewForm):
    level = ReviewLevel.COUNTY


class OpinionStepForm(CaseForm):
    """A step that records a date and an opinion (committee review, the decisions)."""

    done_on = _date(_("日期"))
    opinion = _text(_("意见"))
    service = staticmethod(services.case_committee_review)

    def submit(self) -> Any:
        return type(self).service(actor=self.actor, case=self.case, **self.cleaned_data)


class CandidateForm(OpinionStepForm):
    service = staticmethod(services.case_make_candidate)


class BranchMeetingForm(OpinionStepForm):
    done_on = _date(_("支部大会日期"))
    opinion = _text(_("支部大会决议"))
    service = staticmethod(services.case_branch_meeting)


class FullMeetingForm(BranchMeetingForm):
    service = staticmethod(services.case_full_meeting)


class ApplyFullForm(OpinionStepForm):
    done_on = _date(_("提出转正申请日期"))
    opinion = _text(_("转正申请摘要"), required=False)
    service = staticmethod(services.case_apply_full)


class PoliticalReviewForm(CaseForm):
    done_on = _date(_("政治审查结论日期"))
    conclusion = _text(_("政治审查结论"))
    qualified = forms.BooleanField(label=_("政治审查合格"), required=False)

    def submit(self) -> Any:
        return services.case_record_political_review(
            actor=self.actor, case=self.case, **self.cleaned_data
        )


class TrainingForm(CaseForm):
    started_on = _date(_("培训开始日期"))
    ended_on = _date(_("培训结束日期"))
    class_hours = forms.IntegerField(label=_("学时"), min_value=0, initial=24)
    organizer = forms.CharField(label=_("培训单位"), max_length=100, initial=_("县委党校"))
    opinion = _text(_("培训情况"), rows=2, required=False)

    def submit(self) -> Any:
        return services.case_record_training(actor=self.actor, case=self.case, **self.cleaned_data)


class PreReviewForm(CaseForm):
    done_on = _date(_("预审日期"))
    passed = forms.BooleanField(label=_("预审合格"), required=False)
    leaving_unit_soon = forms.BooleanField(label=_("三个月内将离开工作单位"), required=False)
    opinion = _text(_("预审意见"))

    def submit(self) -> Any:
        return services.case_pre_review(actor=self.actor, case=self.case, **self.cleaned_data)


class FillFormForm(CaseForm):
    done_on = _date(_("填写入党志愿书日期"))
    form_number = forms.CharField(label=_("志愿书编号"), max_length=50, required=False)

    def submit(self) -> Any:
        return services.case_fill_form(actor=self.actor, case=self.case, **self.cleaned_data)


class ExtendApprovalForm(CaseForm):
    until = forms.DateField(label=_("延长至"), widget=DateInput())
    reason = _text(_("延长原因（如党委换届）"), rows=2)

    def submit(self) -> Any:
        return services.case_extend_approval(actor=self.actor, case=self.case, **self.cleaned_data)


class ApproveForm(CaseForm):
    done_on = _date(_("审批日期"))
    approved = forms.TypedChoiceField(
        label=_("审批结果"),
        choices=[("1", _("同意接收为预备党员")), ("0", _("不同意接收"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    opinion = _text(_("审批意见"))

    def submit(self) -> Any:
        return services.case_approve(actor=self.actor, case=self.case, **self.cleaned_data)


class PlaceForm(CaseForm):
    done_on = _date(_("编入日期"))
    party_group = forms.ModelChoiceField(
        label=_("党小组"), queryset=Organization.objects.none(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["party_group"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organization.objects.filter(
            path__subtree=self.case.organization.path,
            depth=self.case.organization.depth + 1,
            kind=OrgKind.PARTY_GROUP,
        ).order_by("path")

    def submit(self) -> Any:
        return services.case_place(actor=self.actor, case=self.case, **self.cleaned_data)


class OathForm(CaseForm):
    done_on = _date(_("宣誓日期"))
    note = forms.CharField(label=_("备注"), max_length=300, required=False)

    def submit(self) -> Any:
        return services.case_oath(actor=self.actor, case=self.case, **self.cleaned_data)


class DecideFullForm(CaseForm):
    done_on = _date(_("审批日期"))
    outcome = forms.ChoiceField(
        label=_("审批结果"), choices=list(OUTCOMES.items()), widget=forms.RadioSelect
    )
    extension_months = forms.IntegerField(
        label=_("延长预备期（月）"),
        required=False,
        min_value=1,
        help_text=_("延长时填写：6至12个月。"),
    )
    opinion = _text(_("审批意见"))

    def submit(self) -> Any:
        return services.case_decide_full(actor=self.actor, case=self.case, **self.cleaned_data)


class ArchiveForm(CaseForm):
    done_on = _date(_("归档日期"))
    location = forms.CharField(label=_("存放位置"), max_length=200, required=False)

    def submit(self) -> Any:
        return services.case_archive(actor=self.actor, case=self.case, **self.cleaned_data)


class CloseForm(CaseForm):
    done_on = _date(_("终止日期"))
    reason = _text(_("终止原因"), rows=2)

    def submit(self) -> Any:
        return services.case_close(actor=self.actor, case=self.case, **self.cleaned_data)


STEP_FORMS: dict[str, type[CaseForm]] = {
    "talk": TalkForm,
    "recommend": RecommendForm,
    "make_activist": ActivistForm,
    "file_activist": FilingForm,
    "assign_mentors": MentorsForm,
    "assess": AssessForm,
    "record_opinion": OpinionForm,
    "review_branch": ReviewForm,
    "review_committee": CommitteeReviewForm,
    "review_county": CountyReviewForm,
    "make_candidate": CandidateForm,
    "file_candidate": CandidateFilingForm,
    "assign_sponsors": SponsorsForm,
    "political_review": PoliticalReviewForm,
    "training": TrainingForm,
    "committee_review": OpinionStepForm,
    "pre_review": PreReviewForm,
    "fill_form": FillFormForm,
    "branch_meeting": BranchMeetingForm,
    "committee_talk": CommitteeTalkForm,
    "extend_approval": ExtendApprovalForm,
    "approve": ApproveForm,
    "file_approval": ApprovalFilingForm,
    "place": PlaceForm,
    "oath": OathForm,
    "apply_full": ApplyFullForm,
    "full_meeting": FullMeetingForm,
    "decide_full": DecideFullForm,
    "archive": ArchiveForm,
    "close": CloseForm,
}


class DocumentForm(Form):
    kind = forms.ChoiceField(label=_("材料类别"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("文件"), help_text=_("PDF、图片、Word 或 OFD，不超过20MB。"))
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class DisciplineForm(Form):
    id_number = forms.CharField(label=_("党员身份证号"), max_length=18)
    started_on = _date(_("处分日期"))
    months = forms.TypedChoiceField(
        label=_("察看期"), choices=[(12, _("一年")), (24, _("二年"))], coerce=int
    )
    decision = forms.CharField(label=_("处分决定（文号）"), max_length=300)


class RestoreForm(Form):
    restored_on = _date(_("恢复党员权利日期"))
