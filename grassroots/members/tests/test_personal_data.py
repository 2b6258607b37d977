"""Personal data (ID number, mobile number, home address) over the API and in the xlsx
export: masked for every role without ``members.reveal_id`` on the member's home
organization, in full for those with it (county, township), and every reveal or export
of personal data leaves an audit entry (DESIGN.md, "Personal data")."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from grassroots.core import crypto
from grassroots.core.exports import run_export
from grassroots.core.models import LogEntry
from grassroots.core.testing import factories
from grassroots.members.tests.test_api import call

pytestmark = pytest.mark.django_db

ADDRESS = "通山县通羊镇隆鼎丽都3栋2单元501"
ADDRESS_MASKED = "通山县通羊镇****"
MOBILE = "13907151234"
MOBILE_MASKED = "139****1234"


@pytest.fixture
def home(world):
    """A member of 甲一村 with a mobile number and a home address."""
    return factories.member(
        organization=world.orgs["a1"], name="甲一村住址", mobile=MOBILE, address=ADDRESS
    )


@pytest.fixture
def dual(world):
    """A mobile member homed in 乙镇一村 and managed by 甲一村 (seen from both sides)."""
    return factories.member(
        organization=world.orgs["b1"],
        name="双管住址",
        mobile="13907159876",
        address="通山县乙镇某村2组",
        managing_organization=world.orgs["a1"],
    )


def number_of(member):
    return crypto.decrypt(member.id_number_encrypted)


def entries(action):
    return LogEntry.objects.filter(action_type=action)


# --- API ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["county", "township", "branch_secretary", "branch_organizer"])
def test_api_list_detail_and_search_mask_for_every_role(world, home, role):
    """Not even the county gets personal data in a listing: only from ``reveal``."""
    number = number_of(home)
    responses = [
        call(world, role, "GET", "api:member_list", {"q": "甲一村住址"}),
        call(world, role, "GET", "api:member_detail", member_id=home.pk),
        call(world, role, "GET", "api:member_search", {"q": "甲一村住址"}),
    ]
    for response in responses:
        assert response.status_code == 200, response.content
        body = response.content.decode()
        assert ADDRESS not in body and number not in body and MOBILE not in body
    (listed,) = responses[0].json()["items"]
    detail = responses[1].json()
    (found,) = responses[2].json()
    for record in (listed, detail, found):
        assert record["address"] == ADDRESS_MASKED
        assert record["id_number_masked"] == home.id_number_masked != number
        assert record["mobile"] == MOBILE_MASKED
    assert not entries("core.personal_data.revealed").exists()  # reading is not revealing


@pytest.mark.parametrize("role", ["county", "township"])
def test_api_reveal_shows_everything_to_committees_and_audits_each_call(world, home, role):
    for expected_entries in (1, 2):
        response = call(world, role, "POST", "api:member_reveal", member_id=home.pk)
        assert response.status_code == 200, response.content
        assert response.json() == {
            "id_number": number_of(home),
            "mobile": MOBILE,
            "address": ADDRESS,
        }
        assert entries("core.personal_data.revealed").count() == expected_entries
    entry = entries("core.personal_data.revealed").latest("id")
    assert (entry.actor_id, entry.object_id, entry.organization_id) == (
        world.users[role].pk,
        str(home.pk),
        world.orgs["a1"].pk,
    )
    assert number_of(home) not in str(entry.data)  # the log names the member, not the number


@pytest.mark.parametrize("role", ["branch_secretary", "branch_organizer"])
def test_api_reveal_is_refused_to_branch_roles_and_leaves_no_entry(world, home, role):
    response = call(world, role, "POST", "api:member_reveal", member_id=home.pk)
    assert response.status_code == 403
    assert number_of(home) not in response.content.decode()
    assert not entries("core.personal_data.revealed").exists()


def test_api_reveal_follows_the_home_organization_not_the_managing_one(world, dual):
    """The township of the managing branch sees the mobile member, but the number is kept
    by the home side: only a role over 乙镇一村 may reveal it."""
    response = call(world, "township", "GET", "api:member_detail", member_id=dual.pk)
    assert response.status_code == 200
    response = call(world, "township", "POST", "api:member_reveal", member_id=dual.pk)
    assert response.status_code == 403
    assert not entries("core.personal_data.revealed").exists()
    response = call(world, "county", "POST", "api:member_reveal", member_id=dual.pk)
    assert response.json()["address"] == "通山县乙镇某村2组"
    assert entries("core.personal_data.revealed").count() == 1


# --- xlsx export ----------------------------------------------------------------------------

PERSONAL = ["name", "id_number", "mobile", "address"]


def export_rows(world, role, columns=PERSONAL):
    """The export's data rows by name (row 1 is the stamp, row 2 the header)."""
    _filename, content, _n = run_export(
        actor=world.users[role], key="members.list", params={"filters": {}}, columns=columns
    )
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert "导出人：" in rows[0][0]
    return rows[1], {row[0]: row for row in rows[2:]}


