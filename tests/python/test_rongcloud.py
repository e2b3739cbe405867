"""The official RongCloud server SDKs from PyPI against `natter serve`: `rc-server-sdk` 3.2.0 (2021, `App-Key`
headers, timestamps in seconds, unencoded form bodies) and `rongcloud` 2.0.1 (2017, `rc-` headers, milliseconds,
`requests`), through every endpoint Natter serves, with their results checked, and the same users seen through
the Easemob door.

Both SDKs are the import package `rongcloud`, so one virtualenv cannot hold both: installed together, the second
overwrites the first's modules. rc-server-sdk comes from requirements.txt; rongcloud 2.0.1 is installed on first
use into a folder of its own inside the virtualenv (pinned in requirements-rongcloud-2.txt) and loaded from there
under the name `rongcloud_2`.
"""

import importlib.util
import json
import pathlib
import subprocess
import sys
import uuid

import pytest
import requests

from rongcloud.rongcloud import RongCloud

HERE = pathlib.Path(__file__).resolve().parent


def load_rongcloud_2():
    """rongcloud 2.0.1, installed apart (see the module docstring) and imported as `rongcloud_2`."""
    if "rongcloud_2" in sys.modules:
        return sys.modules["rongcloud_2"]
    target = pathlib.Path(sys.prefix) / "natter-rongcloud-2"
    package = target / "rongcloud"
    # scripts/test.sh installs it there; a developer running pytest alone gets the same install here.
    if not (package / "base.py").exists():
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
             "--target", str(target), "-r", str(HERE / "requirements-rongcloud-2.txt")],
            check=True,
        )
    spec = importlib.util.spec_from_file_location(
        "rongcloud_2", package / "__init__.py", submodule_search_locations=[str(package)])
    module = importlib.util.module_from_spec(spec)
    sys.modules["rongcloud_2"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def app(natter):
    return natter.create_app("rcorg", "rcapp" + uuid.uuid4().hex[:8])


@pytest.fixture(scope="module")
def rc(natter, app):
    """rc-server-sdk 3.2.0 pointed at Natter."""
    return RongCloud(app["rongcloud_app_key"], app["rongcloud_app_secret"], host_url=natter.base_url)


@pytest.fixture(scope="module")
def rc2(natter, app):
    """rongcloud 2.0.1 pointed at Natter (its host is a class attribute, read per call)."""
    module = load_rongcloud_2()
    module.base.RongCloudBase.api_host = natter.base_url
    return module.RongCloud(app["rongcloud_app_key"], app["rongcloud_app_secret"])


def unique(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


def error_body(raw) -> dict:
    """rc-server-sdk returns the raw bytes of a reply with an HTTP status of 400 or more."""
    assert isinstance(raw, bytes), raw
    return json.loads(raw)


def assert_rongcloud_error(body: dict, code: int, message: str) -> None:
    assert set(body) == {"code", "errorMessage", "requestId"}, body
    assert (body["code"], body["errorMessage"]) == (code, message), body
    assert body["requestId"], body


class Easemob:
    """The same app through the Easemob door, with plain HTTP."""

    def __init__(self, natter, app):
        self.base = f"{natter.base_url}/{app['org']}/{app['app']}"
        reply = requests.post(f"{self.base}/token", json={
            "grant_type": "client_credentials", "client_id": app["client_id"], "client_secret": app["client_secret"]})
        reply.raise_for_status()
        self.app_token = reply.json()["access_token"]

    def user(self, username: str, token: str | None = None) -> requests.Response:
        return requests.get(f"{self.base}/users/{username}",
                            headers={"Authorization": f"Bearer {token or self.app_token}"})

    def blocklist(self, username: str) -> list[str]:
        reply = requests.get(f"{self.base}/users/{username}/blocks/users",
                             headers={"Authorization": f"Bearer {self.app_token}"})
        reply.raise_for_status()
        return sorted(reply.json()["data"])


@pytest.fixture(scope="module")
def easemob(natter, app):
    return Easemob(natter, app)


# rc-server-sdk 3.2.0


def test_register_returns_a_token_that_works_at_both_doors(rc, easemob):
    user_id = unique("Reg")
    result = rc.get_user().register(user_id, "Demo User 张三", "http://example.com/p.png")
    assert result["code"] == 200, result
    assert result["userId"] == user_id.lower(), "one user base: IDs are lower-cased"
    assert result["token"] and "@" not in result["token"]
    assert result["requestId"]

    reply = easemob.user(user_id.lower(), token=result["token"])
    assert reply.status_code == 200, reply.text
    entity = reply.json()["entities"][0]
    assert (entity["username"], entity["nickname"]) == (user_id.lower(), "Demo User 张三")


def test_update_and_query(rc):
    user = rc.get_user()
    user_id = unique("upd")
    assert user.register(user_id, "First", "http://example.com/1.png")["code"] == 200
    info = user.query(user_id)
    assert (info["code"], info["userName"], info["userPortrait"]) == (200, "First", "http://example.com/1.png")
    assert len(info["createTime"]) == 19 and info["createTime"][10] == " ", info

    # update() sends `portraitUri=` for the argument left out: the portrait stays.
    assert user.update(user_id, name="Second")["code"] == 200
    info = user.query(user_id)
    assert (info["userName"], info["userPortrait"]) == ("Second", "http://example.com/1.png")
    assert user.update(user_id, portrait_uri="http://example.com/2.png")["code"] == 200
    assert user.query(user_id)["userPortrait"] == "http://example.com/2.png"

    # Registering again updates the profile and hands out another token.
    again = user.register(user_id, "Third", "")
    assert again["code"] == 200 and again["userId"] == user_id
    assert user.query(user_id)["userName"] == "Third"


def test_unknown_users_and_bad_parameters(rc):
    user = rc.get_user()
    assert_rongcloud_error(error_body(user.query(unique("ghost"))), 1003, "用户不存在")
    assert_rongcloud_error(error_body(user.update(unique("ghost"), name="x")), 1003, "用户不存在")
    assert_rongcloud_error(error_body(user.check_online(unique("ghost"))), 1003, "用户不存在")
    # rc-server-sdk sends `+` unencoded, so it arrives as a space: never a legal user ID.
    assert_rongcloud_error(error_body(user.register("a+b", "x", "")), 1001, "请求参数错误")


def test_check_online(rc):
    user = rc.get_user()
    user_id = unique("online")
    user.register(user_id, "", "")
    # Nobody is connected (the msync gateway is not built yet): offline, as the string the SDK documents.
    result = user.check_online(user_id.upper())
    assert (result["code"], result["status"]) == (200, "0"), result


def test_block_query_and_unblock(rc, easemob):
    user = rc.get_user()
    block = user.get_block()
    first, second = unique("blk"), unique("blk")
    token = user.register(first, "", "")["token"]
    user.register(second, "", "")

    assert block.add([first, second], 10)["code"] == 200
    listed = {entry["userId"]: entry["blockEndTime"] for entry in block.query()["users"]}
    assert set(listed) >= {first, second}, listed
    assert len(listed[first]) == 19, listed
    # Banned at every door: no new token, and the Easemob door refuses the old one.
    assert_rongcloud_error(error_body(user.register(first, "", "")), 1005, "用户被封禁")
    assert easemob.user(first, token=token).status_code == 401
    assert easemob.user(first).json()["entities"][0]["activated"] is False

    assert block.remove(first)["code"] == 200
    listed = [entry["userId"] for entry in block.query()["users"]]
    assert first not in listed and second in listed
    assert easemob.user(first, token=token).status_code == 200, "a lifted timed ban leaves the token working"
    assert block.remove([second])["code"] == 200
    assert second not in [entry["userId"] for entry in block.query()["users"]]
    assert user.register(first, "", "")["code"] == 200


def test_blacklist_is_the_easemob_blocklist(rc, easemob):
    user = rc.get_user()
    blacklist = user.get_blacklist()
    owner, one, two = unique("own"), unique("bl"), unique("bl")
    for user_id in (owner, one, two):
        user.register(user_id, "", "")

    assert blacklist.add(owner, [one, two])["code"] == 200
    assert blacklist.query(owner)["users"] == [one, two]
    assert easemob.blocklist(owner) == sorted([one, two])
    assert blacklist.remove(owner, one)["code"] == 200
    assert blacklist.query(owner)["users"] == [two]
    assert easemob.blocklist(owner) == [two]
    assert_rongcloud_error(error_body(blacklist.add(owner, unique("ghost"))), 1003, "用户不存在")
    assert_rongcloud_error(error_body(blacklist.add(owner, owner)), 1001, "请求参数错误")


def test_whitelist(rc):
    user = rc.get_user()
    whitelist = user.get_whitelist()
    owner, one, two = unique("own"), unique("wl"), unique("wl")
    for user_id in (owner, one, two):
        user.register(user_id, "", "")

    assert whitelist.query(owner)["users"] == []
    assert whitelist.add(owner, [two, one])["code"] == 200
    assert whitelist.query(owner)["users"] == [two, one]
    assert whitelist.query(one)["users"] == [], "one-way"
    assert whitelist.remove(owner, [two])["code"] == 200
    assert whitelist.query(owner)["users"] == [one]


def test_a_wrong_secret_is_refused(natter, app):
    wrong = RongCloud(app["rongcloud_app_key"], "not-the-secret", host_url=natter.base_url)
    assert_rongcloud_error(error_body(wrong.get_user().register(unique("x"), "", "")), 1002, "签名验证失败")
    unknown = RongCloud("nosuchkey", app["rongcloud_app_secret"], host_url=natter.base_url)
    assert_rongcloud_error(error_body(unknown.get_user().query("x")), 1002, "签名验证失败")


def test_an_unknown_path_answers_in_the_rongcloud_dialect(rc):
    # Signed by the SDK itself, to a path no RongCloud API has.
    result = rc.get_group()._http_post("/group/nosuch.json", "groupId=" + unique("g"))
    assert_rongcloud_error(error_body(result), 1001, "请求参数错误")


# rongcloud 2.0.1


def test_legacy_sdk_token_refresh_and_online(rc2, rc):
    user_id = unique("Old")
    reply = rc2.User.getToken(userId=user_id, name="Old Timer", portraitUri="http://example.com/o.png")
    assert reply.status == 200, reply.response.text
    assert reply.result["userId"] == user_id.lower()
    assert "@" not in reply.result["token"]

    assert rc2.User.refresh(userId=user_id, name="New Name").status == 200
    info = rc.get_user().query(user_id)
    assert (info["userName"], info["userPortrait"]) == ("New Name", "http://example.com/o.png")
    online = rc2.User.checkOnline(userId=user_id)
    assert (online.status, online.result["code"], online.result["status"]) == (200, 200, "0")

    missing = rc2.User.checkOnline(userId=unique("ghost"))
    assert missing.status == 404
    assert_rongcloud_error(missing.result, 1003, "用户不存在")


def test_legacy_sdk_block_and_blacklist(rc2, easemob):
    user_id, other = unique("old"), unique("old")
    rc2.User.getToken(userId=user_id, name="", portraitUri="")
    rc2.User.getToken(userId=other, name="", portraitUri="")

    assert rc2.User.block(userId=user_id, minute=5).status == 200
    blocked = rc2.User.queryBlock()
    assert blocked.status == 200
    assert user_id in [entry["userId"] for entry in blocked.result["users"]]
    refused = rc2.User.getToken(userId=user_id, name="", portraitUri="")
    assert refused.status == 403
    assert_rongcloud_error(refused.result, 1005, "用户被封禁")
    assert rc2.User.unBlock(userId=user_id).status == 200
    assert user_id not in [entry["userId"] for entry in rc2.User.queryBlock().result["users"]]

    assert rc2.User.addBlacklist(userId=user_id, blackUserId=other).status == 200
    assert rc2.User.queryBlacklist(userId=user_id).result["users"] == [other]
    assert easemob.blocklist(user_id) == [other]
    assert rc2.User.removeBlacklist(userId=user_id, blackUserId=other).status == 200
    assert rc2.User.queryBlacklist(userId=user_id).result["users"] == []


def test_legacy_sdk_wrong_secret(natter, app):
    module = load_rongcloud_2()
    wrong = module.RongCloud(app["rongcloud_app_key"], "not-the-secret")
    reply = wrong.User.getToken(userId=unique("x"), name="", portraitUri="")
    assert reply.status == 401
    assert_rongcloud_error(reply.result, 1002, "签名验证失败")
