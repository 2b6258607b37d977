"""Commitments through the API: milestones, removing a draft item (kept, marked removed)
and progress with evidence files, each scoped and audited like the web form."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grassroots.commitments.models import (
    CommitmentItem,
    Evidence,
    LetterRevision,
    Milestone,
    RevisionKind,
)
from grassroots.core.models import LogEntry

from .test_services import PDF, PNG, _letter, _published

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _post(world, role, name, data=None, **kwargs):
    return world.client("anon").post(
        reverse(f"api:{name}", kwargs=kwargs),
        json.dumps(data or {}),
        content_type="application/json",
        **world.api_headers(role),
    )


def test_milestones_are_added_and_completed_into_the_public_history(world):
    item = _published(world).items.order_by("number").first()
    response = _post(
        world,
        "township",
        "commitments_milestone_create",
        {"title": "完成村级阵地改造", "due_on": "2014-09-30"},
        item_id=item.pk,
    )
    assert response.status_code == 201, response.content
    milestone = Milestone.objects.get(pk=response.json()["id"])
    assert (milestone.title, milestone.done_on) == ("完成村级阵地改造", None)
    response = _post(
        world,
        "township",
        "commitments_milestone_complete",
        {"done_on": "2014-09-20"},
        milestone_id=milestone.pk,
    )
    assert response.status_code == 200
    assert response.json()["done_on"] == "2014-09-20"
    revision = LetterRevision.objects.get(kind=RevisionKind.MILESTONE)
    assert "完成节点「完成村级阵地改造」" in revision.sentence
    again = _post(
        world,
        "township",
        "commitments_milestone_complete",
        {"done_on": "2014-09-21"},
        milestone_id=milestone.pk,
    )
    assert again.status_code == 422 and again.json()["rule"] == "commitments.milestone_done"
    assert LogEntry.objects.filter(action_type__startswith="commitments.milestone").count() == 2


def test_a_milestone_title_is_required(world):
    item = _published(world).items.first()
    response = _post(
        world,
        "township",
        "commitments_milestone_create",
        {"title": " ", "due_on": "2014-09-30"},
        item_id=item.pk,
    )
    assert response.status_code == 422
    assert response.json()["rule"] == "commitments.milestone_title"
    assert "节点名称" in response.json()["detail"]


def test_milestones_of_another_township_are_not_found(world):
    item = _published(world, org_key="b", actor="county").items.first()
    milestone = Milestone.objects.create(item=item, title="乙镇节点", due_on=dt.date(2014, 6, 30))
    for name, kwargs in (
        ("commitments_milestone_create", {"item_id": item.pk}),
        ("commitments_milestone_complete", {"milestone_id": milestone.pk}),
    ):
        response = _post(
            world,
            "township",
            name,
            {"title": "x", "due_on": "2014-09-30", "done_on": "2014-06-01"},
            **kwargs,
        )
        assert response.status_code == 404
    assert not LogEntry.objects.filter(action_type__startswith="commitments.milestone").exists()


def test_removing_a_draft_item_keeps_it_marked_removed(world):
    letter = _letter(world, weights=(60, 40))
    item = letter.items.order_by("number").last()
    response = _post(world, "township", "commitments_item_remove", item_id=item.pk)
    assert response.status_code == 200 and response.json()["removed"] is True
    item.refresh_from_db()
    assert item.removed_at is not None  # still in the database
    assert CommitmentItem.objects.filter(letter=letter).count() == 2
    detail = world.client("anon").get(
        reverse("api:commitments_letter_detail", kwargs={"letter_id": letter.pk}),
        **world.api_headers("township"),
    )
    assert [i["number"] for i in detail.json()["items"]] == [1]
    assert LogEntry.objects.filter(action_type="commitments.item.removed").count() == 1
    # Gone from the API: a second removal is a 404.
    again = _post(world, "township", "commitments_item_remove", item_id=item.pk)
    assert again.status_code == 404


def test_a_published_item_is_not_removed(world):
    item = _published(world).items.first()
    response = _post(world, "township", "commitments_item_remove", item_id=item.pk)
    assert response.status_code == 422
    item.refresh_from_db()
    assert item.removed_at is None


def test_a_reader_cannot_remove_an_item(world):
    item = _letter(world).items.first()
    response = _post(world, "leader", "commitments_item_remove", item_id=item.pk)
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.removed_at is None


def _upload(world, role, item, files, **fields):
    data = {"percent": 70, "text": "阵地改造完成七成", "reported_on": "2014-08-01", **fields}
    if files:
        data["files"] = files
    return world.client("anon").post(
        reverse("api:commitments_evidence_upload", kwargs={"item_id": item.pk}),
        data,
        **world.api_headers(role),
    )


def test_progress_with_evidence_files_is_uploaded_and_shown_in_public(world):
    item = _published(world).items.order_by("number").first()
    files = [
        SimpleUploadedFile("现场.png", PNG, "image/png"),
        SimpleUploadedFile("验收表.pdf", PDF, "application/pdf"),
    ]
    response = _upload(world, "township", item, files)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["percent"] == 70
    assert [(e["original_name"], e["kind"]) for e in body["evidence"]] == [
        ("现场.png", "photo"),
        ("验收表.pdf", "document"),
    ]
    item.refresh_from_db()
    assert item.percent == 70
    evidence = Evidence.objects.get(original_name="现场.png")
    public = world.client("anon").get(reverse("commitments:public_evidence", args=[evidence.pk]))
    assert public.status_code == 200
    assert b"".join(public.streaming_content) == PNG
    assert LogEntry.objects.filter(action_type="commitments.item.progress").count() == 1


def test_an_upload_needs_a_file_of_an_accepted_format(world):
    item = _published(world).items.first()
    response = _upload(world, "township", item, [])
    assert response.status_code == 422 and response.json()["rule"] == "commitments.no_files"
    bad = SimpleUploadedFile("脚本.exe", b"MZ\x90\x00", "application/octet-stream")
    response = _upload(world, "township", item, [bad])
    assert response.status_code == 422 and response.json()["rule"] == "uploads.type"
    item.refresh_from_db()
    assert item.percent == 0 and not Evidence.objects.exists()
    assert not LogEntry.objects.filter(action_type="commitments.item.progress").exists()


def test_an_upload_is_refused_to_readers_and_outside_the_scope(world):
    item = _published(world).items.first()
    png = SimpleUploadedFile("现场.png", PNG, "image/png")
    assert _upload(world, "auditor", item, [png]).status_code == 403
    other = _published(world, org_key="b", actor="county").items.first()
    png = SimpleUploadedFile("现场.png", PNG, "image/png")
    assert _upload(world, "township", other, [png]).status_code == 404
    assert not Evidence.objects.exists()
