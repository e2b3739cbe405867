"""The official RongCloud server SDKs from PyPI against `natter serve`, for pushes: rc-server-sdk 3.2.0's
`Push.push` and `Push.broadcast` (both `/push.json`) and rongcloud 2.0.1's `Push.broadcastPush` and
`Push.setUserPushTag`, unmodified, plus `/push/user.json` signed by rc-server-sdk's own request code, and
rongcloud 2.0.1's SMS calls. Each reply is checked; the in-app message of a push is read back through the
Easemob door, in the recipient's conversation with the sender.

`/push.json` allows 2 calls an hour per app, so each test makes its own app.
"""

import json
import uuid

import pytest

from rongcloud.rongcloud import RongCloud
from test_rongcloud import Easemob, assert_rongcloud_error, error_body, load_rongcloud_2, unique
from test_rongcloud_messages import last_message, text_of


class Clients:
    """A fresh app, and both SDKs and the Easemob door pointed at it."""

    def __init__(self, natter):
        self.app = natter.create_app("rcpush", "rcpush" + uuid.uuid4().hex[:8])
        self.rc = RongCloud(self.app["rongcloud_app_key"], self.app["rongcloud_app_secret"], host_url=natter.base_url)
        module = load_rongcloud_2()
        module.base.RongCloudBase.api_host = natter.base_url
        self.rc2 = module.RongCloud(self.app["rongcloud_app_key"], self.app["rongcloud_app_secret"])
        self.easemob = Easemob(natter, self.app)

    def users(self, count: int) -> list[str]:
        ids = [unique("p").lower() for _ in range(count)]
        for user_id in ids:
            assert self.rc.get_user().register(user_id, "", "")["code"] == 200
        return ids


@pytest.fixture
def clients(natter):
    return Clients(natter)


def accepted(result: dict) -> str:
    """A push reply: code 200, a 22-character id, the request id."""
    assert isinstance(result, dict) and result["code"] == 200, result
    assert set(result) == {"code", "id", "requestId"}, result
    assert len(result["id"]) == 22 and result["id"].isalnum(), result
    return result["id"]


def push(rc, platforms=("ios", "android"), tags=None, tags_or=None, user_ids=None, package_name=None,
         is_to_all=False, alert="hello", ios_title=None, ios_alert=None, ios_extras=None,
         ios_content_available=None, ios_badge=None, android_alert=None, android_extras=None):
    """rc-server-sdk's Push.push, whose every argument is positional."""
    return rc.get_push().push(list(platforms), tags, tags_or, user_ids, package_name, is_to_all, alert,
                              ios_title, ios_alert, ios_extras, ios_content_available, ios_badge, None, None,
                              android_alert, android_extras)


def broadcast(rc, sender, user_ids=None, tags=None, is_to_all=False, content=None, alert="hello",
              platforms=("ios",)):
    """rc-server-sdk's Push.broadcast: `/push.json` with an in-app message."""
    return rc.get_push().broadcast(list(platforms), sender, tags, None, user_ids, is_to_all,
                                   content if content is not None else {"content": "in app", "extra": ""},
                                   "RC:TxtMsg", alert, None, None, None, None, None)


# rc-server-sdk 3.2.0


def test_push_to_tags_and_to_all_then_the_hourly_limit(clients):
    tagged, other = clients.users(2)
    assert clients.rc.get_user().get_tag().set(tagged, ["vip"])["code"] == 200
    first = accepted(push(clients.rc, tags=["vip"], ios_title="Sale", ios_extras={"k": "v"},
                          ios_content_available=1, ios_badge=2, android_alert="Sale on Android"))
    second = accepted(push(clients.rc, is_to_all=True, alert="to everyone"))
    assert first != second
    # A notification alone is no message.
    with pytest.raises(AssertionError, match="no conversation"):
        last_message(clients.easemob, tagged, other)
    # Two an hour (RongCloud's documented limit).
    assert_rongcloud_error(error_body(push(clients.rc, is_to_all=True)), 1037, "频率限制")


def test_broadcast_delivers_the_in_app_message_as_a_system_message(clients):
    sender, first, second, left_out = clients.users(4)
    accepted(broadcast(clients.rc, sender, user_ids=[first, second],
                       content={"content": "hello from a push", "extra": "x"}, alert="Push text"))
    for recipient in (first, second):
        message = last_message(clients.easemob, recipient, sender)
        assert text_of(message) == "hello from a push"
        ext = message["payload"]["ext"]
        assert ext["rc:conversationType"] == "SYSTEM"
        assert ext["em_apns_ext"] == {"em_push_content": "Push text"}
        assert ext["extra"] == "x"
    with pytest.raises(AssertionError, match="no conversation"):
        last_message(clients.easemob, left_out, sender)


