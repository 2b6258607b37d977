"""Forms render with one include: a field in error is outlined and marked for assistive
technology, besides its message; the other fields are not."""

from django import forms
from django.template.loader import render_to_string

from grassroots.core.errors import RuleViolation
from grassroots.core.forms import Form, apply_violation


class _Form(Form):
    name = forms.CharField(label="姓名")
    mobile = forms.CharField(label="手机号码", required=False)


def _input(html: str, name: str) -> str:
    start = html.index(f'name="{name}"')
    return html[html.rindex("<input", 0, start) : html.index(">", start)]


def test_a_field_in_error_is_outlined_and_marked_invalid():
    form = _Form({"name": "", "mobile": "123"})
    assert not form.is_valid()
    html = render_to_string("includes/form.html", {"form": form})
    assert "is-invalid" in _input(html, "name") and 'aria-invalid="true"' in _input(html, "name")
    assert "is-invalid" not in _input(html, "mobile")


def test_a_service_refusal_on_a_field_outlines_that_field():
    form = _Form({"name": "张三", "mobile": "123"})
    assert form.is_valid()
    apply_violation(form, RuleViolation("手机号码格式不正确。", rule="t", field="mobile"))
    html = render_to_string("includes/form.html", {"form": form})
    assert "is-invalid" in _input(html, "mobile")
    assert "is-invalid" not in _input(html, "name")
    assert "手机号码格式不正确。" in html
