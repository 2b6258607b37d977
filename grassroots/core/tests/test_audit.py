import pytest
from django.db import transaction

from grassroots.core.audit import diff, log_action, mask_secrets
from grassroots.core.models import AppendOnlyError, LogEntry
from grassroots.orgs import services

pytestmark = pytest.mark.django_db


def _entry(world):
    with transaction.atomic():
        return log_action(
            actor=world.users["county"], action="orgs.organization.updated", obj=world.orgs["a1"]
        )


def test_an_entry_cannot_be_changed(world):
    entry = _entry(world)
    entry.action_type = "forged"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        LogEntry.objects.filter(pk=entry.pk).update(action_type="forged")
    assert LogEntry.objects.get(pk=entry.pk).action_type == "orgs.organization.updated"


def test_an_entry_cannot_be_deleted(world):
    entry = _entry(world)
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        LogEntry.objects.all().delete()
    assert LogEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_log_action_outside_a_transaction_is_a_programming_error(world):
    with pytest.raises(RuntimeError):
        log_action(actor=None, action="x.y", obj=world.orgs["a1"])


def test_entry_records_actor_object_and_organization(world):
    entry = _entry(world)
    assert entry.actor == world.users["county"]
    assert entry.object_repr == "甲一村党支部"
    assert entry.org_path == world.orgs["a1"].path
    assert entry.sentence == "测试county 修改了组织「甲一村党支部」的信息"


def test_secrets_are_masked():
    assert mask_secrets({"id_number": "421224198005010011", "name": "张三"}) == {
        "id_number": "******",
        "name": "张三",
    }
    assert diff({"password": "a"}, {"password": "b"}) == {"password": ["******", "******"]}


def test_a_failed_service_leaves_no_entry(world):
    before = LogEntry.objects.count()
    with pytest.raises(Exception):  # noqa: B017 - any refusal
        services.organization_rename(actor=world.users["township"], org=world.orgs["a"], name="x")
    assert LogEntry.objects.count() == before


def test_unknown_action_type_still_reads(world):
    with transaction.atomic():
        entry = log_action(actor=None, action="unknown.thing", object_repr="某对象")
    assert entry.sentence == "系统：unknown.thing（某对象）"
