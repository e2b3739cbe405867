"""The PyPI client `ease-restapi` (an Easemob REST client nobody here wrote) against `natter serve`: its group
calls (`ease_restapi.service.ease_group`), with their results checked. The client's paths end in a slash
(`/chatgroups/`, `/chatgroups/{id}/users/`); the server trims it. Its create body uses the SDK's field names
(`desc`, `approval`)."""

import json
import uuid

import pytest

import ease_restapi.config as config
from ease_restapi.service import auth, ease_batch, ease_group


@pytest.fixture(scope="module")
def app_auth(natter):
    """Points the client at a fresh app of Natter (the client reads the URL when an auth object is built)."""
    app = natter.create_app("pyorg", "pygroups" + uuid.uuid4().hex[:8])
    config.HOST_SERVER = natter.base_url
    config.APP_ORG = app["org"]
    config.APP_NAME = app["app"]
    config.CLIENT_ID = app["client_id"]
    config.CLIENT_SECRET = app["client_secret"]
    app_auth = auth.AppClientAuth(app["client_id"], app["client_secret"])
    users = [{"username": name, "password": "pw"} for name in ("g_owner", "g_ann", "g_bob", "g_cat")]
    success, result = ease_batch.create_users(app_auth, users)
    assert success, result
    return app_auth


def create(app_auth, **overrides) -> str:
    data = ease_group.build_group_data("py group", "made by ease-restapi", "g_owner", True, members=["g_ann"])
    data.update(overrides)
    success, result = ease_group.create_group(app_auth, data)
    assert success, result
    group_id = result["data"]["groupid"]
    assert group_id.isdigit(), result
    return group_id


def error_of(result: str) -> dict:
    """The client hands back the raw text of a refusal: the Easemob error body."""
    body = json.loads(result)
    assert set(body) >= {"error", "exception", "timestamp", "duration", "error_description"}, body
    return body


def test_create_and_details(app_auth):
    group_id = create(app_auth)
    success, result = ease_group.details_group(app_auth, group_id)
    assert success, result
    assert result["count"] == 1
    details = result["data"][0]
    assert details["id"] == group_id
    assert details["name"] == "py group"
    assert details["description"] == "made by ease-restapi", "the client's `desc` is the description"
    assert details["public"] is True
    assert details["membersonly"] is True, "the client's `approval` (default true) asks for approval"
    assert details["owner"] == "g_owner"
    assert details["affiliations_count"] == 2
    assert details["affiliations"] == [{"owner": "g_owner"}, {"member": "g_ann"}]

    other = create(app_auth, groupname="second", public=False, members=[])
    success, result = ease_group.details_group(app_auth, f"{group_id},{other}")
    assert success, result
    assert [item["id"] for item in result["data"]] == [group_id, other]

    success, result = ease_group.details_group(app_auth, "123")
    assert not success
    assert error_of(result)["error_description"] == "grpID 123 does not exist!"


def test_create_refusals(app_auth):
    data = ease_group.build_group_data("nobody's", "d", "g_nobody", True)
    success, result = ease_group.create_group(app_auth, data)
    assert not success
    body = error_of(result)
    assert (body["error"], body["error_description"]) == ("resource_not_found", "username g_nobody doesn't exist!")

    data = ease_group.build_group_data("no public", "d", "g_owner", True)
    del data["public"]
    success, result = ease_group.create_group(app_auth, data)
    assert not success
    assert error_of(result)["error_description"] == "group must contain public field!"


def test_list_all_groups(app_auth):
    group_id = create(app_auth, groupname="listed")
    success, result = ease_group.pickup_groups(app_auth)
    assert success, result
    assert result["count"] == len(result["data"]) >= 1
    newest = result["data"][0]
    assert newest["groupid"] == group_id, "newest first"
    assert newest["groupname"] == "listed"
    assert newest["type"] == "group"
    assert newest["owner"] == f"{config.APP_ORG}#{config.APP_NAME}_g_owner"
    assert newest["affiliations"] == 2


def test_members_join_and_leave(app_auth):
    group_id = create(app_auth)
    success, result = ease_group.user_join_group(app_auth, group_id, "g_bob")
    assert success, result
    assert result["data"] == {"result": True, "groupid": group_id, "action": "add_member", "user": "g_bob"}

    success, result = ease_group.user_join_group(app_auth, group_id, "g_bob")
    assert not success
    body = error_of(result)
    assert body["error"] == "forbidden_op"
    assert body["error_description"] == f"can not join this group, reason:user: g_bob already in group: {group_id}\n"

    success, result = ease_group.pickup_group_users(app_auth, group_id)
    assert success, result
    assert result["data"] == [{"owner": "g_owner"}, {"member": "g_ann"}, {"member": "g_bob"}]
    assert result["count"] == 3

    success, result = ease_group.user_kick_group(app_auth, group_id, "g_ann")
    assert success, result
    assert result["data"] == {"result": True, "action": "remove_member", "user": "g_ann", "groupid": group_id}
    success, result = ease_group.user_kick_group(app_auth, group_id, "g_cat")
    assert not success
    assert error_of(result)["error_description"] == "users [g_cat] are not members of this group!"
    success, result = ease_group.user_kick_group(app_auth, group_id, "g_owner")
    assert not success
    assert error_of(result)["error_description"] == "forbidden operation on group owner!"

    success, result = ease_group.pickup_group_users(app_auth, group_id)
    assert success and result["data"] == [{"owner": "g_owner"}, {"member": "g_bob"}]


def test_modify(app_auth):
    group_id = create(app_auth)
    success, result = ease_group.modify_group(app_auth, group_id, groupname="renamed", description="new words",
                                              maxusers=300)
    assert success, result
    assert result["data"] == {"groupname": True, "description": True, "maxusers": True}
    success, result = ease_group.details_group(app_auth, group_id)
    assert success, result
    details = result["data"][0]
    assert (details["name"], details["description"], details["maxusers"]) == ("renamed", "new words", 300)

    success, result = ease_group.modify_group(app_auth, group_id, groupid="other")
    assert not success
    body = error_of(result)
    assert (body["error"], body["error_description"]) == ("invalid_parameter", "some of [groupid] are not valid fields")


def test_a_users_groups(app_auth):
    first = create(app_auth, groupname="cat one", members=["g_cat"])
    second = create(app_auth, groupname="cat two", members=["g_cat"])
    success, result = ease_group.pickup_user_group(app_auth, "g_cat")
    assert success, result
    assert result["data"] == [{"groupid": first, "groupname": "cat one"}, {"groupid": second, "groupname": "cat two"}]
    assert "joined_chatgroups" in result["uri"]

    success, result = ease_group.pickup_user_group(app_auth, "g_nobody")
    assert not success
    assert error_of(result)["error"] == "service_resource_not_found"


def test_delete(app_auth):
    group_id = create(app_auth)
    success, result = ease_group.delete_group(app_auth, group_id)
    assert success, result
    assert result["data"] == {"success": True, "groupid": group_id}
    success, result = ease_group.delete_group(app_auth, group_id)
    assert not success
    assert error_of(result)["error_description"] == f"grpID {group_id} does not exist!"
    success, result = ease_group.details_group(app_auth, group_id)
    assert not success
