"""The public commitments pages (承诺践诺), without login: the county overview and each
organization's page list published letters; a letter shows its items, the explanatory
note of an item that fell short and the version history of what changed and when. A
letter that has not been published shows nowhere."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from grassroots.commitments import services
from grassroots.commitments.models import CommitmentLetter

pytestmark = pytest.mark.django_db

NOTE = "受汛期影响，村部改造工期延后，计划10月底前完成。"


def _letter(world, org_key, actor, contents):
    letter = services.letter_create(
        actor=world.users[actor],
        organization=world.orgs[org_key],
        year=2014,
        secretary_name=f"{world.orgs[org_key].name[:2]}王书记",
        secretary_post="镇党委书记",
    )
    weights = [100 // len(contents)] * len(contents)
    weights[0] += 100 - sum(weights)
    for content, weight in zip(contents, weights, strict=True):
        services.item_add(
            actor=world.users[actor],
            letter=letter,
            category="position",
            content=content,
            responsible="镇长",
            due_on=dt.date(2014, 9, 30),
            verification="实地查看",
            weight=weight,
        )
    return letter


@pytest.fixture
def letters(world):
    """甲镇's letter, published, amended once and with a shortfall note; 乙镇's a draft."""
    published = _letter(world, "a", "township", ["完成村部改造", "培养后备干部"])
    services.letter_publish(
        actor=world.users["township"], letter=published, starts_on=dt.date(2014, 3, 3)
    )
    first = services.active_items(published).first()
    services.item_update(
        actor=world.users["township"], item=first, content="完成甲一村村部改造并投入使用"
    )
    services.progress_report(
        actor=world.users["township"],
        item=first,
        percent=60,
        text="主体完工",
        reported_on=dt.date(2014, 9, 30),
    )
    services.shortfall_explain(actor=world.users["township"], item=first, note=NOTE)
    draft = _letter(world, "b", "county", ["乙镇未公开的承诺事项"])
    return {"published": published, "draft": draft}


def test_the_county_overview_shows_published_letters_without_login(letters):
    response = Client().get(reverse("commitments:public_overview"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "甲镇党委" in html and "甲镇王书记" in html
    assert reverse("commitments:public_letter", args=[letters["published"].pk]) in html
    assert response.context["totals"]["items"] == 2
    assert [letter.pk for letter in response.context["letters"]] == [letters["published"].pk]


def test_an_unpublished_letter_shows_nowhere(world, letters):
    anon = Client()
    draft = letters["draft"]
    for url in (reverse("commitments:public_overview"), reverse("portal:home")):
        html = anon.get(url).content.decode()
        assert "乙镇" not in html, url
        assert reverse("commitments:public_letter", args=[draft.pk]) not in html
    assert anon.get(reverse("commitments:public_letter", args=[draft.pk])).status_code == 404
    org_page = reverse("commitments:public_organization", args=[world.orgs["b"].pk])
    assert anon.get(org_page).status_code == 404  # nothing published there
    assert anon.get(reverse("api:commitments_public_letters")).json()["count"] == 1


def test_the_organization_page_lists_its_published_letters(world, letters):
    url = reverse("commitments:public_organization", args=[world.orgs["a"].pk])
    response = Client().get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "甲镇党委公开承诺" in html and "2014年" in html
    assert reverse("commitments:public_letter", args=[letters["published"].pk]) in html
    assert "乙镇" not in html


def test_a_letter_shows_the_version_history_and_the_explanatory_note(letters):
    url = reverse("commitments:public_letter", args=[letters["published"].pk])
    response = Client().get(url)
    assert response.status_code == 200
    html = response.content.decode()
    # The current wording, and the amendment with the text before and after.
    assert "完成甲一村村部改造并投入使用" in html
    assert "第1项承诺事项修改：承诺事项" in html
    assert "<del>完成村部改造</del>" in html and "<ins>完成甲一村村部改造并投入使用</ins>" in html
    # Publication, progress and the shortfall note each appear in the history.
    assert "公开《2014年度抓基层党建工作公开承诺书》，承诺事项2项" in html
    assert "第1项进度由0%更新为60%" in html
    assert "第1项作出未完成情况说明" in html
    assert "未完成情况说明" in html and NOTE in html
    sentences = [r.sentence for r in response.context["revisions"]]
    assert sentences[-1].startswith("公开《")  # newest first, publication last


def test_the_home_page_section_links_the_published_letter(letters):
    html = Client().get(reverse("portal:home")).content.decode()
    assert "党组织书记抓党建公开承诺" in html
    assert reverse("commitments:public_letter", args=[letters["published"].pk]) in html


def test_publishing_later_makes_the_draft_public(world, letters):
    draft = CommitmentLetter.objects.get(pk=letters["draft"].pk)
    services.letter_publish(
        actor=world.users["county"], letter=draft, starts_on=dt.date(2014, 3, 5)
    )
    assert Client().get(reverse("commitments:public_letter", args=[draft.pk])).status_code == 200
    html = Client().get(reverse("commitments:public_overview")).content.decode()
    assert "乙镇党委" in html
