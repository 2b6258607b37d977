from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .errors import RuleViolation


class BootstrapMixin:
    """Gives widgets Bootstrap's classes, so templates render forms with one include."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            elif isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                continue
            else:
                css = "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"

    def add_error(self, field: str | None, error: Any) -> None:
        """Outline the fields in error (Bootstrap's ``is-invalid``) and tell assistive
        technology, besides showing the message under them."""
        super().add_error(field, error)  # type: ignore[misc]
        names = list(error) if field is None and isinstance(error, dict) else [field]
        for name in names:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", "").split():
                    attrs["class"] = (attrs.get("class", "") + " is-invalid").strip()
                attrs["aria-invalid"] = "true"


class Form(BootstrapMixin, forms.Form):
    pass


class ModelForm(BootstrapMixin, forms.ModelForm):
    pass


def apply_violation(form: forms.BaseForm, exc: RuleViolation) -> None:
    """Show a service's refusal on the form: on its field if it names one, else on top."""
    if exc.field and exc.field in form.fields:
        form.add_error(exc.field, exc.message)
    else:
        form.add_error(None, exc.message)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class AuditSearchForm(Form):
    who = forms.CharField(label=_("操作人"), required=False)
    action_type = forms.ChoiceField(label=_("操作类型"), required=False)
    org = forms.CharField(label=_("组织代码（含下级）"), required=False)
    date_from = forms.DateField(label=_("起始日期"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("截止日期"), required=False, widget=DateInput())

    def __init__(self, *args: Any, action_types: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        prefixes = sorted({t.split(".")[0] for t in action_types})
        choices: list[tuple[str, Any]] = [("", _("全部"))]
        choices += [(p + ".", p) for p in prefixes]
        choices += [(t, t) for t in action_types]
        field = self.fields["action_type"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        return data
