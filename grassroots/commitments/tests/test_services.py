import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from grassroots.commitments import selectors, services
from grassroots.commitments.models import (
    NOTICE_PURPOSE,
    CommitmentItem,
    Evidence,
    ItemStatus,
    LetterRevision,
    LetterStatus,
    ReviewResult,
)
from grassroots.core.errors import RuleViolation
from grassroots.notices.models import Notice
from grassroots.notices.selectors import latest_notice
from grassroots.orgs.models import OrgKind
from grassroots.orgs.services import organization_create
from grassroots.stats.registry import Period, compute

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _letter(world, org_key="a", actor="township", weights=(60, 40)):
    letter = services.letter_create(
        actor=world.users[actor],
        organization=world.orgs[org_key] if org_key != "root" else world.root,
        year=2014,
        secretary_name="王书记",
        secretary_post="镇党委书记",
    )
    for i, w in enumerate(weights, start=1):
        services.item_add(
            actor=world.users[actor],
            letter=letter,
            category="organization",
            content=f"承诺事项{i}",
            responsible="组织委员",
            due_on=dt.date(2014, 11, 30),
            verification="查阅台账",
            weight=w,
        )
    return letter


def _published(world, org_key="a", actor="township", weights=(60, 40)):
    letter = _letter(world, org_key, actor, weights)
    return services.letter_publish(
        actor=world.users[actor], letter=letter, starts_on=dt.date(2014, 3, 3)
    )


def _items(letter):
    return list(services.active_items(letter))


def test_new_letter_gets_the_standard_title(world):
    letter = _letter(world, weights=())
    assert letter.title == "2014年度抓基层党建工作公开承诺书"
    assert letter.status == LetterStatus.DRAFT


@pytest.mark.parametrize(
    ("weights", "ok"), [((60, 39), False), ((60, 41), False), ((60, 40), True)]
)
def test_weights_must_sum_to_100_to_publish(world, weights, ok):
    letter = _letter(world, weights=weights)
    if not ok:
        with pytest.raises(RuleViolation) as exc:
            services.letter_publish(actor=world.users["township"], letter=letter)
        assert exc.value.rule == "commitments.weights_100"
        assert f"现为{sum(weights)}" in exc.value.message
        assert not Notice.objects.exists()
        return
    services.letter_publish(
        actor=world.users["township"], letter=letter, starts_on=dt.date(2014, 3, 3)
    )
    letter.refresh_from_db()
    assert letter.status == LetterStatus.PUBLISHED
    notice = latest_notice(letter, purpose=NOTICE_PURPOSE)
    assert notice is not None and notice.organization == world.orgs["a"]
    assert "承诺事项1" in notice.body and notice.starts_on == dt.date(2014, 3, 3)
    revision = LetterRevision.objects.get(letter=letter)
    assert revision.sentence == "公开《2014年度抓基层党建工作公开承诺书》，承诺事项2项"


def test_an_empty_letter_is_not_published(world):
    letter = _letter(world, weights=())
    with pytest.raises(RuleViolation) as exc:
        services.letter_publish(actor=world.users["township"], letter=letter)
    assert exc.value.rule == "commitments.no_items"


def test_removed_draft_items_do_not_count(world):
    letter = _letter(world, weights=(60, 40, 10))
    with pytest.raises(RuleViolation):
        services.letter_publish(actor=world.users["township"], letter=letter)
    services.item_remove(actor=world.users["township"], item=_items(letter)[2])
    services.letter_publish(actor=world.users["township"], letter=letter)
    assert CommitmentItem.objects.filter(letter=letter).count() == 3  # kept, marked removed


def test_published_letters_lock_items_and_weights_but_amendments_are_public(world):
    letter = _published(world)
    first = _items(letter)[0]
    with pytest.raises(RuleViolation) as exc:
        services.item_add(
            actor=world.users["township"],
            letter=letter,
            category="team",
            content="新增",
            responsible="x",
            due_on=dt.date(2014, 12, 1),
            verification="x",
            weight=10,
        )
    assert exc.value.rule == "commitments.items_locked"
    with pytest.raises(RuleViolation) as exc:
        services.item_update(actor=world.users["township"], item=first, weight=50)
    assert exc.value.rule == "commitments.weights_locked"
    services.item_update(actor=world.users["township"], item=first, due_on=dt.date(2014, 12, 15))
    revision = LetterRevision.objects.filter(kind="amended").get()
    assert revision.sentence == "第1项承诺事项修改：完成时限"
    assert revision.changes == [("完成时限", "2014-11-30", "2014-12-15")]
    with pytest.raises(RuleViolation) as exc:
        services.item_update(actor=world.users["township"], item=first, due_on=dt.date(2015, 1, 5))
    assert exc.value.rule == "commitments.due_in_year"


