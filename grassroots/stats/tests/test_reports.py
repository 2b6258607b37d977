from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from grassroots.core.models import Job, JobStatus
from grassroots.stats import registry as reg
from grassroots.stats.reports import render_report
from grassroots.stats.reports.content import MISSING, Paragraph, build_report

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _check_partition(data: dict) -> None:  # type: ignore[type-arg]
    for key in reg.catalogue():
        assert (key in data["indicators"]) != (key in data["unavailable"]), key
    assert set(data["unavailable"]) <= set(reg.catalogue())


@pytest.mark.django_db
def test_json_report(world) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(render_report(world.root, 2014, "json"))
    assert data["year"] == 2014
    assert data["org"] == {"code": "T", "name": "测试县委"}
    _check_partition(data)
    assert data["indicators"]["members.total"] == 3


@pytest.mark.django_db
def test_unavailable_indicator_gives_an_honest_sentence(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    key = "liaison.county_leader_points"
    if key in reg.registry():
        monkeypatch.delitem(reg._registry, key)
    report = build_report(world.root, 2014, render_charts=False)
    text = "".join(b.text for b in report.blocks if isinstance(b, Paragraph))
    assert "县级领导干部党建工作联系点" + MISSING in text
    data = json.loads(render_report(world.root, 2014, "json"))
    assert key in data["unavailable"] and key not in data["indicators"]


@pytest.mark.django_db
def test_available_indicator_is_written_as_the_article_does(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from grassroots.stats.registry import Indicator

    values = {"liaison.county_leader_points": 186, "liaison.problems_solved": 3254}
    for key, value in values.items():
        monkeypatch.setitem(
            reg._registry,
            key,
            Indicator(
                key, "x", "x", reg.catalogue()[key].unit, "d", lambda s, p, v=value: v, "liaison"
            ),
        )
    monkeypatch.setattr("grassroots.stats.cache.cached", lambda name, parts, build: build())
    monkeypatch.setattr("grassroots.stats.selectors.cached", lambda name, parts, build: build())
    report = build_report(world.root, 2014, render_charts=False)
    text = "".join(b.text for b in report.blocks if isinstance(b, Paragraph))
    assert "县委先后建立县级领导干部党建工作联系点186个" in text
    assert "为各联系点解决困难3200多件" in text


def _docx_xml(content: bytes, name: str = "word/document.xml") -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return z.read(name).decode("utf-8")


@pytest.mark.django_db
def test_docx_layout(world) -> None:  # type: ignore[no-untyped-def]
    from docx import Document
    from docx.shared import Mm

    content = render_report(world.root, 2014, "docx")
    doc = Document(io.BytesIO(content))
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    assert abs(section.page_height - Mm(297)) < Mm(0.1)
    assert abs(section.top_margin - Mm(37)) < Mm(0.1)
    assert abs(section.left_margin - Mm(28)) < Mm(0.1)
    text_width = section.page_width - section.left_margin - section.right_margin
    text_height = section.page_height - section.top_margin - section.bottom_margin
    assert abs(text_width - Mm(156)) < Mm(0.1) and abs(text_height - Mm(225)) < Mm(0.1)
    body = _docx_xml(content)
    assert 'w:linePitch="579"' in body  # 22 lines
    for font in ("方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312"):
        assert f'w:eastAsia="{font}"' in body, font
    assert 'w:sz w:val="44"' in body  # title 22 pt
    assert "中共测试县委" not in body and "测试县委" in body
    settings_xml = _docx_xml(content, "word/settings.xml")
    assert "evenAndOddHeaders" in settings_xml
    footers = [_docx_xml(content, f"word/footer{i}.xml") for i in (1, 2)]
    for footer in footers:
        assert "PAGE" in footer and "— " in footer and 'w:sz w:val="28"' in footer  # 14 pt
    aligns = {("right" if 'w:jc w:val="right"' in f else "left") for f in footers}
    assert aligns == {"right", "left"}
    styles = _docx_xml(content, "word/styles.xml")
    assert 'w:eastAsia="仿宋_GB2312"' in styles and 'w:sz w:val="32"' in styles  # body 16 pt
    assert doc.inline_shapes, "charts are embedded"


@pytest.mark.django_db
def test_pdf_and_xlsx(world) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    pdf = render_report(world.root, 2014, "pdf")
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode("utf-8")
        assert "测试县委" in text and "抓基层党建工作情况报告" in text
        assert re.search(r"—\s*1\s*—", text) and re.search(r"—\s*2\s*—", text)  # page numbers
        assert "附件：" in text and text.rindex("附件") > text.index("测试县委\n", 10)
    wb = load_workbook(io.BytesIO(render_report(world.root, 2014, "xlsx")))
    for sheet in ("履行管党责任", "夯实基层基础", "推进十件实事", "特色亮点", "党员和组织概况"):
        assert sheet in wb.sheetnames
    keys = set()
    for ws in wb.worksheets:
        if ws.cell(1, 1).value == "指标代码":
            assert [c.value for c in ws[1]][:5] == [
                "指标代码",
                "指标名称",
                "数值",
                "单位",
                "文章数字",
            ][: ws.max_column]
            keys.update(row[0] for row in ws.iter_rows(min_row=2, values_only=True))
    assert set(reg.catalogue()) <= keys
    sheet = wb["履行管党责任"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["liaison.county_leader_points"][4] == 186  # the article's figure


@pytest.mark.django_db
def test_command_writes_json_to_stdout_and_files(world, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("annual_report", year=2014, fmt="json", output="-", stdout=out)
    data = json.loads(out.getvalue())
    assert data["org"]["code"] == "T"
    _check_partition(data)
    target = tmp_path / "a1.xlsx"
    call_command("annual_report", year=2014, org="TA1", fmt="xlsx", output=str(target), verbosity=0)
    assert target.read_bytes()[:2] == b"PK"
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("annual_report", year=2014, org="NOPE", fmt="json", output="-")


@pytest.mark.django_db
def test_report_from_the_ui_as_a_job(world, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    client = world.client("township")
    url = reverse("stats:report", kwargs={"pk": world.orgs["a"].pk})
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"year": 2014, "fmt": "docx"})
    job = Job.objects.get(kind="stats.annual_report")
    assert response["Location"] == reverse("core:job_detail", kwargs={"pk": job.pk})
    assert job.status == JobStatus.SUCCEEDED, job.result
    assert job.percent == 100 and job.result_filename == "TA-2014-annual-report.docx"
    download = client.get(reverse("core:job_download", kwargs={"pk": job.pk}))
    content = b"".join(download.streaming_content)
    assert content[:2] == b"PK"
    document = _docx_xml(content)
    assert "甲镇党委" in document and "乙镇" not in document  # only the township's subtree
    page = client.get(reverse("core:job_detail", kwargs={"pk": job.pk})).content.decode()
    assert "下载" in page


@pytest.mark.django_db
def test_report_form_refuses_a_future_year(world) -> None:  # type: ignore[no-untyped-def]
    client = world.client("township")
    url = reverse("stats:report", kwargs={"pk": world.orgs["a"].pk})
    response = client.post(url, {"year": 3000, "fmt": "pdf"})
    assert response.status_code == 200 and response.context["form"].errors["year"]
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_report_job_fails_when_the_scope_was_revoked(
    world, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from grassroots.accounts.models import RoleAssignment
    from grassroots.stats.services import report_job_start

    user = world.users["township"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = report_job_start(actor=user, organization=world.orgs["a"], year=2014, fmt="json")
    RoleAssignment.objects.filter(user=user).delete()
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not job.result_file
