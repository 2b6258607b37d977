import pytest

from grassroots.orgs.models import Organization

pytestmark = pytest.mark.django_db


def test_list_is_scoped_and_searchable(world):
    client = world.client("anon")
    headers = world.api_headers("township")
    data = client.get("/api/v1/orgs/", **headers).json()
    assert {o["code"] for o in data["items"]} == {"TA", "TA1", "OUTA2"}
    data = client.get("/api/v1/orgs/", {"q": "jycdzb"}, **headers).json()
    assert [o["name"] for o in data["items"]] == ["甲一村党支部"]


def test_out_of_scope_is_404_not_403(world):
    response = world.client("anon").get(
        f"/api/v1/orgs/{world.orgs['b'].pk}", **world.api_headers("township")
    )
    assert response.status_code == 404


def test_create_and_refusal_through_the_api(world):
    client = world.client("anon")
    headers = world.api_headers("township")
    url = f"/api/v1/orgs/{world.orgs['a'].pk}/children"
    response = client.post(
        url,
        {"name": "甲三村党支部", "code": "TA3", "kind": "branch"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201 and response.json()["code"] == "TA3"
    response = client.post(
        url,
        {"name": "重复", "code": "TA3", "kind": "branch"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 422
    assert response.json()["rule"] == "orgs.code_unique"
    assert "已被其他组织使用" in response.json()["detail"]
    assert Organization.objects.filter(code="TA3").count() == 1


def test_audit_timeline_through_the_api(world):
    client = world.client("anon")
    headers = world.api_headers("county")
    client.patch(
        f"/api/v1/orgs/{world.orgs['a1'].pk}",
        {"name": "甲一社区党支部"},
        content_type="application/json",
        **headers,
    )
    entries = client.get(f"/api/v1/orgs/{world.orgs['a1'].pk}/audit", **headers).json()
    assert entries[0]["action_type"] == "orgs.organization.renamed"
    assert "更名为「甲一社区党支部」" in entries[0]["sentence"]


def test_openapi_schema_is_served():
    from django.test import Client

    schema = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/orgs/" in schema["paths"]
    assert schema["components"]["securitySchemes"]


def test_secretary_through_the_api(world):
    client = world.client("anon")
    headers = world.api_headers("township")
    url = f"/api/v1/orgs/{world.orgs['a1'].pk}/secretary"
    response = client.post(
        url, {"member_id": world.members["a1"].pk}, content_type="application/json", **headers
    )
    assert response.status_code == 200 and response.json()["secretary"] == "甲一村张三"
    # A member of the sibling branch: the rule refuses, in Chinese.
    response = client.post(
        url, {"member_id": world.members["a2"].pk}, content_type="application/json", **headers
    )
    assert response.status_code == 422
    assert response.json()["rule"] == "orgs.secretary_member"
    assert "书记应是本组织的党员" in response.json()["detail"]
    # A member outside the caller's scope does not exist for it.
    response = client.post(
        url, {"member_id": world.members["b1"].pk}, content_type="application/json", **headers
    )
    assert response.status_code == 404
    response = client.post(url, {"member_id": None}, content_type="application/json", **headers)
    assert response.status_code == 200 and response.json()["secretary"] is None
