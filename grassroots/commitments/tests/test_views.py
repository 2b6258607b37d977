import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grassroots.commitments import services
from grassroots.commitments.models import CommitmentItem, CommitmentLetter, Evidence, LetterStatus
from grassroots.orgs.bulk import TreeBuilder
from grassroots.orgs.models import OrgKind, Sector

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _bulk_letters(world, n, status=LetterStatus.PUBLISHED):
    tb = TreeBuilder()
    orgs = [
        tb.add(
            world.orgs["a"],
            name=f"甲{i}村党支部",
            code=f"TAL{i}",
            kind=OrgKind.BRANCH,
            sector=Sector.VILLAGE,
        )
        for i in range(n)
    ]
    tb.save()
    for org in orgs:
        letter = CommitmentLetter.objects.create(
            organization=org,
            year=2014,
            secretary_name="书记",
            secretary_post="支部书记",
            title="2014年度抓基层党建工作公开承诺书",
            status=status,
        )
        CommitmentItem.objects.bulk_create(
            [
                CommitmentItem(
                    letter=letter,
                    number=k,
                    category="team",
                    content=f"事项{k}",
                    responsible="x",
                    due_on=dt.date(2014, 12, 1),
                    verification="x",
                    weight=25,
                    percent=20 * k,
                )
                for k in range(1, 5)
            ]
        )


def _published_letter(world):
    letter = services.letter_create(
        actor=world.users["township"],
        organization=world.orgs["a"],
        year=2014,
        secretary_name="王书记",
        secretary_post="镇党委书记",
    )
    item = services.item_add(
        actor=world.users["township"],
        letter=letter,
        category="position",
        content="新建党员群众服务中心",
        responsible="镇长",
        due_on=dt.date(2014, 10, 31),
        verification="实地查看",
        weight=100,
    )
    services.letter_publish(
        actor=world.users["township"], letter=letter, starts_on=dt.date(2014, 3, 3)
    )
    return letter, item


