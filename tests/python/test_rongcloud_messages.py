"""The official RongCloud server SDKs from PyPI against `natter serve`, for messages: `rc-server-sdk` 3.2.0 and
`rongcloud` 2.0.1 (loaded as in test_rongcloud.py), unmodified, sending one-to-one, template, system, group
and chat room messages, broadcasts and recalls. Each result is checked, and each message is read back
through the Easemob door: the recipient's conversation list (`/sdk/user/{u}/user_channels/list`, whose
`meta.payload` is the message as REST JSON), and for rooms by recalling what was sent.
"""

import json
import uuid

import pytest
import requests

from rongcloud.rongcloud import RongCloud
from test_rongcloud import Easemob, assert_rongcloud_error, error_body, load_rongcloud_2, unique


@pytest.fixture(scope="module")
def app(natter):
    return natter.create_app("rcmorg", "rcmsgs" + uuid.uuid4().hex[:8])


@pytest.fixture(scope="module")
def rc(natter, app):
    """rc-server-sdk 3.2.0 pointed at Natter."""
    return RongCloud(app["rongcloud_app_key"], app["rongcloud_app_secret"], host_url=natter.base_url)


@pytest.fixture(scope="module")
def rc2(natter, app):
    """rongcloud 2.0.1 pointed at Natter."""
    module = load_rongcloud_2()
    module.base.RongCloudBase.api_host = natter.base_url
    return module.RongCloud(app["rongcloud_app_key"], app["rongcloud_app_secret"])


@pytest.fixture(scope="module")
def easemob(natter, app):
    return Easemob(natter, app)


def register(rc, count: int) -> list[str]:
    ids = [unique("m") for _ in range(count)]
    for user_id in ids:
        assert rc.get_user().register(user_id, "", "")["code"] == 200
    return ids


def ok(result: dict) -> dict:
    assert isinstance(result, dict) and result["code"] == 200, result
    assert result["requestId"], result
    return result


def status_ok(reply) -> dict:
    """rongcloud 2.0.1 replies: `.status` and `.result`."""
    assert reply.status == 200, reply.response.text
    return ok(reply.result)


def uids(result: dict, key: str) -> dict[str, str]:
    """`messageUIDs` as {user, group or room id: message id}; every id is a decimal message id."""
    entries = {entry[key]: entry["messageUID"] for entry in result["messageUIDs"]}
    assert all(uid.isdigit() for uid in entries.values()), result
    return entries


def last_message(easemob: Easemob, user_id: str, peer: str) -> dict:
    """The last message of `user_id`'s conversation with `peer` (a user or group id), as REST JSON."""
    reply = requests.get(f"{easemob.base}/sdk/user/{user_id.lower()}/user_channels/list",
                         headers={"Authorization": f"Bearer {easemob.app_token}"})
    assert reply.status_code == 200, reply.text
    for channel in reply.json()["data"]["channel_infos"]:
        if channel["session_to"] == peer:
            meta = channel["meta"]
            return {**meta, "payload": json.loads(meta["payload"])} if meta else {}
    raise AssertionError(f"no conversation with {peer} in {reply.text}")


def text_of(message: dict) -> str:
    body = message["payload"]["bodies"][0]
    assert body["type"] == "txt", message
    return body["msg"]


# rc-server-sdk 3.2.0


def test_private_messages_reach_every_recipient(rc, easemob):
    sender, first, second = register(rc, 3)
    result = ok(rc.get_message().get_private().send(
        sender, [first, second], "RC:TxtMsg", {"content": "hello there", "extra": "from python"},
        push_content="New message"))
    sent = uids(result, "userId")
    assert set(sent) == {first.lower(), second.lower()}, result
    for recipient in (first, second):
        message = last_message(easemob, recipient, sender.lower())
        assert message["id"] == sent[recipient.lower()]
        assert text_of(message) == "hello there"
        ext = message["payload"]["ext"]
        assert ext["rc:objectName"] == "RC:TxtMsg"
        assert ext["extra"] == "from python"
        assert ext["em_apns_ext"] == {"em_push_content": "New message"}