def test_push_refusals(clients):
    sender, user = clients.users(2)
    rc = clients.rc
    assert_rongcloud_error(error_body(push(rc, platforms=["web"], is_to_all=True)), 1032, "推送类型不支持")
    assert_rongcloud_error(error_body(push(rc, user_ids=[user, "ghost_" + uuid.uuid4().hex[:6]])),
                           1003, "用户不存在")
    assert_rongcloud_error(error_body(push(rc, is_to_all=True, alert=None)), 1001, "请求参数错误")
    assert_rongcloud_error(error_body(push(rc, is_to_all=False)), 1001, "请求参数错误")
    assert_rongcloud_error(error_body(push(rc, is_to_all=True, ios_title="t" * 51)), 1030, "推送内容过长")
    assert_rongcloud_error(error_body(push(rc, is_to_all=True, ios_badge=10000)), 1001, "请求参数错误")
    assert rc.get_sensitive().add("forbiddenword")["code"] == 200
    assert_rongcloud_error(error_body(push(rc, is_to_all=True, alert="a forbiddenword")), 1031,
                           "推送内容包含敏感词")
    assert_rongcloud_error(error_body(broadcast(rc, sender, user_ids=[user],
                                                content={"content": "forbiddenword"})),
                           1023, "消息内容包含敏感词")
    assert rc.get_user().get_block().add(sender, 10)["code"] == 200
    assert_rongcloud_error(error_body(broadcast(rc, sender, user_ids=[user])), 1005, "用户被封禁")
    # No refusal used the quota.
    accepted(push(rc, is_to_all=True))


def test_push_to_users_signed_by_the_sdk(clients):
    first, second = clients.users(2)
    post = clients.rc.get_push()._http_post
    body = {"userIds": [first, second],
            "notification": {"title": "Hi", "pushContent": "you have mail", "ios": {"badge": 1},
                             "android": {"fcm": {"channelId": "mail"}}}}
    accepted(post("/push/user.json", json.dumps(body)))
    # Not in-app: no conversation.
    with pytest.raises(AssertionError, match="no conversation"):
        last_message(clients.easemob, first, second)
    missing = dict(body, notification={"title": "Hi"})
    assert_rongcloud_error(error_body(post("/push/user.json", json.dumps(missing))), 1001, "请求参数错误")
    too_many = dict(body, userIds=[first] * 101)
    assert_rongcloud_error(error_body(post("/push/user.json", json.dumps(too_many))), 1001, "请求参数错误")
    ghost = dict(body, userIds=["ghost_" + uuid.uuid4().hex[:6]])
    assert_rongcloud_error(error_body(post("/push/user.json", json.dumps(ghost))), 1003, "用户不存在")


# rongcloud 2.0.1


def test_legacy_sdk_tags_and_broadcast_push(clients):
    sender, gold, plain = clients.users(3)
    reply = clients.rc2.Push.setUserPushTag(userTag={"tags": ["gold"], "userId": gold})
    assert reply.status == 200 and reply.result["code"] == 200, reply.response.text
    message = {
        "platform": ["ios", "android"],
        "fromuserid": sender,
        "audience": {"tag": ["gold"], "is_to_all": False},
        "message": {"content": json.dumps({"content": "gold members only", "extra": ""}), "objectName": "RC:TxtMsg"},
        "notification": {"alert": "For gold", "ios": {"alert": "For gold (iOS)", "extras": {"id": "1"}},
                         "android": {"alert": "For gold (Android)", "extras": {"id": "1"}}},
    }
    reply = clients.rc2.Push.broadcastPush(pushMessage=message)
    assert reply.status == 200, reply.response.text
    accepted(reply.result)
    got = last_message(clients.easemob, gold, sender)
    assert text_of(got) == "gold members only"
    assert got["payload"]["ext"]["em_apns_ext"] == {"em_push_content": "For gold"}
    with pytest.raises(AssertionError, match="no conversation"):
        last_message(clients.easemob, plain, sender)
    # Notification only ("fromuserid 和 message 为 null 即为不落地的 push").
    reply = clients.rc2.Push.broadcastPush(pushMessage={
        "platform": ["ios"], "audience": {"userid": [plain], "is_to_all": False},
        "notification": {"alert": "just a notification"}})
    assert reply.status == 200, reply.response.text
    accepted(reply.result)
    with pytest.raises(AssertionError, match="no conversation"):
        last_message(clients.easemob, plain, sender)


def test_legacy_sdk_push_refusals(clients):
    (user,) = clients.users(1)
    cases = [
        ({"platform": ["symbian"], "audience": {"is_to_all": True}, "notification": {"alert": "x"}},
         400, 1032, "推送类型不支持"),
        ({"platform": ["ios"], "audience": {"userid": [user]}, "notification": {"alert": "x"}},
         400, 1001, "请求参数错误"),
        ({"platform": ["ios"], "audience": {"is_to_all": True}, "notification": {"alert": "x" * 5000}},
         400, 1030, "推送内容过长"),
        ({"platform": ["ios"], "audience": {"is_to_all": True}}, 400, 1001, "请求参数错误"),
    ]
    for body, status, code, message in cases:
        reply = clients.rc2.Push.broadcastPush(pushMessage=body)
        assert reply.status == status, (body, reply.response.text)
        assert_rongcloud_error(reply.result, code, message)


def test_legacy_sdk_sms_is_not_provided(natter, clients):
    module = load_rongcloud_2()
    module.base.RongCloudBase.sms_host = natter.base_url
    for reply in (clients.rc2.SMS.sendCode(mobile="13000000000", templateId="t1", region="86"),
                  clients.rc2.SMS.verifyCode(sessionId="s1", code="1234"),
                  clients.rc2.SMS.getImageCode(appKey=clients.app["rongcloud_app_key"])):
        assert reply.status == 503, reply.response.text
        assert_rongcloud_error(reply.result, 1039, "服务不可用")
