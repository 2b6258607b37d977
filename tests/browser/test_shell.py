import pytest

from grassroots.core.testing.world import PASSWORD, build_world

from .conftest import DESKTOP, PHONE, login, no_horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_world(live_server, settings):  # type: ignore[no-untyped-def]
    settings.OTP_REQUIRED_FOR_COUNTY = False
    return build_world()


@pytest.mark.parametrize(("size", "tag"), [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_login_page(browser, live_world, live_server, shot, size, tag):
    page = browser.new_page(viewport=size)
    page.goto(live_server.url + "/accounts/login/")
    assert page.locator("text=基层党建工作管理平台").first.is_visible()
    assert no_horizontal_overflow(page)
    shot(page, f"login-{tag}")
    page.fill("#id_username", "w_township")
    page.fill("#id_password", "wrong")
    page.click("button[type=submit]")
    assert page.locator(".alert-danger").inner_text().find("用户名（手机号）或密码不正确") >= 0
    page.close()


@pytest.mark.parametrize(("size", "tag"), [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_tree_browser(browser, live_world, live_server, shot, size, tag):
    page = browser.new_page(viewport=size)
    login(page, live_server.url, "w_county", PASSWORD)
    page.goto(live_server.url + "/orgs/")
    assert page.locator(".org-node a", has_text="测试县委").is_visible()
    # The root comes expanded; deeper levels load lazily on the first click.
    assert page.locator("text=甲镇党委").is_visible()
    page.click("#org-tree > li > .org-node .toggle")
    assert page.locator("text=甲镇党委").is_hidden()
    page.click("#org-tree > li > .org-node .toggle")
    assert page.locator("text=甲镇党委").is_visible()
    page.locator(".org-node", has_text="甲镇党委").locator(".toggle").click()
    page.wait_for_selector("text=甲一村党支部")
    assert no_horizontal_overflow(page)
    shot(page, f"tree-{tag}")
    # Search by pinyin initials.
    page.fill("input[name=q]", "jycdzb")
    page.wait_for_selector("#search-results >> text=甲一村党支部")
    shot(page, f"tree-search-{tag}")
    page.close()


def test_phone_menu_and_scope_limits(browser, live_world, live_server, shot):
    page = browser.new_page(viewport=PHONE)
    login(page, live_server.url, "w_township", PASSWORD)
    page.goto(live_server.url + "/orgs/")
    assert page.locator("text=乙镇党委").count() == 0
    page.click("button[aria-controls=sidebar]")
    page.wait_for_selector("#sidebar.show")
    assert page.locator("#sidebar >> text=组织体系").is_visible()
    shot(page, "menu-phone")
    page.close()