def test_private_message_errors(rc):
    sender, recipient = register(rc, 2)
    missing = error_body(rc.get_message().get_private().send(
        "nobody_" + uuid.uuid4().hex[:6], recipient, "RC:TxtMsg", {"content": "hi"}))
    assert_rongcloud_error(missing, 1003, "用户不存在")
    too_long = error_body(rc.get_message().get_private().send(
        sender, recipient, "RC:TxtMsg", {"content": "a" * (130 * 1024)}))
    assert_rongcloud_error(too_long, 1022, "消息内容过长")
    ok(rc.get_sensitive().add("blockedword"))
    sensitive = error_body(rc.get_message().get_private().send(
        sender, recipient, "RC:TxtMsg", {"content": "this has blockedword"}))
    assert_rongcloud_error(sensitive, 1023, "消息内容包含敏感词")
    ok(rc.get_user().get_block().add(sender, 10))
    banned = error_body(rc.get_message().get_private().send(sender, recipient, "RC:TxtMsg", {"content": "hi"}))
    assert_rongcloud_error(banned, 1005, "用户被封禁")


def test_custom_messages_keep_their_type(rc, easemob):
    sender, recipient = register(rc, 2)
    ok(rc.get_message().get_private().send(sender, recipient, "App:Card", {"title": "Offer", "price": "9"}))
    body = last_message(easemob, recipient, sender.lower())["payload"]["bodies"][0]
    assert body["type"] == "custom", body
    assert body["customEvent"] == "App:Card"
    assert body["v2:customExts"] == {"title": "Offer", "price": "9"}


def test_template_messages_fill_each_recipient(rc, easemob):
    sender, first, second = register(rc, 3)
    result = ok(rc.get_message().get_private().send_template(
        sender, [first, second], "RC:TxtMsg",
        values=[{"{name}": "First"}, {"{name}": "Second"}],
        content={"content": "dear {name}", "extra": ""},
        push_content=["{name}, news", "{name}, news"]))
    sent = uids(result, "userId")
    assert set(sent) == {first.lower(), second.lower()}, result
    assert text_of(last_message(easemob, first, sender.lower())) == "dear First"
    second_message = last_message(easemob, second, sender.lower())
    assert text_of(second_message) == "dear Second"
    assert second_message["payload"]["ext"]["em_apns_ext"] == {"em_push_content": "Second, news"}

    result = ok(rc.get_message().get_system().send_template(
        "system_notice", [first], "RC:TxtMsg",
        content={"content": "system for {name}"}, values=[{"{name}": "First"}]))
    assert list(uids(result, "userId")) == [first.lower()]
    message = last_message(easemob, first, "system_notice")
    assert text_of(message) == "system for First"
    assert message["payload"]["ext"]["rc:conversationType"] == "SYSTEM"


def test_system_messages_and_their_recall(rc, easemob):
    first, second = register(rc, 2)
    result = ok(rc.get_message().get_system().send(
        "system_bot", [first, second], "RC:TxtMsg", {"content": "maintenance at 2am"}))
    sent = uids(result, "userId")
    message = last_message(easemob, second, "system_bot")
    assert message["id"] == sent[second.lower()]
    assert text_of(message) == "maintenance at 2am"
    assert message["payload"]["ext"]["rc:conversationType"] == "SYSTEM"


def test_group_messages_and_recall(rc, easemob):
    owner, member = register(rc, 2)
    group_id = unique("g")
    ok(rc.get_group().create([owner], group_id, "Message Group"))
    ok(rc.get_group().join([member], group_id, "Message Group"))
    result = ok(rc.get_message().get_group().send(owner, group_id, "RC:TxtMsg", {"content": "group hello"}))
    sent = uids(result, "groupId")
    assert list(sent) == [group_id]
    channels = requests.get(f"{easemob.base}/sdk/user/{member.lower()}/user_channels/list",
                            headers={"Authorization": f"Bearer {easemob.app_token}"}).json()
    groups = [channel for channel in channels["data"]["channel_infos"] if channel["session_type"] == "groupchat"]
    assert len(groups) == 1, channels
    assert groups[0]["meta"]["id"] == sent[group_id]
    assert json.loads(groups[0]["meta"]["payload"])["bodies"][0]["msg"] == "group hello"

    missing = error_body(rc.get_message().get_group().send(owner, unique("nog"), "RC:TxtMsg", {"content": "x"}))
    assert_rongcloud_error(missing, 1012, "群组不存在")

    ok(rc.get_message().get_group().recall(owner, group_id, sent[group_id], 1700000000000))
    again = error_body(rc.get_message().get_group().recall(owner, group_id, sent[group_id], 1700000000000))
    assert_rongcloud_error(again, 1019, "消息不存在")


