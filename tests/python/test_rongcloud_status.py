"""Status messages and discussion messages through the official RongCloud server SDKs from PyPI, unmodified,
against `natter serve`: rc-server-sdk 3.2.0's `send_status_message` (one-to-one and group), rongcloud 2.0.1's
`publishDiscussion`, and the status endpoints through rongcloud 2.0.1's own signed transport (`call_api`: it
has no status-message method, but its `rc-` headers and millisecond timestamps must pass there too).

A status message reaches online devices only (the Rust and Web SDK tests watch it arrive); here no device is
online, so the check is that it left no trace: the recipients' conversation lists (read through the Easemob
door) keep their last message and their unread count. A discussion message is a group message of the group
the discussion id names, so it is the group conversation's last message.
"""

import json
import uuid

import pytest
import requests

from rongcloud.rongcloud import RongCloud
from test_rongcloud import Easemob, assert_rongcloud_error, error_body, load_rongcloud_2, unique


@pytest.fixture(scope="module")
def app(natter):
    return natter.create_app("rcsorg", "rcstatus" + uuid.uuid4().hex[:8])


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
    """Registers `count` users; returns their IDs as the server keeps them (lower case)."""
    ids = [unique("s") for _ in range(count)]
    for user_id in ids:
        assert rc.get_user().register(user_id, "", "")["code"] == 200
    return [user_id.lower() for user_id in ids]


def plain_ok(result: dict) -> None:
    """The status endpoints' reply: `{"code":200,"requestId":…}` and nothing else (nothing to recall)."""
    assert isinstance(result, dict) and result.get("code") == 200, result
    assert set(result) == {"code", "requestId"} and result["requestId"], result


def channels(easemob: Easemob, user_id: str) -> dict[str, dict]:
    """`user_id`'s conversation list through the Easemob door, by peer (user or group id)."""
    reply = requests.get(f"{easemob.base}/sdk/user/{user_id}/user_channels/list",
                         headers={"Authorization": f"Bearer {easemob.app_token}"})
    assert reply.status_code == 200, reply.text
    return {channel["session_to"]: channel for channel in reply.json()["data"]["channel_infos"]}


def last_text(channel: dict) -> str:
    return json.loads(channel["meta"]["payload"])["bodies"][0]["msg"]


# rc-server-sdk 3.2.0


def test_a_private_status_leaves_no_message_and_no_unread(rc, easemob):
    sender, first, second = register(rc, 3)
    sent = rc.get_message().get_private().send(sender, first, "RC:TxtMsg", {"content": "a real message"})
    assert sent["code"] == 200, sent
    message_id = sent["messageUIDs"][0]["messageUID"]
    before = channels(easemob, first)[sender]
    assert before["unread_num"] == 1 and before["meta"]["id"] == message_id, before

    plain_ok(rc.get_message().get_private().send_status_message(
        sender, [first, second], "RC:TypSts", {"typingContentType": "RC:TxtMsg"}, is_include_sender=1))
    plain_ok(rc.get_message().get_private().send_status_message(
        sender, first, "RC:TxtMsg", {"content": "a status"}, verify_blacklist=1))

    after = channels(easemob, first)[sender]
    assert (after["unread_num"], after["meta"]["id"]) == (1, message_id), after
    assert last_text(after) == "a real message"
    # The second recipient had no conversation, and a status message does not start one.
    assert sender not in channels(easemob, second)
    # Nor does the sender's own copy (isIncludeSender=1) leave anything on its side.
    assert set(channels(easemob, sender)) == {first}


def test_a_group_status_leaves_the_group_conversation_as_it_was(rc, easemob):
    owner, member = register(rc, 2)
    group_id = unique("sg")
    assert rc.get_group().create([owner, member], group_id, "Status Group")["code"] == 200
    sent = rc.get_message().get_group().send(owner, group_id, "RC:TxtMsg", {"content": "group message"})
    assert sent["code"] == 200, sent
    group_channels = [channel for channel in channels(easemob, member).values()
                      if channel["session_type"] == "groupchat"]
    assert len(group_channels) == 1 and group_channels[0]["unread_num"] == 1, group_channels

    plain_ok(rc.get_message().get_group().send_status_message(
        owner, group_id, "App:Typing", {"typing": True}, verify_blacklist=1, is_include_sender=1))

    after = [channel for channel in channels(easemob, member).values() if channel["session_type"] == "groupchat"]
    assert len(after) == 1, after
    assert (after[0]["unread_num"], after[0]["meta"]["id"]) == (1, sent["messageUIDs"][0]["messageUID"]), after
    assert last_text(after[0]) == "group message"


