"""The PyPI client `ease-restapi` (an Easemob REST client nobody here wrote) against `natter serve`:
its token, user, contact and blocklist calls, with their results checked."""

import uuid

import pytest

import ease_restapi.config as config
from ease_restapi.service import auth, ease_batch, ease_black, ease_friend, ease_user


@pytest.fixture(scope="module")
def app_auth(natter):
    """Points the client at Natter (before any auth object is built: they read the URL at construction)."""
    app = natter.create_app("pyorg", "pyapp" + uuid.uuid4().hex[:8])
    config.HOST_SERVER = natter.base_url
    config.APP_ORG = app["org"]
    config.APP_NAME = app["app"]
    config.CLIENT_ID = app["client_id"]
    config.CLIENT_SECRET = app["client_secret"]
    return auth.AppClientAuth(app["client_id"], app["client_secret"])


def test_client_credentials_token(app_auth):
    token = app_auth.get_token()
    assert token.startswith("YWMt")
    assert app_auth.token.expires_in > 0


def test_wrong_secret_gets_no_token(natter, app_auth):
    wrong = auth.AppClientAuth(config.CLIENT_ID, "not-the-secret")
    success, result = auth.post(wrong.url, {
        "grant_type": "client_credentials", "client_id": config.CLIENT_ID, "client_secret": "nope"})
    assert not success
    assert '"error_description":"client_secret does not match"' in result


def test_users_lifecycle(app_auth):
    success, result = ease_user.create_user_credit(app_auth, "py_alice", "pw-1")
    assert success, result
    assert result["entities"][0]["username"] == "py_alice"
    assert result["entities"][0]["activated"] is True

    success, result = ease_user.create_user_credit(app_auth, "py_alice", "pw-1")
    assert not success
    assert "duplicate_unique_property_exists" in result

    success, result = ease_user.pickup_user(app_auth, "py_alice")
    assert success, result
    assert result["entities"][0]["username"] == "py_alice"
    assert result["count"] == 1

    success, result = ease_user.passwd_user(app_auth, "py_alice", "pw-2")
    assert success, result
    assert result["action"] == "set user password"

    # The new password logs in; the old one no longer does.
    assert auth.AppAdminAccountAuth("py_alice", "pw-2").get_token().startswith("YWMt")
    success, result = auth.post(auth.AppAdminAccountAuth("py_alice", "pw-1").url,
                                {"grant_type": "password", "username": "py_alice", "password": "pw-1"})
    assert not success and "invalid password" in result

    success, result = ease_user.delete_user(app_auth, "py_alice")
    assert success, result
    success, result = ease_user.pickup_user(app_auth, "py_alice")
    assert not success and "service_resource_not_found" in result


def test_open_registration_is_refused_for_an_authorized_app(app_auth):
    success, result = ease_user.create_user_open("py_nobody", "pw")
    assert not success
    assert "registration is not open, please contact the app admin" in result


def test_batch_register_and_page(app_auth):
    users = [{"username": f"py_batch{i}", "password": "pw"} for i in range(5)]
    success, result = ease_batch.create_users(app_auth, users)
    assert success, result
    assert [entity["username"] for entity in result["entities"]] == [user["username"] for user in users]

    seen, cursor = [], None
    while True:
        success, result = ease_batch.pickup_users(app_auth, limit=2, cursor=cursor)
        assert success, result
        seen += [entity["username"] for entity in result["entities"]]
        cursor = result.get("cursor")
        if not cursor:
            break
    assert [name for name in seen if name.startswith("py_batch")] == [user["username"] for user in users]


def test_contacts(app_auth):
    for name in ("py_c1", "py_c2", "py_c3"):
        success, result = ease_user.create_user_credit(app_auth, name, "pw")
        assert success, result
    success, result = ease_friend.create_friend(app_auth, "py_c1", "py_c2")
    assert success, result
    success, result = ease_friend.create_friend(app_auth, "py_c1", "py_c3")
    assert success, result

    success, result = ease_friend.detail_friend(app_auth, "py_c1")
    assert success, result
    assert sorted(result["data"]) == ["py_c2", "py_c3"]

    success, result = ease_friend.delete_friend(app_auth, "py_c1", "py_c3")
    assert success, result
    success, result = ease_friend.detail_friend(app_auth, "py_c1")
    assert success and result["data"] == ["py_c2"]

    success, result = ease_friend.create_friend(app_auth, "py_c1", "py_nobody")
    assert not success and "service_resource_not_found" in result


def test_blocklist(app_auth):
    for name in ("py_b1", "py_b2", "py_b3"):
        success, result = ease_user.create_user_credit(app_auth, name, "pw")
        assert success, result
    success, result = ease_black.add_user_blacklist(app_auth, "py_b1", ["py_b2", "py_b3"])
    assert success, result

    success, result = ease_black.pickup_user_blacklist(app_auth, "py_b1")
    assert success, result
    assert sorted(result["data"]) == ["py_b2", "py_b3"]

    success, result = ease_black.del_user_blacklist(app_auth, "py_b1", "py_b2")
    assert success, result
    success, result = ease_black.pickup_user_blacklist(app_auth, "py_b1")
    assert success and result["data"] == ["py_b3"]
