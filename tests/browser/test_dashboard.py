"""The county organization department opens the statistics dashboard on a phone (375 px)
and on a desktop: the charts render without console errors, it drills down from the
county to a township, requests the annual report, waits for the background job's
progress to finish and downloads a valid Word document."""

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from grassroots.core.testing import factories
from grassroots.core.testing.world import PASSWORD, build_world

from .conftest import DESKTOP, PHONE, login, no_horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_world(live_server, settings):  # type: ignore[no-untyped-def]
    settings.OTP_REQUIRED_FOR_COUNTY = False
    world = build_world()
    for i in range(12):
        factories.member(
            organization=world.orgs["a1"] if i % 2 else world.orgs["b1"],
            name=f"统计党员{i}",
            birth=dt.date(1955 + 3 * i, 1 + i % 12, 1),
            female=i % 3 == 0,
            joined_on=dt.date(2012 + i % 3, 7, 1),
            education="bachelor" if i % 2 else "high_school",
        )
    return world


def _watch_errors(page) -> list[str]:  # type: ignore[no-untyped-def]
    """JavaScript errors, and responses that failed (by URL: the console's "Failed to
    load resource" does not name it); the browser's own favicon probe is not the page's."""
    errors: list[str] = []

    def console(message) -> None:  # type: ignore[no-untyped-def]
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    def response(res) -> None:  # type: ignore[no-untyped-def]
        if res.status >= 400 and not res.url.endswith("/favicon.ico"):
            errors.append(f"{res.status} {res.url}")

    page.on("console", console)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", response)
    return errors


def _charts_rendered(page) -> int:  # type: ignore[no-untyped-def]
    """The number of chart containers that ECharts drew into (svg renderer)."""
    page.wait_for_selector(".stats-chart svg")
    return page.locator(".stats-chart:has(svg), .stats-chart:has(canvas)").count()


@pytest.mark.parametrize(("viewport", "name"), [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_county_dashboard_drill_down_and_report(
    browser, live_world, live_server, shot, viewport, name
):  # type: ignore[no-untyped-def]
    world = live_world
    page = browser.new_page(viewport=viewport, locale="zh-CN", accept_downloads=True)
    errors = _watch_errors(page)
    login(page, live_server.url, "w_county", PASSWORD)

    page.goto(live_server.url + f"/stats/org/{world.orgs['root'].pk}/?year=2014")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1", has_text="统计工作台").is_visible()
    drawn = _charts_rendered(page)
    assert drawn >= 5, drawn
    assert no_horizontal_overflow(page)
    shot(page, f"stats-dashboard-county-{name}")

    # Drill down: pick the township in the scope bar.
    page.select_option("#stats-org", str(world.orgs["a"].pk))
    page.click(".stats-scope-bar button[type=submit]")
    page.wait_for_url(f"**/stats/org/{world.orgs['a'].pk}/?year=2014")
    page.wait_for_load_state("networkidle")
    assert "甲镇党委" in page.locator("h1").inner_text()
    assert page.locator(".breadcrumb", has_text="测试县委").is_visible()
    assert _charts_rendered(page) >= 5
    assert no_horizontal_overflow(page)
    shot(page, f"stats-dashboard-township-{name}")

    # An indicator's drill-down lists the township's branches.
    page.click(".stats-card >> nth=0")
    page.wait_for_selector(".stats-chart svg")
    assert page.locator("text=甲一村党支部").first.is_visible()
    assert no_horizontal_overflow(page)
    shot(page, f"stats-drilldown-township-{name}")

    # The annual report of the township, as a background job.
    page.goto(live_server.url + f"/stats/org/{world.orgs['a'].pk}/report/")
    page.fill("#id_year", "2014")
    page.select_option("#id_fmt", "docx")
    page.fill("#id_date", "2015-01-10")
    assert no_horizontal_overflow(page)
    shot(page, f"stats-report-form-{name}")
    page.click("button:has-text('开始生成')")
    page.wait_for_url("**/jobs/**")
    page.wait_for_selector(".progress-bar.bg-success", timeout=60_000)
    assert page.get_attribute("[role=progressbar]", "aria-valuenow") == "100"
    assert no_horizontal_overflow(page)
    shot(page, f"stats-report-done-{name}")
    with page.expect_download() as info:
        page.click("a:has-text('下载')")
    download = info.value
    assert download.suggested_filename == "TA-2014-annual-report.docx"
    content = Path(download.path()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        assert z.testzip() is None
        document = z.read("word/document.xml").decode("utf-8")
    from docx import Document

    assert Document(io.BytesIO(content)).paragraphs  # python-docx opens it
    assert "甲镇党委" in document and "2015年1月10日" in document
    assert not errors, errors
    page.close()