@pytest.mark.parametrize(
    ("url_name", "role"),
    [("commitments:letter_list", "township"), ("commitments:public_overview", "anon")],
)
def test_list_pages_have_a_fixed_query_count(world, django_assert_max_num_queries, url_name, role):
    client = world.client(role)
    url = reverse(url_name) + "?year=2014"
    _bulk_letters(world, 1)
    with django_assert_max_num_queries(10) as few:
        assert client.get(url).status_code == 200
    tb_count = 20
    tb = TreeBuilder()
    more = [
        tb.add(world.orgs["a"], name=f"甲X{i}村党支部", code=f"TAX{i}", kind=OrgKind.BRANCH)
        for i in range(tb_count)
    ]
    tb.save()
    for org in more:
        CommitmentLetter.objects.create(
            organization=org,
            year=2014,
            secretary_name="书记",
            secretary_post="支部书记",
            title="承诺书",
            status=LetterStatus.PUBLISHED,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert "甲X19村党支部" in response.content.decode()


def test_public_letter_query_count_does_not_grow(world, django_assert_max_num_queries):
    letter, item = _published_letter(world)
    client = world.client("anon")
    url = reverse("commitments:public_letter", args=[letter.pk])
    services.progress_report(
        actor=world.users["township"],
        item=item,
        percent=10,
        text="开工",
        files=[SimpleUploadedFile("开工.png", PNG, "image/png")],
    )
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    for p in range(20, 100, 10):
        services.progress_report(
            actor=world.users["township"],
            item=item,
            percent=p,
            text=f"进度{p}",
            files=[SimpleUploadedFile(f"照片{p}.png", PNG, "image/png")],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url).content.decode()
    assert "进度90" in body and "第1项进度由80%更新为90%" in body


def test_progress_with_photos_from_the_phone_form(world):
    letter, item = _published_letter(world)
    client = world.client("township")
    response = client.post(
        reverse("commitments:progress_create", args=[item.pk]),
        {
            "percent": "60",
            "reported_on": "2014-08-01",
            "text": "主体完工",
            "evidence_files": [
                SimpleUploadedFile("一.png", PNG, "image/png"),
                SimpleUploadedFile("二.png", PNG, "image/png"),
            ],
        },
    )
    assert response.status_code == 302
    assert Evidence.objects.count() == 2
    evidence = Evidence.objects.first()
    public = world.client("anon").get(reverse("commitments:public_evidence", args=[evidence.pk]))
    assert public.status_code == 200 and b"".join(public.streaming_content) == PNG
    page = (
        world.client("anon")
        .get(reverse("commitments:public_letter", args=[letter.pk]))
        .content.decode()
    )
    assert reverse("commitments:public_evidence", args=[evidence.pk]) in page


def test_draft_letters_and_their_evidence_are_not_public(world):
    letter, item = _published_letter(world)
    services.progress_report(
        actor=world.users["township"],
        item=item,
        percent=10,
        text="x",
        files=[SimpleUploadedFile("a.png", PNG, "image/png")],
    )
    evidence = Evidence.objects.get()
    CommitmentLetter.objects.filter(pk=letter.pk).update(status=LetterStatus.DRAFT)
    anon = world.client("anon")
    assert anon.get(reverse("commitments:public_letter", args=[letter.pk])).status_code == 404
    assert anon.get(reverse("commitments:public_evidence", args=[evidence.pk])).status_code == 404
    assert (
        anon.get(reverse("commitments:public_organization", args=[world.orgs["a"].pk])).status_code
        == 404
    )
    # the platform's users still reach it through their scope
    assert (
        world.client("township")
        .get(reverse("commitments:evidence", args=[evidence.pk]))
        .status_code
        == 200
    )
    assert (
        world.client("member").get(reverse("commitments:evidence", args=[evidence.pk])).status_code
        == 404
    )


def test_portal_home_shows_the_commitments_section(world):
    _published_letter(world)
    body = world.client("anon").get(reverse("portal:home")).content.decode()
    assert "党组织书记抓党建公开承诺" in body and "甲镇党委" in body


def test_publishing_from_the_form_shows_the_weights_rule(world):
    letter = services.letter_create(
        actor=world.users["township"],
        organization=world.orgs["a"],
        year=2014,
        secretary_name="王书记",
        secretary_post="镇党委书记",
    )
    services.item_add(
        actor=world.users["township"],
        letter=letter,
        category="team",
        content="x",
        responsible="x",
        due_on=dt.date(2014, 10, 31),
        verification="x",
        weight=99,
    )
    response = world.client("township").post(
        reverse("commitments:letter_publish", args=[letter.pk]),
        {"starts_on": "2014-03-03", "working_days": "5"},
    )
    assert response.status_code == 200 and "权重之和应为100，现为99" in response.content.decode()


def test_api_publish_and_public_list(world):
    letter = services.letter_create(
        actor=world.users["township"],
        organization=world.orgs["a"],
        year=2014,
        secretary_name="王书记",
        secretary_post="镇党委书记",
    )
    client = world.client("anon")
    headers = world.api_headers("township")
    for weight in (70, 30):
        response = client.post(
            f"/api/v1/commitments/letters/{letter.pk}/items",
            {
                "category": "team",
                "content": "培养后备干部",
                "responsible": "组织委员",
                "due_on": "2014-10-31",
                "verification": "查阅名册",
                "weight": weight,
            },
            content_type="application/json",
            **headers,
        )
        assert response.status_code == 201, response.content
    response = client.post(
        f"/api/v1/commitments/letters/{letter.pk}/publish",
        {"starts_on": "2014-03-03"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200 and response.json()["status"] == "published"
    public = client.get("/api/v1/commitments/public/letters?year=2014").json()
    assert public["count"] == 1 and public["items"][0]["item_count"] == 2
