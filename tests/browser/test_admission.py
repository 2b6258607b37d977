"""On a 375-px phone: a branch secretary follows a case from the pipeline to its page and
sees what comes next and what still blocks it; a voter opens the public voting page with
a one-time code, casts the ballot and gets the receipt; the same code a second time is
refused in Chinese."""

import datetime as dt

import pytest

from grassroots.admission import services as admission
from grassroots.admission.tests.helpers import Flow
from grassroots.ballots import services
from grassroots.ballots.tests.helpers import frozen
from grassroots.core.testing.world import PASSWORD, build_world

from .conftest import PHONE, login, no_horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_world(live_server, settings):  # type: ignore[no-untyped-def]
    settings.OTP_REQUIRED_FOR_COUNTY = False
    return build_world()


def test_a_secretary_sees_the_next_step_and_its_blockers_on_a_phone(  # type: ignore[no-untyped-def]
    browser, live_world, live_server, shot
):
    flow = Flow(live_world)
    case = flow.apply()
    admission.case_record_talk(
        actor=flow.branch, case=case, done_on=dt.date(2023, 2, 6), talker="李书记", opinion="好"
    )
    page = browser.new_page(viewport=PHONE)
    login(page, live_server.url, "w_branch_secretary", PASSWORD)
    page.goto(live_server.url + f"/admission/pipeline/{flow.org.pk}/")
    assert page.locator("h1", has_text="发展党员").is_visible()
    assert no_horizontal_overflow(page)
    shot(page, "admission-pipeline-phone")

    page.locator(".stage-card").first.click()  # stage 1: the applicants
    page.wait_for_load_state("networkidle")
    page.click(f"text={case.name}")
    page.wait_for_load_state("networkidle")
    body = page.inner_text("main")
    assert case.name in body and "接下来" in body
    assert "【一推荐】" in body  # making an activist waits for the recommendation round
    assert no_horizontal_overflow(page)
    shot(page, "admission-case-phone")


def test_a_voter_casts_by_code_on_a_phone(browser, live_world, live_server, shot):  # type: ignore[no-untyped-def]
    secretary = live_world.users["branch_secretary"]
    ballot = frozen(secretary, live_world.orgs["a1"], full=3)
    services.ballot_record_attendance(
        actor=secretary, ballot=ballot, present=list(ballot.roll.values_list("id", flat=True))
    )
    (code,) = services.ballot_issue_codes(actor=secretary, ballot=ballot, count=1)
    services.ballot_open(actor=secretary, ballot=ballot)
    url = live_server.url + f"/ballots/public/{ballot.public_id}/vote/"

    page = browser.new_page(viewport=PHONE)
    page.on("dialog", lambda dialog: dialog.accept())  # "提交后不能更改。确认投票？"
    page.goto(url + "#" + code)
    page.wait_for_selector("input[name=code]")
    if not page.input_value("input[name=code]"):
        page.fill("input[name=code]", code)
    page.click("label[for=id_q_0_0]")
    assert no_horizontal_overflow(page)
    shot(page, "ballot-vote-phone")
    page.click("button[type=submit]")
    page.wait_for_function("!document.querySelector('input[name=q_0]')")
    receipt = ballot.cast_ballots.get().receipt
    assert receipt in page.content()
    assert no_horizontal_overflow(page)
    shot(page, "ballot-vote-receipt-phone")

    page.goto(url)
    page.fill("input[name=code]", code)
    page.click("label[for=id_q_0_1]")
    page.click("button[type=submit]")
    page.wait_for_selector("text=每个投票码只能投一次。 >> nth=0")
    assert "这个投票码已经投过票" in page.content()
    assert "每个投票码只能投一次" in page.content()
    assert no_horizontal_overflow(page)
    shot(page, "ballot-vote-refused-phone")
    assert ballot.cast_ballots.count() == 1
    page.close()
