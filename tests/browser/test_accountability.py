"""A county leader on a phone (375 px) opens their contact point and logs a visit with a
problem the villagers raised; the visit and the problem are recorded and shown."""

import datetime as dt

import pytest

from grassroots.core.testing.world import PASSWORD, build_world
from grassroots.liaison.models import ContactPoint, LeaderLevel, Problem, Visit

from .conftest import PHONE, login, no_horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_world(live_server, settings):  # type: ignore[no-untyped-def]
    settings.OTP_REQUIRED_FOR_COUNTY = False
    return build_world()


def test_a_leader_logs_a_visit_with_a_problem_from_a_phone(browser, live_world, live_server, shot):
    world = live_world
    point = ContactPoint.objects.create(
        leader=world.users["leader"],
        leader_level=LeaderLevel.TOWNSHIP,
        leader_post="镇党委副书记",
        organization=world.orgs["a1"],
        started_on=dt.date(2014, 1, 1),
        note="村集体经济发展",
    )
    page = browser.new_page(viewport=PHONE)
    login(page, live_server.url, "w_leader", PASSWORD)
    page.goto(live_server.url + "/liaison/")
    assert page.locator("h1", has_text="我的联系点").is_visible()
    assert no_horizontal_overflow(page)
    shot(page, "liaison-my-points-phone")

    page.click("text=甲一村党支部")
    page.wait_for_selector("h1")
    assert page.url.endswith(f"/liaison/points/{point.pk}/")
    assert no_horizontal_overflow(page)
    shot(page, "liaison-point-phone")

    page.click("a:has-text('记录走访')")
    page.wait_for_selector("#id_visitors")
    assert page.input_value("#id_visitors") == world.users["leader"].display_name
    page.fill("#id_visited_on", "2014-05-08")
    page.fill("#id_summary", "走访困难党员3户，召开村民代表座谈会")
    page.fill("#id_aid_funds_yuan", "5000")
    page.fill("#id_disputes_mediated", "1")
    page.select_option("#id_problems-0-category", "infrastructure")
    page.fill("#id_problems-0-description", "三组通组公路雨后塌方")
    assert no_horizontal_overflow(page)
    shot(page, "liaison-visit-form-phone")

    page.click("button:has-text('保存走访记录')")
    page.wait_for_selector("text=走访已记录")
    visit = Visit.objects.get()
    assert page.url.endswith(f"/liaison/visits/{visit.pk}/")
    assert page.locator("text=三组通组公路雨后塌方").is_visible()
    assert no_horizontal_overflow(page)
    shot(page, "liaison-visit-saved-phone")

    assert (visit.contact_point_id, visit.visited_on) == (point.pk, dt.date(2014, 5, 8))
    assert visit.logged_by == world.users["leader"]
    problem = Problem.objects.get()
    assert (problem.visit_id, problem.category, problem.resolved_on) == (
        visit.pk,
        "infrastructure",
        None,
    )
    page.close()


def test_a_refused_visit_explains_the_rule_on_a_phone(browser, live_world, live_server, shot):
    world = live_world
    point = ContactPoint.objects.create(
        leader=world.users["leader"],
        leader_level=LeaderLevel.TOWNSHIP,
        leader_post="镇党委副书记",
        organization=world.orgs["a1"],
        started_on=dt.date(2014, 1, 1),
    )
    page = browser.new_page(viewport=PHONE)
    login(page, live_server.url, "w_leader", PASSWORD)
    page.goto(live_server.url + f"/liaison/points/{point.pk}/visits/new/")
    page.fill("#id_visited_on", "2013-12-20")  # before the point was set up
    page.click("button:has-text('保存走访记录')")
    page.wait_for_selector(".invalid-feedback, .rule-refusal")
    assert "联系期" in page.content()
    assert no_horizontal_overflow(page)
    shot(page, "liaison-visit-refused-phone")
    assert not Visit.objects.exists()
    page.close()