def test_directed_group_messages(rc, easemob):
    """rc-server-sdk's `send_direction` (toUserId with toGroupId): a targeted message, so it is in no one's
    conversation list (msync delivery to the named member only is tested with raw devices and the Web SDKs)."""
    owner, member, other = register(rc, 3)
    group_id = unique("dg")
    ok(rc.get_group().create([owner, member, other], group_id, "Directed Group"))
    result = ok(rc.get_message().get_group().send_direction(
        owner, group_id, [member], "RC:TxtMsg", {"content": "just for you"}))
    sent = uids(result, "groupId")
    assert list(sent) == [group_id]

    def group_channels(user_id: str) -> list:
        channels = requests.get(f"{easemob.base}/sdk/user/{user_id.lower()}/user_channels/list",
                                headers={"Authorization": f"Bearer {easemob.app_token}"}).json()
        return [channel for channel in channels["data"]["channel_infos"] if channel["session_type"] == "groupchat"]

    assert group_channels(member) == [] and group_channels(other) == []
    ok(rc.get_message().get_group().send(owner, group_id, "RC:TxtMsg", {"content": "for all"}))
    for user_id in (member, other):
        groups = group_channels(user_id)
        assert len(groups) == 1, groups
        assert json.loads(groups[0]["meta"]["payload"])["bodies"][0]["msg"] == "for all"
    # The directed message is a message of the group all the same: its sender recalls it.
    ok(rc.get_message().get_group().recall(owner, group_id, sent[group_id], 1700000000000))

    nobody = error_body(rc.get_message().get_group().send_direction(
        owner, group_id, [unique("ghost")], "RC:TxtMsg", {"content": "x"}))
    assert_rongcloud_error(nobody, 1003, "用户不存在")


def test_private_recall(rc, easemob):
    sender, recipient = register(rc, 2)
    first = uids(ok(rc.get_message().get_private().send(sender, recipient, "RC:TxtMsg", {"content": "keep"})),
                 "userId")[recipient.lower()]
    second = uids(ok(rc.get_message().get_private().send(sender, recipient, "RC:TxtMsg", {"content": "oops"})),
                  "userId")[recipient.lower()]
    assert last_message(easemob, recipient, sender.lower())["id"] == second
    # Only the sender recalls its message.
    refused = error_body(rc.get_message().get_private().recall(recipient, sender, second, 1700000000000))
    assert_rongcloud_error(refused, 1019, "消息不存在")
    ok(rc.get_message().get_private().recall(sender, recipient, second, 1700000000000, is_admin=0, is_delete=0))
    # The recalled message leaves the conversation (whose last message it was).
    assert last_message(easemob, recipient, sender.lower()).get("id") != second
    again = error_body(rc.get_message().get_private().recall(sender, recipient, second, 1700000000000))
    assert_rongcloud_error(again, 1019, "消息不存在")
    # The earlier message is still there to recall.
    ok(rc.get_message().get_private().recall(sender, recipient, first, 1700000000000))


def test_chatroom_messages_broadcasts_and_recall(rc):
    sender, = register(rc, 1)
    room = unique("room")
    ok(rc.get_chatroom().create([(room, "Message Room")]))
    result = ok(rc.get_message().get_chatroom().send(sender, room, "RC:TxtMsg", {"content": "room hello"}))
    sent = uids(result, "chatroomId")
    assert list(sent) == [room]
    # The message is in that room: recalling it there succeeds, once.
    ok(rc.get_message().get_chatroom().recall(sender, room, sent[room], 1700000000000))
    again = error_body(rc.get_message().get_chatroom().recall(sender, room, sent[room], 1700000000000))
    assert_rongcloud_error(again, 1019, "消息不存在")
    missing = error_body(rc.get_message().get_chatroom().send(sender, unique("noroom"), "RC:TxtMsg",
                                                              {"content": "x"}))
    assert_rongcloud_error(missing, 1016, "聊天室不存在")
    assert ok(rc.get_message().get_chatroom().broadcast(sender, "RC:TxtMsg", {"content": "all rooms"})) \
        .keys() == {"code", "requestId"}


