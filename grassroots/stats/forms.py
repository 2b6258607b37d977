from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grassroots.core.forms import DateInput, Form

from .selectors import MIN_YEAR

FORMAT_CHOICES = [
    ("docx", _("Word 文档（公文格式）")),
    ("pdf", _("PDF 文档（公文格式）")),
    ("xlsx", _("Excel 表格（指标表）")),
    ("json", _("JSON 数据")),
]


class ReportForm(Form):
    year = forms.IntegerField(label=_("统计年度"), min_value=MIN_YEAR)
    fmt = forms.ChoiceField(label=_("格式"), choices=FORMAT_CHOICES, initial="docx")
    date = forms.DateField(
        label=_("成文日期"),
        required=False,
        widget=DateInput(),
        help_text=_("落款处的日期；留空则为统计年度的12月31日。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        assert isinstance(field, forms.IntegerField)
        field.max_value = timezone.localdate().year
        field.widget.attrs["max"] = field.max_value
        field.validators.append(MaxValueValidator(field.max_value))