def test_progress_rolls_up_by_weight_with_evidence(world):
    letter = _published(world)
    first, second = _items(letter)
    services.progress_report(
        actor=world.users["township"],
        item=first,
        percent=100,
        text="已完成",
        reported_on=dt.date(2014, 9, 1),
        files=[
            SimpleUploadedFile("现场.png", PNG, "image/png"),
            SimpleUploadedFile("文件.pdf", PDF, "application/pdf"),
        ],
    )
    services.progress_report(
        actor=world.users["township"],
        item=second,
        percent=50,
        text="推进中",
        reported_on=dt.date(2014, 9, 1),
    )
    annotated = selectors.letter_get(actor=world.users["county"], pk=letter.pk)
    assert annotated.progress == Decimal("80.0")  # (60×100 + 40×50) ÷ 100
    first.refresh_from_db()
    assert first.status == ItemStatus.COMPLETED
    kinds = sorted(Evidence.objects.values_list("kind", flat=True))
    assert kinds == ["document", "photo"]
    assert (
        LetterRevision.objects.filter(kind="progress").first().sentence == "第2项进度由0%更新为50%"
    )


def test_a_late_item_is_marked_delayed(world):
    letter = _published(world)
    item = _items(letter)[0]
    services.progress_report(
        actor=world.users["township"],
        item=item,
        percent=80,
        text="x",
        reported_on=dt.date(2014, 12, 1),
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.DELAYED


def test_a_bad_file_refuses_the_whole_report(world):
    item = _items(_published(world))[0]
    with pytest.raises(RuleViolation) as exc:
        services.progress_report(
            actor=world.users["township"],
            item=item,
            percent=30,
            text="x",
            files=[
                SimpleUploadedFile("a.png", PNG, "image/png"),
                SimpleUploadedFile("b.pdf", b"MZ", "application/pdf"),
            ],
        )
    assert exc.value.rule == "uploads.content_mismatch"
    item.refresh_from_db()
    assert item.percent == 0 and not Evidence.objects.exists()


def test_shortfall_needs_a_public_note_before_the_review(world):
    item = _items(_published(world))[0]
    services.progress_report(
        actor=world.users["township"],
        item=item,
        percent=80,
        text="资金未全部到位",
        reported_on=dt.date(2014, 11, 1),
    )
    county = world.users["county"]
    with pytest.raises(RuleViolation) as exc:
        services.item_review(
            actor=county, item=item, fulfilled=False, reviewed_on=dt.date(2014, 12, 20)
        )
    assert exc.value.rule == "commitments.shortfall_note_required"
    with pytest.raises(RuleViolation) as exc:
        services.shortfall_explain(actor=world.users["township"], item=item, note=" ")
    assert exc.value.rule == "commitments.shortfall_text"
    services.shortfall_explain(
        actor=world.users["township"], item=item, note="上级资金12月下旬到位，明年一季度完成。"
    )
    with pytest.raises(RuleViolation) as exc:
        services.item_review(
            actor=county, item=item, fulfilled=True, reviewed_on=dt.date(2014, 12, 20)
        )
    assert exc.value.rule == "commitments.fulfilled_needs_complete"
    services.item_review(
        actor=county, item=item, fulfilled=False, reviewed_on=dt.date(2014, 12, 20)
    )
    item.refresh_from_db()
    assert item.review_result == ReviewResult.NOT_FULFILLED and item.reviewing_body == "测试县委"
    with pytest.raises(RuleViolation) as exc:  # reviewed: locked
        services.progress_report(actor=world.users["township"], item=item, percent=100, text="x")
    assert exc.value.rule == "commitments.item_reviewed"


def test_no_shortfall_note_for_a_completed_item(world):
    item = _items(_published(world))[0]
    services.progress_report(actor=world.users["township"], item=item, percent=100, text="完成")
    with pytest.raises(RuleViolation) as exc:
        services.shortfall_explain(actor=world.users["township"], item=item, note="无")
    assert exc.value.rule == "commitments.no_shortfall"


def _complete(world, letter, actor="township"):
    for item in _items(letter):
        services.progress_report(
            actor=world.users[actor],
            item=item,
            percent=100,
            text="完成",
            reported_on=dt.date(2014, 11, 1),
        )


def test_the_review_is_made_by_the_level_above_only(world):
    letter = _published(world)  # 甲镇党委's letter
    _complete(world, letter)
    first, second = _items(letter)
    with pytest.raises(RuleViolation) as exc:
        services.item_review(actor=world.users["township"], item=first, fulfilled=True)
    assert exc.value.rule == "commitments.review_from_above"
    services.item_review(
        actor=world.users["county"], item=first, fulfilled=True, reviewed_on=dt.date(2014, 12, 20)
    )
    letter.refresh_from_db()
    assert letter.status == LetterStatus.PUBLISHED
    services.item_review(
        actor=world.users["county"], item=second, fulfilled=True, reviewed_on=dt.date(2014, 12, 20)
    )
    letter.refresh_from_db()
    assert letter.status == LetterStatus.REVIEWED


def test_a_branch_letter_is_reviewed_by_the_township(world):
    letter = _published(world, org_key="a1", actor="branch_secretary")
    _complete(world, letter, actor="branch_secretary")
    first, _second = _items(letter)
    with pytest.raises(PermissionDenied):
        services.require_reviewer(world.users["branch_secretary"], letter)
    with pytest.raises(RuleViolation) as exc:
        services.item_review(actor=world.users["branch_secretary"], item=first, fulfilled=True)
    assert exc.value.rule == "commitments.review_from_above"
    services.item_review(actor=world.users["township"], item=first, fulfilled=True)
    first.refresh_from_db()
    assert first.reviewing_body == "甲镇党委"


def test_the_county_letter_names_the_superior_body_that_reviewed(world):
    letter = _published(world, org_key="root", actor="county")
    _complete(world, letter, actor="county")
    first = _items(letter)[0]
    with pytest.raises(RuleViolation) as exc:
        services.item_review(actor=world.users["county"], item=first, fulfilled=True)
    assert exc.value.rule == "commitments.reviewing_body"
    services.item_review(
        actor=world.users["county"], item=first, fulfilled=True, reviewing_body="咸宁市委组织部"
    )
    assert (
        LetterRevision.objects.filter(kind="reviewed").get().sentence
        == "第1项经咸宁市委组织部年终评议：已落实"
    )


def test_only_committees_and_branches_make_letters(world):
    group = organization_create(
        actor=world.users["county"],
        parent=world.orgs["a1"],
        name="甲一村第一党小组",
        code="TA1G",
        kind=OrgKind.PARTY_GROUP,
    )
    with pytest.raises(RuleViolation) as exc:
        services.letter_create(
            actor=world.users["county"],
            organization=group,
            year=2014,
            secretary_name="x",
            secretary_post="组长",
        )
    assert exc.value.rule == "commitments.org_kind"
    _letter(world)
    with pytest.raises(RuleViolation) as exc:
        _letter(world)
    assert exc.value.rule == "commitments.letter_duplicate"
    with pytest.raises(PermissionDenied):
        _letter(world, org_key="a", actor="leader")


def test_indicators_count_public_items_and_reviews_in_the_period(world):
    year = Period.year(2014)
    draft = _letter(world, org_key="a1", actor="branch_secretary")
    assert compute("commitments.items", world.root, year) == 0
    letter = _published(world)
    assert draft.status == LetterStatus.DRAFT
    assert compute("commitments.items", world.root, year) == 2
    assert compute("commitments.items", world.orgs["b"], year) == 0
    assert compute("commitments.items", world.root, Period.year(2015)) == 0
    _complete(world, letter)
    first, _second = _items(letter)
    services.item_review(
        actor=world.users["county"], item=first, fulfilled=True, reviewed_on=dt.date(2014, 12, 31)
    )
    assert compute("commitments.fulfilled", world.root, year) == 1
    assert (
        compute("commitments.fulfilled", world.root, Period.half(2014, 1)) == 0
    )  # not yet by June
    assert compute("commitments.letters", world.root, year) == 1