@pytest.mark.parametrize("role", ["branch_secretary", "branch_organizer"])
def test_export_masks_for_branch_roles(world, home, dual, role):
    header, rows = export_rows(world, role)
    assert header == ("姓名", "公民身份号码", "手机号", "家庭住址")
    assert set(rows) == {"甲一村张三", "甲一村住址", "双管住址"}
    assert rows["甲一村住址"][1:] == (home.id_number_masked, MOBILE_MASKED, ADDRESS_MASKED)
    assert rows["双管住址"][1:] == (dual.id_number_masked, "139****9876", "通山县乙镇****")


def test_export_shows_everything_to_the_county(world, home, dual):
    _header, rows = export_rows(world, "county")
    assert rows["甲一村住址"][1:] == (number_of(home), MOBILE, ADDRESS)
    assert rows["双管住址"][1:] == (number_of(dual), "13907159876", "通山县乙镇某村2组")


def test_export_reveals_for_a_township_only_its_own_members(world, home, dual):
    """A township sees the mobile member managed in its subtree, but that member's
    personal data stays masked: it is revealed by the home organization's side."""
    _header, rows = export_rows(world, "township")
    assert rows["甲一村住址"][1:] == (number_of(home), MOBILE, ADDRESS)
    assert rows["双管住址"][1:] == (dual.id_number_masked, "139****9876", "通山县乙镇****")


@pytest.mark.parametrize("role", ["county", "township", "branch_secretary"])
def test_each_personal_data_export_writes_one_audit_entry(world, home, role):
    for expected_entries in (1, 2):
        export_rows(world, role)
        assert entries("core.personal_data.exported").count() == expected_entries
    entry = entries("core.personal_data.exported").latest("id")
    assert entry.actor_id == world.users[role].pk
    assert entry.data["exporter"] == "members.list"
    assert entry.data["columns"] == ["姓名", "公民身份号码", "手机号", "家庭住址"]
    assert entry.data["rows"] == {"county": 4, "township": 3, "branch_secretary": 2}[role]
    assert ADDRESS not in str(entry.data) and number_of(home) not in str(entry.data)


@pytest.mark.parametrize("column", ["id_number", "mobile", "address"])
def test_any_personal_column_makes_the_export_a_personal_data_export(world, home, column):
    export_rows(world, "branch_secretary", columns=["name", column])
    assert entries("core.personal_data.exported").count() == 1
    export_rows(world, "branch_secretary", columns=["name", "education"])
    assert entries("core.personal_data.exported").count() == 1
    assert entries("core.data.exported").count() == 1


def test_a_member_reads_their_own_mobile_and_address_in_full(world):
    own = world.members["a1"]
    own.mobile, own.address = MOBILE, ADDRESS
    own.save(update_fields=["mobile", "address"])
    body = call(world, "member", "GET", "api:member_me").json()
    assert (body["id"], body["mobile"], body["address"]) == (own.pk, MOBILE, ADDRESS)
    assert number_of(own) not in str(body)  # the ID number stays masked, as on the page