def test_broadcast_reaches_every_user(rc, easemob):
    first, second = register(rc, 2)
    ok(rc.get_message().broadcast("broadcaster", "RC:TxtMsg", {"content": "to everyone"}))
    for user_id in (first, second):
        message = last_message(easemob, user_id, "broadcaster")
        assert text_of(message) == "to everyone"
        assert message["payload"]["ext"]["rc:conversationType"] == "SYSTEM"


def test_history_files(rc):
    result = ok(rc.get_message().get_history().query("2024010112"))
    assert (result["url"], result["date"]) == ("", "2024010112")
    ok(rc.get_message().get_history().remove("2024010112"))
    bad = error_body(rc.get_message().get_history().query("2024013212"))
    assert_rongcloud_error(bad, 1001, "请求参数错误")


# rongcloud 2.0.1


def test_legacy_sdk_messages(rc2, rc, easemob):
    sender, first, second = register(rc, 3)
    text = json.dumps({"content": "legacy hello", "extra": ""})
    result = status_ok(rc2.Message.publishPrivate(
        fromUserId=sender, toUserId=[first, second], objectName="RC:TxtMsg", content=text,
        pushContent="push", verifyBlacklist=0))
    assert set(uids(result, "userId")) == {first.lower(), second.lower()}
    assert text_of(last_message(easemob, second, sender.lower())) == "legacy hello"

    result = status_ok(rc2.Message.publishTemplate({
        "fromUserId": sender, "toUserId": [first], "objectName": "RC:TxtMsg",
        "values": [{"{who}": "you"}], "content": json.dumps({"content": "hi {who}"}), "pushContent": ["{who}"]}))
    assert list(uids(result, "userId")) == [first.lower()]
    assert text_of(last_message(easemob, first, sender.lower())) == "hi you"

    result = status_ok(rc2.Message.PublishSystem(
        fromUserId="legacy_system", toUserId=[first], objectName="RC:TxtMsg",
        content=json.dumps({"content": "legacy system"})))
    assert list(uids(result, "userId")) == [first.lower()]
    assert text_of(last_message(easemob, first, "legacy_system")) == "legacy system"

    result = status_ok(rc2.Message.publishSystemTemplate({
        "fromUserId": "legacy_system", "toUserId": [second], "objectName": "RC:TxtMsg",
        "values": [{"{n}": "2"}], "content": json.dumps({"content": "template {n}"}), "pushContent": []}))
    assert list(uids(result, "userId")) == [second.lower()]
    assert text_of(last_message(easemob, second, "legacy_system")) == "template 2"

    group_id = unique("lg")
    ok(rc.get_group().create([sender], group_id, "Legacy Group"))
    result = status_ok(rc2.Message.publishGroup(
        fromUserId=sender, toGroupId=[group_id], objectName="RC:TxtMsg", content=text))
    assert list(uids(result, "groupId")) == [group_id]

    room = unique("lroom")
    ok(rc.get_chatroom().create([(room, "Legacy Room")]))
    result = status_ok(rc2.Message.publishChatroom(
        fromUserId=sender, toChatroomId=[room], objectName="RC:TxtMsg", content=text))
    assert list(uids(result, "chatroomId")) == [room]

    missing = rc2.Message.publishPrivate(
        fromUserId=sender, toUserId=["ghost_" + uuid.uuid4().hex[:6]], objectName="RC:TxtMsg", content=text)
    assert missing.status == 404
    assert_rongcloud_error(missing.result, 1003, "用户不存在")

    history = status_ok(rc2.Message.getHistory(date="2024010100"))
    assert (history["url"], history["date"]) == ("", "2024010100")
    status_ok(rc2.Message.deleteMessage(date="2024010100"))

    status_ok(rc2.Message.broadcast(fromUserId="legacy_system", objectName="RC:TxtMsg", content=text))
    assert text_of(last_message(easemob, second, "legacy_system")) == "legacy hello"
