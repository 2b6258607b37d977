"""Excel import: the template, every row error reported, all-or-nothing, no duplicates."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from grassroots.core.models import Job, LogEntry
from grassroots.core.testing.factories import id_number
from grassroots.members.importing import (
    COLUMNS,
    INSTRUCTIONS_SHEET,
    SHEET_NAME,
    build_template,
    import_members,
)
from grassroots.members.models import Member, MembershipPeriod

pytestmark = pytest.mark.django_db


def row(n, **overrides):
    birth = dt.date(1960 + n % 20, 1 + n % 12, 1 + n % 28)
    female = n % 3 == 0
    values = {
        "name": f"导入{n}",
        "sex": "女" if female else "男",
        "ethnicity": "汉族",
        "birth_date": birth.isoformat(),
        "id_number": id_number(birth, female=female, serial=400 + n % 90),
        "native_place": "湖北通山",
        "education": "高中",
        "degree": "",
        "occupation": "农牧渔民",
        "is_frontline": "是",
        "mobile": "13907150000",
        "address": "通山县",
        "organization": "TA1",
        "party_group": "",
        "branch_post": "",
        "joined_on": dt.date(2005, 7, 1),  # a real date cell
        "full_member_on": "2006/7/1",
        "status": "正式党员",
    }
    values.update(overrides)
    return [values[c.field] for c in COLUMNS]


def xlsx(rows, headers=None):
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_NAME
    ws.append(headers or [c.header for c in COLUMNS])
    for r in rows:
        ws.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


def snapshot():
    return (Member.objects.count(), MembershipPeriod.objects.count(), LogEntry.objects.count())


def test_template_has_headers_and_instructions():
    wb = load_workbook(io.BytesIO(build_template()))
    assert wb.sheetnames == [SHEET_NAME, INSTRUCTIONS_SHEET]
    rows = list(wb[SHEET_NAME].iter_rows(values_only=True))
    assert list(rows[0]) == [c.header for c in COLUMNS]
    assert all(v is None for r in rows[1:] for v in r)  # no example rows to import by mistake
    text = "".join(
        str(v) for r in wb[INSTRUCTIONS_SHEET].iter_rows(values_only=True) for v in r if v
    )
    assert "公民身份号码" in text and "整个文件都不会导入" in text


def test_good_file_imports_and_reimport_does_not_duplicate(world):
    source = xlsx([row(i) for i in range(1, 6)])
    result = import_members(
        actor=world.users["township"], organization=world.orgs["a"], source=source, dry_run=False
    )
    assert (result.ok, result.created, result.updated) == (True, 5, 0), result.errors
    m = Member.objects.get(name="导入1")
    assert (m.organization_id, m.joined_on, m.full_member_on, m.is_frontline, m.name_initials) == (
        world.orgs["a1"].pk,
        dt.date(2005, 7, 1),
        dt.date(2006, 7, 1),
        True,
        "dr",
    )
    assert MembershipPeriod.objects.filter(member=m, ended_on__isnull=True).count() == 1
    before = Member.objects.count()
    again = import_members(
        actor=world.users["township"],
        organization=world.orgs["a"],
        source=xlsx([row(i, address="新地址") for i in range(1, 6)]),
        dry_run=False,
    )
    assert (again.ok, again.created, again.updated) == (True, 0, 5)
    assert Member.objects.count() == before
    assert Member.objects.get(name="导入1").address == "新地址"
    assert LogEntry.objects.filter(action_type="members.import.completed").count() == 2


def test_dry_run_lists_every_error_with_row_and_column(world):
    good = row(1)
    bad_check = row(2)
    bad_check[4] = bad_check[4][:-1] + ("0" if bad_check[4][-1] != "0" else "1")
    rows = [
        good,
        bad_check,
        row(3, joined_on="2005-13-01"),
        row(4, sex="女" if row(4)[1] == "男" else "男"),
        row(5, organization="OUTB1"),
        row(6, status="已去世"),
        row(7, full_member_on="2006-06-30"),
        row(8, mobile="1390715"),
        good,  # the same member twice
    ]
    before = snapshot()
    result = import_members(
        actor=world.users["township"], organization=world.orgs["a"], source=xlsx(rows), dry_run=True
    )
    found = {(e.row, e.column) for e in result.errors}
    assert {
        (3, "公民身份号码"),
        (4, "入党日期"),
        (5, "性别"),
        (6, "所在党支部代码"),
        (7, "党籍状态"),
        (8, "转正日期"),
        (9, "手机号码"),
        (10, "公民身份号码"),
    } <= found
    assert (2, "公民身份号码") not in found
    assert not result.ok and result.rows == 9
    assert any("校验码" in e.message for e in result.errors)
    assert snapshot() == before


def test_a_malformed_file_changes_nothing(world):
    """All or nothing: one bad row among good ones, and not dry run: nothing is written."""
    rows = [row(i) for i in range(1, 30)] + [row(40, birth_date="1970-02-30")]
    before = snapshot()
    result = import_members(
        actor=world.users["township"],
        organization=world.orgs["a"],
        source=xlsx(rows),
        dry_run=False,
    )
    assert not result.ok and result.error_count == 1
    assert result.errors[0].row == 31
    assert snapshot() == before


def test_missing_required_column_is_reported(world):
    headers = [c.header for c in COLUMNS if c.header != "公民身份号码"]
    result = import_members(
        actor=world.users["county"],
        organization=world.orgs["a"],
        source=xlsx([], headers),
        dry_run=True,
    )
    assert [(e.row, e.column) for e in result.errors] == [(1, "公民身份号码")]


def test_member_registered_elsewhere_needs_a_transfer(world):
    from grassroots.core import crypto

    number = crypto.decrypt(world.members["b1"].id_number_encrypted)
    b1 = world.members["b1"]
    r = row(1, id_number=number, birth_date=b1.birth_date.isoformat(), sex="男")
    result = import_members(
        actor=world.users["township"], organization=world.orgs["a"], source=xlsx([r]), dry_run=True
    )
    assert [e.column for e in result.errors] == ["所在党支部代码"]
    assert "转接" in result.errors[0].message and "乙镇" not in result.errors[0].message


def test_import_needs_permission(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_members(
            actor=world.users["branch_secretary"],
            organization=world.orgs["a1"],
            source=xlsx([row(1)]),
            dry_run=True,
        )


def test_import_pages_dry_run_then_confirm(
    world, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = world.client("township")
    upload = SimpleUploadedFile("members.xlsx", xlsx([row(i) for i in range(1, 4)]).getvalue())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:import"), {"file": upload, "organization": world.orgs["a"].pk}
        )
    job = Job.objects.get(kind="members.import")
    assert response.url == reverse("members:import_job", args=[job.pk])
    assert job.result["dry_run"] and job.result["ok"] and job.result["created"] == 3
    assert not Member.objects.filter(name__startswith="导入").exists()
    page = client.get(response.url).content.decode()
    assert "确认导入" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:import_confirm", args=[job.pk]))
    final = Job.objects.exclude(pk=job.pk).get(kind="members.import")
    assert final.result["ok"] and not final.result["dry_run"]
    assert Member.objects.filter(name__startswith="导入").count() == 3
    assert client.get(reverse("members:import_template")).status_code == 200


def test_import_page_shows_errors(world, django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = world.client("township")
    upload = SimpleUploadedFile("bad.xlsx", xlsx([row(1, mobile="12")]).getvalue())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:import"), {"file": upload, "organization": world.orgs["a"].pk}
        )
    page = client.get(response.url).content.decode()
    assert "手机号码" in page and "确认导入" not in page


def test_command(world, tmp_path, capsys):
    path = tmp_path / "m.xlsx"
    path.write_bytes(xlsx([row(i) for i in range(1, 4)]).getvalue())
    call_command("import_members", str(path), "--org", "TA", "--dry-run")
    assert "检查通过" in capsys.readouterr().out
    assert not Member.objects.filter(name__startswith="导入").exists()
    call_command("import_members", str(path), "--org", "TA")
    assert Member.objects.filter(name__startswith="导入").count() == 3
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([row(9, sex="未知")]).getvalue())
    with pytest.raises(CommandError):
        call_command("import_members", str(bad), "--org", "TA")


def test_reimporting_an_unchanged_file_reports_rows_unchanged(world):
    """The same file twice: nothing created, nothing updated; one changed row is updated."""
    rows = [row(i) for i in range(1, 5)]
    first = import_members(
        actor=world.users["township"],
        organization=world.orgs["a"],
        source=xlsx(rows),
        dry_run=False,
    )
    assert (first.created, first.updated, first.unchanged) == (4, 0, 0)
    stamp = Member.objects.get(name="导入1").updated_at
    again = import_members(
        actor=world.users["township"],
        organization=world.orgs["a"],
        source=xlsx(rows),
        dry_run=False,
    )
    assert (again.ok, again.created, again.updated, again.unchanged) == (True, 0, 0, 4)
    assert "4 人信息无变化" in again.summary()
    assert Member.objects.get(name="导入1").updated_at == stamp  # not rewritten
    changed = [row(1, mobile="13800000000"), *rows[1:]]
    third = import_members(
        actor=world.users["township"],
        organization=world.orgs["a"],
        source=xlsx(changed),
        dry_run=True,
    )
    assert (third.created, third.updated, third.unchanged) == (0, 1, 3)


def test_errors_beyond_the_cap_are_counted_and_the_page_says_so(
    world, monkeypatch, django_capture_on_commit_callbacks, settings, tmp_path
):
    from grassroots.members import importing

    monkeypatch.setattr(importing, "MAX_REPORTED_ERRORS", 3)
    settings.MEDIA_ROOT = tmp_path
    rows = [row(i, mobile="12") for i in range(1, 8)]  # 7 errors, 3 listed
    result = import_members(
        actor=world.users["township"], organization=world.orgs["a"], source=xlsx(rows), dry_run=True
    )
    assert (result.error_count, len(result.errors), result.errors_truncated) == (7, 3, True)
    client = world.client("township")
    upload = SimpleUploadedFile("bad.xlsx", xlsx(rows).getvalue())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:import"), {"file": upload, "organization": world.orgs["a"].pk}
        )
    page = client.get(response.url).content.decode()
    assert "共发现 7 处错误，仅显示前3条" in page


def test_an_unreadable_file_is_reported_not_crashed(world):
    result = import_members(
        actor=world.users["township"],
        organization=world.orgs["a"],
        source=io.BytesIO(b"not an excel file"),
        dry_run=True,
    )
    assert not result.ok
    assert [(e.row, e.message[:6]) for e in result.errors] == [(1, "无法读取文件")]


def test_rows_keep_excel_numbers_when_the_sheet_starts_lower_and_further_right(world):
    """A sheet whose used range starts at C1 (two blank columns): headers and values line
    up, numeric ID cells are read as text, and error rows are Excel's row numbers."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_NAME
    headers = [c.header for c in COLUMNS]
    for j, h in enumerate(headers):
        ws.cell(row=1, column=3 + j, value=h)
    good = row(1)
    bad = row(2, mobile="12")
    for i, values in enumerate([good, bad], start=2):
        for j, v in enumerate(values):
            ws.cell(row=i, column=3 + j, value=v)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    result = import_members(
        actor=world.users["township"], organization=world.orgs["a"], source=buffer, dry_run=True
    )
    assert result.rows == 2
    assert [(e.row, e.column) for e in result.errors] == [(3, "手机号码")]


def test_progress_advances_through_the_check_and_the_write(world):
    """A real import reports progress while it prepares the rows to write, not only while
    checking; the last report before the transaction is at 100%."""
    reports = []
    from grassroots.members import importing

    rows = [row(i) for i in range(1, 30)]
    old = importing.PREPARE_REPORT_EVERY
    importing.PREPARE_REPORT_EVERY = 10
    try:
        result = import_members(
            actor=world.users["township"],
            organization=world.orgs["a"],
            source=xlsx(rows),
            dry_run=False,
            on_progress=lambda done, total, message: reports.append((done, total, message)),
        )
    finally:
        importing.PREPARE_REPORT_EVERY = old
    assert result.ok and result.created == 29
    writing = [r for r in reports if "准备写入" in r[2]]
    assert [r[0] for r in writing] == [39, 49, 58]  # 29 checked + 10, 20, 29 prepared
    assert all(total == 58 for _done, total, _m in reports[-4:])
    assert reports[-1][0] == reports[-1][1] and "写入数据库" in reports[-1][2]
    done = [r[0] for r in reports]
    assert done == sorted(done)
