"""A branch secretary on a phone (375 px) finds members by pinyin initials, filters the
list, opens a member (the ID number masked), and registers a new member: a wrong ID-number
check digit is refused in Chinese first, the corrected number is accepted."""

import datetime as dt

import pytest

from grassroots.core import crypto
from grassroots.core.testing import factories
from grassroots.core.testing.world import PASSWORD, build_world
from grassroots.members.models import Member

from .conftest import PHONE, login, no_horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_world(live_server, settings):  # type: ignore[no-untyped-def]
    settings.OTP_REQUIRED_FOR_COUNTY = False
    world = build_world()
    a1 = world.orgs["a1"]
    world.members["zhangsan"] = factories.member(
        organization=a1,
        name="张三",
        mobile="13907151234",
        address="通山县通羊镇隆鼎丽都3栋2单元501",
        education="bachelor",
        occupation="farmer",
    )
    world.members["zhangshufang"] = factories.member(
        organization=a1, name="张淑芳", female=True, birth=dt.date(1975, 8, 9)
    )
    world.members["liming"] = factories.member(organization=a1, name="李明")
    world.members["zhaosen"] = factories.member(  # zs too, but no longer in good standing
        organization=a1, name="赵森", status="deceased", status_changed_on=dt.date(2013, 5, 1)
    )
    return world


def rows(page):  # type: ignore[no-untyped-def]
    """The names listed on the member list page."""
    return set(page.locator("table tbody td:first-child a").all_inner_texts())


def test_a_branch_secretary_finds_and_opens_a_member_on_a_phone(
    browser, live_world, live_server, shot
):
    world = live_world
    zhangsan = world.members["zhangsan"]
    page = browser.new_page(viewport=PHONE, locale="zh-CN")
    login(page, live_server.url, "w_branch_secretary", PASSWORD)
    page.goto(live_server.url + "/members/")
    assert page.locator("h1", has_text="党员管理").is_visible()
    assert rows(page) == {"张三", "张淑芳", "李明", "甲一村张三"}
    assert page.input_value("#id_status") == "active"
    assert no_horizontal_overflow(page)

    page.fill("#id_q", "zs")
    page.click("button[aria-label='查询']")
    page.wait_for_load_state("networkidle")
    # Initials: not 李明, not 甲一村张三 (jyczs); not 赵森, who has died (在册党员 only).
    assert rows(page) == {"张三", "张淑芳"}
    assert page.locator("text=共 2 名党员").is_visible()
    assert no_horizontal_overflow(page)
    shot(page, "members-list-search-phone")

    page.click("summary:has-text('更多筛选')")
    page.select_option("#id_sex", "female")
    page.click("button:has-text('筛选')")
    page.wait_for_load_state("networkidle")
    assert rows(page) == {"张淑芳"}
    assert page.input_value("#id_q") == "zs"  # the search is kept while filtering
    page.select_option("#id_sex", "male")
    page.click("button:has-text('筛选')")
    page.wait_for_load_state("networkidle")
    assert rows(page) == {"张三"}
    assert no_horizontal_overflow(page)
    shot(page, "members-list-filtered-phone")

    page.click("table tbody a:has-text('张三')")
    page.wait_for_selector("h1:has-text('张三')")
    assert page.url.endswith(f"/members/{zhangsan.pk}/")
    body = page.content()
    assert zhangsan.id_number_masked in body
    assert crypto.decrypt(zhangsan.id_number_encrypted) not in body
    assert "139****1234" in body and "13907151234" not in body
    assert "通山县通羊镇****" in body and "隆鼎丽都" not in body
    assert page.locator("text=查看完整号码").count() == 0  # branch roles cannot reveal
    assert no_horizontal_overflow(page)
    shot(page, "members-detail-phone")
    page.close()


def test_a_branch_secretary_registers_a_member_on_a_phone(browser, live_world, live_server, shot):
    world = live_world
    birth = dt.date(1990, 4, 12)
    number = factories.id_number(birth, female=True, serial=321)
    wrong_check_digit = number[:17] + ("0" if number[17] != "0" else "1")
    page = browser.new_page(viewport=PHONE, locale="zh-CN")
    login(page, live_server.url, "w_branch_secretary", PASSWORD)
    page.goto(live_server.url + "/members/")
    page.click("a:has-text('登记党员')")
    page.wait_for_selector("#id_name")
    assert no_horizontal_overflow(page)

    page.select_option("#id_organization", str(world.orgs["a1"].pk))
    page.select_option("#id_status", "full")
    page.fill("#id_name", "王晓红")
    page.fill("#id_id_number", wrong_check_digit)
    page.check("input[name=sex][value=female]")
    page.fill("#id_birth_date", birth.isoformat())
    page.select_option("#id_education", "junior_college")
    page.select_option("#id_occupation", "farmer")
    page.fill("#id_mobile", "13907150001")
    page.fill("#id_address", "通山县通羊镇城东社区")
    page.fill("#id_joined_on", "2013-06-28")
    page.fill("#id_full_member_on", "2014-06-28")
    page.click("button:has-text('提交')")
    page.wait_for_selector(".invalid-feedback")
    error = page.locator(".invalid-feedback").first
    assert "身份证号校验码错误" in error.inner_text()
    assert error.is_visible()
    assert not Member.objects.filter(name="王晓红").exists()
    assert page.input_value("#id_name") == "王晓红"  # what was typed is kept
    assert no_horizontal_overflow(page)
    shot(page, "members-form-refused-phone")

    page.fill("#id_id_number", number)
    page.click("button:has-text('提交')")
    page.wait_for_selector("text=已登记党员「王晓红」")
    member = Member.objects.get(name="王晓红")
    assert page.url.endswith(f"/members/{member.pk}/")
    assert (member.organization_id, member.sex, member.birth_date) == (
        world.orgs["a1"].pk,
        "female",
        birth,
    )
    assert member.id_number_hash == crypto.lookup_hash(number)
    assert number not in page.content()
    assert no_horizontal_overflow(page)
    shot(page, "members-created-phone")
    page.close()