def test_status_refusals(rc):
    sender, recipient = register(rc, 2)
    private = rc.get_message().get_private()
    group = rc.get_message().get_group()
    missing_user = error_body(private.send_status_message(
        sender, ["ghost_" + uuid.uuid4().hex[:6]], "RC:TxtMsg", {"content": "hi"}))
    assert_rongcloud_error(missing_user, 1003, "用户不存在")
    missing_group = error_body(group.send_status_message(sender, unique("nog"), "RC:TxtMsg", {"content": "hi"}))
    assert_rongcloud_error(missing_group, 1012, "群组不存在")
    too_long = error_body(private.send_status_message(
        sender, recipient, "RC:TxtMsg", {"content": "a" * (130 * 1024)}))
    assert_rongcloud_error(too_long, 1022, "消息内容过长")
    assert rc.get_sensitive().add("statusword")["code"] == 200
    sensitive = error_body(private.send_status_message(
        sender, recipient, "RC:TxtMsg", {"content": "with statusword"}))
    assert_rongcloud_error(sensitive, 1023, "消息内容包含敏感词")
    assert rc.get_user().get_blacklist().add(recipient, [sender])["code"] == 200
    blocked = error_body(private.send_status_message(
        sender, recipient, "RC:TxtMsg", {"content": "hi"}, verify_blacklist=1))
    assert_rongcloud_error(blocked, 2011, "用户被拉黑")


# rongcloud 2.0.1


def test_legacy_transport_reaches_the_status_endpoints(rc2, rc, easemob):
    sender, recipient = register(rc, 2)
    reply = rc2.Message.call_api(action="/statusmessage/private/publish.json", params={
        "fromUserId": sender, "toUserId": [recipient], "objectName": "RC:TxtMsg",
        "content": json.dumps({"content": "legacy status"})})
    assert reply.status_code == 200, reply.text
    plain_ok(reply.json())
    assert sender not in channels(easemob, recipient)
    missing = rc2.Message.call_api(action="/statusmessage/group/publish.json", params={
        "fromUserId": sender, "toGroupId": [unique("nog")], "objectName": "RC:TxtMsg",
        "content": json.dumps({"content": "x"})})
    assert missing.status_code == 404, missing.text
    assert_rongcloud_error(missing.json(), 1012, "群组不存在")


def test_a_discussion_message_is_the_group_s_message(rc2, rc, easemob):
    owner, member = register(rc, 2)
    discussion = unique("d")
    created = rc2.Group.create(userId=[owner, member], groupId=discussion, groupName="Discussion")
    assert created.status == 200 and created.result["code"] == 200, created.response.text
    reply = rc2.Message.publishDiscussion(
        fromUserId=owner, toDiscussionId=discussion, objectName="RC:TxtMsg",
        content=json.dumps({"content": "let us discuss", "extra": ""}), pushContent="push",
        isPersisted=1, isCounted=1, isIncludeSender=0)
    assert reply.status == 200, reply.response.text
    result = reply.result
    assert result["code"] == 200 and result["requestId"], result
    assert [entry["discussionId"] for entry in result["messageUIDs"]] == [discussion], result
    message_id = result["messageUIDs"][0]["messageUID"]
    assert message_id.isdigit(), result
    group_channels = [channel for channel in channels(easemob, member).values()
                      if channel["session_type"] == "groupchat"]
    assert len(group_channels) == 1, group_channels
    assert group_channels[0]["meta"]["id"] == message_id
    assert last_text(group_channels[0]) == "let us discuss"
    # It is the group's message: rc-server-sdk recalls it as one.
    assert rc.get_message().get_group().recall(owner, discussion, message_id, 1700000000000)["code"] == 200

    missing = rc2.Message.publishDiscussion(
        fromUserId=owner, toDiscussionId=unique("nod"), objectName="RC:TxtMsg",
        content=json.dumps({"content": "x"}))
    assert missing.status == 404
    assert_rongcloud_error(missing.result, 1012, "群组不存在")
    stranger = rc2.Message.publishDiscussion(
        fromUserId="ghost_" + uuid.uuid4().hex[:6], toDiscussionId=discussion, objectName="RC:TxtMsg",
        content=json.dumps({"content": "x"}))
    assert stranger.status == 404
    assert_rongcloud_error(stranger.result, 1003, "用户不存在")
