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


def test_organization_codes_stay_readable_and_credentials_do_not(world):
    org = services.organization_create(
        actor=world.users["county"],
        parent=world.orgs["a"],
        name="甲三村党支部",
        code="TA3",
        kind="branch",
    )
    entry = LogEntry.objects.get(action_type="orgs.organization.created", object_id=str(org.pk))
    assert entry.data["code"] == "TA3"
    masked = mask_secrets(
        {
            "code": "421224100",
            "ballot_code": "12345-67890",
            "backup_codes": ["11111111"],
            "new_password": "Tongshan@2014",
            "otp_secret": "JBSWY3DP",
            "id_number_hash": "ab12",
            "lines": [{"token": "gr_abc", "name": "甲"}],
        }
    )
    assert masked["code"] == "421224100"
    for key in ("ballot_code", "backup_codes", "new_password", "otp_secret", "id_number_hash"):
        assert masked[key] == "******", key
    assert masked["lines"] == [{"token": "******", "name": "甲"}]


def _action_literals() -> dict[str, set[str]]:
    """Action types named in ``log_action(action=...)`` calls of the source, by kind:
    ``exact`` literal strings, ``prefix`` the fixed start of f-strings."""
    import ast
    from pathlib import Path

    found: dict[str, set[str]] = {"exact": set(), "prefix": set()}
    root = Path(__file__).resolve().parents[2]
    for path in root.rglob("*.py"):
        # Test scaffolding (the matrix's fixtures) writes made-up types on purpose.
        if {"tests", "testing", "migrations"} & set(
            path.parts
        ) or path.name == "permission_matrix.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name != "log_action":
                continue
            for kw in node.keywords:
                if kw.arg != "action":
                    continue
                if isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                    found["exact"].add(kw.value.value)
                elif isinstance(kw.value, ast.JoinedStr) and kw.value.values:
                    head = kw.value.values[0]
                    if isinstance(head, ast.Constant):
                        found["prefix"].add(str(head.value))
    return found


def test_every_action_type_written_has_a_chinese_sentence():
    from grassroots.core.audit import registered_types

    registered = registered_types()
    used = _action_literals()
    assert used["exact"], "the scan found no log_action calls"
    missing = sorted(a for a in used["exact"] if a not in registered)
    assert not missing, f"action types written without a registered sentence: {missing}"
    for prefix in used["prefix"]:
        assert any(key.startswith(prefix) for key in registered), prefix


def test_every_registered_sentence_renders_in_chinese():
    import re
    import string

    from grassroots.core.audit import registered_types, render_sentence

    for key, action in registered_types().items():
        template = str(action.template)
        fields = {f for _lit, f, _spec, _conv in string.Formatter().parse(template) if f}
        assert all(re.fullmatch(r"\w+", f) for f in fields), (key, fields)
        entry = LogEntry(
            action_type=key,
            actor_label="张三",
            object_repr="某对象",
            data={f: f"值{f}" for f in fields - {"actor", "object"}},
        )
        sentence = render_sentence(entry)
        assert f"：{key}（" not in sentence, key  # not the fallback
        assert "张三" in sentence or "{actor}" not in template, key
        assert re.search(r"[\u4e00-\u9fff]", sentence), key
        assert "{" not in sentence and "…" not in sentence, (key, sentence)


def test_timeline_hides_out_of_scope_organizations(world):
    from django.urls import reverse

    b1 = world.orgs["b1"]
    services.organization_move(actor=world.users["county"], org=b1, new_parent=world.orgs["a"])
    url = reverse("orgs:detail", kwargs={"pk": b1.pk})
    township_page = world.client("township").get(url).content.decode()
    assert "甲镇党委" in township_page
    assert "乙镇党委" not in township_page
    assert "（范围外组织）" in township_page
    api = world.client("anon").get(f"/api/v1/orgs/{b1.pk}/audit", **world.api_headers("township"))
    assert api.status_code == 200 and "乙镇党委" not in api.content.decode()
    # The county sees both ends of the move.
    county_page = world.client("county").get(url).content.decode()
    assert "从「乙镇党委」调整到「甲镇党委」之下" in county_page
