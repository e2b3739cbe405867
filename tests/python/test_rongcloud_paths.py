"""Audit: every API path the two official RongCloud server SDKs can call is served by `natter serve`.

The paths are not listed by hand: they are read from the installed SDKs' own source (rc-server-sdk 3.2.0 in
site-packages, rongcloud 2.0.1 in the virtualenv's `natter-rongcloud-2` folder, see test_rongcloud.py), so a
path the SDKs call and Natter lacks cannot go unnoticed. Each path gets a correctly signed, empty `POST`;
whatever it answers (most answer 1001 for the missing parameters), it must not be the reply to a path no
route serves: HTTP 404 with code 1001 (a served endpoint's 1001 comes with HTTP 400, its 404s with the
code of what is missing: 1003, 1012, 1016 …).

rongcloud 2.0.1's SMS calls (`/sendCode.json`, `/verifyCode.json`, `/getImgCode.json`) go to its separate
`sms_host`, not to the API host; they are audited too, since an app may point `sms_host` at Natter, and must
answer the documented "SMS is not provided" reply (1039) rather than the unknown-path one.
"""

import ast
import hashlib
import pathlib
import random
import sys
import time
import uuid

import pytest
import requests

import rongcloud.module
from test_rongcloud import load_rongcloud_2

RC_SERVER_SDK = pathlib.Path(rongcloud.module.__file__).resolve().parent


def rongcloud_2_dir() -> pathlib.Path:
    load_rongcloud_2()
    return pathlib.Path(sys.prefix) / "natter-rongcloud-2" / "rongcloud"


def rc_server_sdk_paths() -> set[str]:
    """rc-server-sdk builds every request as `url = '/….json'` then `self._http_post(url, …)`."""
    paths = set()
    for source in sorted(RC_SERVER_SDK.glob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Assign) and len(node.targets) == 1
                    and isinstance(node.targets[0], ast.Name) and node.targets[0].id == "url"
                    and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
                paths.add(node.value.value)
    return paths


def rongcloud_2_calls() -> dict[str, tuple[str, str]]:
    """rongcloud 2.0.1 calls `self.call_api(method=(host, http method, content type), action='/….json', …)`:
    {path: (host, http method)}."""
    calls = {}
    for source in sorted(rongcloud_2_dir().glob("*.py")):
        if source.name == "test.py":
            continue
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "call_api"):
                continue
            keywords = {keyword.arg: keyword.value for keyword in node.keywords}
            action = keywords.get("action")
            if not (isinstance(action, ast.Constant) and isinstance(action.value, str)):
                continue
            host, method = "API", "POST"
            if isinstance(keywords.get("method"), ast.Tuple):
                host, method = (element.value for element in keywords["method"].elts[:2])
            calls[action.value] = (host, method)
    return calls


SERVER_SDK_PATHS = sorted(rc_server_sdk_paths())
RONGCLOUD_2_CALLS = rongcloud_2_calls()
API_PATHS = sorted(set(SERVER_SDK_PATHS) | {path for path, (host, _) in RONGCLOUD_2_CALLS.items() if host == "API"})
SMS_CALLS = sorted((path, method) for path, (host, method) in RONGCLOUD_2_CALLS.items() if host == "SMS")


@pytest.fixture(scope="module")
def app(natter):
    return natter.create_app("rcpaths", "rcpaths" + uuid.uuid4().hex[:8])


def signed(app, method: str, url: str) -> requests.Response:
    """A request signed as rc-server-sdk signs (App-Key, Nonce, Timestamp in seconds, Signature)."""
    nonce = str(random.randint(0, 10**12))
    timestamp = str(int(time.time()))
    signature = hashlib.sha1((app["rongcloud_app_secret"] + nonce + timestamp).encode()).hexdigest()
    headers = {"App-Key": app["rongcloud_app_key"], "Nonce": nonce, "Timestamp": timestamp,
               "Signature": signature, "Content-Type": "application/x-www-form-urlencoded"}
    return requests.request(method, url, headers=headers, data=b"")


def is_unknown_path_reply(reply: requests.Response) -> bool:
    if reply.status_code != 404:
        return False
    try:
        return reply.json().get("code") == 1001
    except ValueError:
        return True  # not even the RongCloud dialect: an Easemob or plain 404


def test_the_sdks_were_read():
    # Guards the audit itself: a parser that finds nothing would pass every check below.
    assert len(SERVER_SDK_PATHS) >= 80, SERVER_SDK_PATHS
    assert {"/user/getToken.json", "/push.json", "/chatroom/users/exist.json"} <= set(SERVER_SDK_PATHS)
    assert {"/chatroom/join.json", "/message/discussion/publish.json", "/wordfilter/list.json",
            "/push.json", "/user/tag/set.json"} <= set(RONGCLOUD_2_CALLS)
    assert [path for path, _ in SMS_CALLS] == ["/getImgCode.json", "/sendCode.json", "/verifyCode.json"]


def test_an_unknown_path_is_recognised(natter, app):
    # The check below can fail: a path no SDK calls gets exactly the reply it looks for.
    assert is_unknown_path_reply(signed(app, "POST", natter.base_url + "/user/nosuchthing.json"))


@pytest.mark.parametrize("path", API_PATHS)
def test_every_sdk_path_is_served(natter, app, path):
    reply = signed(app, "POST", natter.base_url + path)
    assert not is_unknown_path_reply(reply), f"{path}: {reply.status_code} {reply.text}"
    body = reply.json()
    assert isinstance(body.get("code"), int) and body.get("requestId"), body


@pytest.mark.parametrize("path,method", SMS_CALLS)
def test_sms_paths_answer_that_sms_is_not_provided(natter, app, path, method):
    reply = signed(app, method, natter.base_url + path)
    assert reply.status_code == 503, reply.text
    body = reply.json()
    assert (body["code"], body["errorMessage"]) == (1039, "服务不可用"), body
