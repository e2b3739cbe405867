"""The official RongCloud server SDKs from PyPI against `natter serve`, for groups, chat rooms, user tags,
conversation do-not-disturb and sensitive words: `rc-server-sdk` 3.2.0 and `rongcloud` 2.0.1 (loaded as in
test_rongcloud.py), unmodified, with their results checked, and the same groups, rooms and settings seen
through the Easemob door.
"""

import uuid

import pytest
import requests

from rongcloud.rongcloud import RongCloud
from test_rongcloud import Easemob, assert_rongcloud_error, error_body, load_rongcloud_2, unique


@pytest.fixture(scope="module")
def app(natter):
    return natter.create_app("rcgorg", "rcgroups" + uuid.uuid4().hex[:8])


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
    ids = [unique("u") for _ in range(count)]
    for user_id in ids:
        assert rc.get_user().register(user_id, "", "")["code"] == 200
    return ids


def ok(result: dict) -> dict:
    assert isinstance(result, dict) and result["code"] == 200, result
    assert result["requestId"], result
    return result


def easemob_get(easemob: Easemob, path: str) -> dict:
    reply = requests.get(f"{easemob.base}{path}", headers={"Authorization": f"Bearer {easemob.app_token}"})
    assert reply.status_code == 200, reply.text
    return reply.json()


# rc-server-sdk 3.2.0


def test_group_lifecycle(rc, easemob):
    u1, u2, u3 = register(rc, 3)
    group = rc.get_group()
    group_id = unique("g")
    ok(group.create([u1, u2], group_id, "Demo Group"))
    assert ok(group.query(group_id))["users"] == [{"id": u1}, {"id": u2}]
    assert_rongcloud_error(error_body(group.create([u3], group_id, "Again")), 1013, "群组已存在")

    ok(group.join(u3, group_id, "Demo Group"))
    assert_rongcloud_error(error_body(group.join(u3, group_id, "Demo Group")), 1010, "用户已加入群组")
    assert ok(group.query_user_group(u3))["groups"] == [{"id": group_id, "name": "Demo Group"}]
    ok(group.update(group_id, "Renamed"))
    assert ok(group.get_user().query(group_id))["users"] == [{"id": u1}, {"id": u2}, {"id": u3}]

    # The same group through the Easemob door: a generated id, the first user its owner.
    joined = easemob_get(easemob, f"/chatgroups/user/{u3}")["entities"]
    assert [(entry["name"], entry["owner"]) for entry in joined] == [("Renamed", u1)]

    ok(group.quit(u3, group_id))
    assert_rongcloud_error(error_body(group.quit(u3, group_id)), 1011, "用户未加入群组")
    ok(group.dismiss(u2, group_id))
    assert_rongcloud_error(error_body(group.query(group_id)), 1012, "群组不存在")
    assert_rongcloud_error(error_body(group.join(u3, group_id, "x")), 1012, "群组不存在")
    assert_rongcloud_error(error_body(group.create([unique("ghost")], unique("g"), "x")), 1003, "用户不存在")


def test_group_sync(rc):
    (user,) = register(rc, 1)
    group = rc.get_group()
    first, second = unique("s"), unique("s")
    ok(group.sync(user, [(first, "First"), (second, "Second")]))
    assert sorted(entry["id"] for entry in ok(group.query_user_group(user))["groups"]) == sorted([first, second])
    ok(group.sync(user, [(second, "Second")]))
    assert ok(group.query_user_group(user))["groups"] == [{"id": second, "name": "Second"}]
    # The user was the only member of `first`: quitting dissolved it.
    assert_rongcloud_error(error_body(group.query(first)), 1012, "群组不存在")


def test_group_gags_mute_all_and_whitelist(rc):
    u1, u2, outsider = register(rc, 3)
    group = rc.get_group()
    group_id = unique("g")
    ok(group.create([u1, u2], group_id, "Gagged"))
    gag = group.get_user().get_gag()
    ok(gag.add([u2], group_id, 10))
    gagged = ok(gag.query(group_id))["users"]
    assert [entry["userId"] for entry in gagged] == [u2]
    assert len(gagged[0]["time"]) == 19, gagged
    assert_rongcloud_error(error_body(gag.add([outsider], group_id, 10)), 1011, "用户未加入群组")
    ok(gag.remove([u2], group_id))
    assert ok(gag.query(group_id))["users"] == []

    # Without a group: the user's gag in every group.
    ok(gag.add([outsider], None, 0))
    assert [entry["userId"] for entry in ok(gag.query(None))["users"]] == [outsider]
    ok(gag.remove([outsider], None))
    assert ok(gag.query(None))["users"] == []

    ban = group.get_user().get_ban()
    ok(ban.add([group_id]))
    assert ok(ban.query([group_id]))["groupinfo"] == [{"groupId": group_id, "stat": 1}]
    whitelist = ban.get_whitelist()
    ok(whitelist.add([u2], group_id))
    assert ok(whitelist.query(group_id))["userIds"] == [u2]
    assert_rongcloud_error(error_body(whitelist.add([outsider], group_id)), 1011, "用户未加入群组")
    ok(whitelist.remove([u2], group_id))
    assert ok(whitelist.query(group_id))["userIds"] == []
    ok(ban.remove([group_id]))
    assert ok(ban.query([group_id]))["groupinfo"] == [{"groupId": group_id, "stat": 0}]
    assert_rongcloud_error(error_body(ban.add([unique("nope")])), 1012, "群组不存在")


def test_chatroom_lifecycle_and_members(rc, rc2, easemob):
    u1, u2, u3 = register(rc, 3)
    chatroom = rc.get_chatroom()
    # `room` is also a valid Easemob room id (a-z 0-9); `other` is not, and gets a generated one there.
    room, other = "r" + uuid.uuid4().hex[:8], unique("R")
    ok(chatroom.create([(room, "Demo Room"), (other, "Other Room")]))
    rooms = ok(chatroom.query([room, other]))["chatRooms"]
    assert [(entry["chrmId"], entry["name"]) for entry in rooms] == [(room, "Demo Room"), (other, "Other Room")]
    assert_rongcloud_error(error_body(chatroom.create([(room, "Again")])), 1017, "聊天室已存在")

    # rc-server-sdk has no join; rongcloud 2.0.1 has.
    assert rc2.Chatroom.join(userId=[u1, u2], chatroomId=room).status == 200
    users = chatroom.get_user()
    listed = ok(users.query(room, 10, 1))
    assert listed["total"] == 2
    assert [entry["id"] for entry in listed["users"]] == [u1, u2]
    assert [entry["id"] for entry in ok(users.query(room, 1, 2))["users"]] == [u2]
    assert ok(users.isexist(room, u1))["isInChrm"] is True
    assert ok(users.isexist(room, [u1, u3]))["result"] == [
        {"userId": u1, "isInChrm": 1}, {"userId": u3, "isInChrm": 0}]

    # The Easemob door sees the room (`room` is a valid Easemob room id) and its members.
    details = easemob_get(easemob, f"/chatrooms/{room}")["data"]
    assert details["name"] == "Demo Room"
    assert {entry.get("member") for entry in details["affiliations"]} >= {u1, u2}

    ok(chatroom.destroy([room, other]))
    assert_rongcloud_error(error_body(chatroom.query([room, other])), 1016, "聊天室不存在")
    assert_rongcloud_error(error_body(chatroom.destroy(room)), 1016, "聊天室不存在")


def test_chatroom_moderation(rc, rc2, easemob):
    u1, u2 = register(rc, 2)
    chatroom = rc.get_chatroom()
    room = unique("r")
    ok(chatroom.create([(room, "Moderated")]))
    assert rc2.Chatroom.join(userId=[u1, u2], chatroomId=room).status == 200
    users = chatroom.get_user()

    gag = users.get_gag()
    ok(gag.add([u1], room, 5))
    assert [entry["userId"] for entry in ok(gag.query(room))["users"]] == [u1]
    ok(gag.remove([u1], room))
    assert ok(gag.query(room))["users"] == []

    block = users.get_block()
    ok(block.add([u2], room, 5))
    assert [entry["userId"] for entry in ok(block.query(room))["users"]] == [u2]
    assert ok(users.isexist(room, u2))["isInChrm"] is False, "a block takes the user out"
    refused = rc2.Chatroom.join(userId=u2, chatroomId=room)
    assert refused.status == 403
    assert_rongcloud_error(refused.result, 2009, "用户被踢出聊天室")
    ok(block.remove([u2], room))
    assert ok(block.query(room))["users"] == []

    ban = users.get_ban()
    ok(ban.add([u1], 30))
    assert [entry["userId"] for entry in ok(ban.query())["users"]] == [u1]
    assert easemob_get(easemob, f"/mutes/{u1}")["data"]["chatroom"] > 0
    ok(ban.remove([u1]))
    assert ok(ban.query())["users"] == []

    whitelist = users.get_whitelist()
    ok(whitelist.add(room, [u1]))
    assert ok(whitelist.query(room))["users"] == [u1]
    ok(whitelist.remove(room, [u1]))
    assert ok(whitelist.query(room))["users"] == []


def test_chatroom_switches_and_message_types(rc):
    chatroom = rc.get_chatroom()
    room = unique("r")
    ok(chatroom.create([(room, "Switches")]))
    keepalive = chatroom.get_keepalive()
    ok(keepalive.add(room))
    assert room in ok(keepalive.query())["chatroomIds"]
    ok(keepalive.remove(room))
    assert room not in ok(keepalive.query())["chatroomIds"]

    message = chatroom.get_message()
    ok(message.stop_distribution(room))
    ok(message.resume_distribution(room))
    assert_rongcloud_error(error_body(message.stop_distribution(unique("nope"))), 1016, "聊天室不存在")

    priority = message.get_priority()
    ok(priority.add(["RC:VcMsg", "RC:ImgMsg"]))
    assert ok(priority.query())["objectNames"] == ["RC:VcMsg", "RC:ImgMsg"]
    ok(priority.remove(["RC:VcMsg", "RC:ImgMsg"]))
    assert ok(priority.query())["objectNames"] == []

    whitelist = chatroom.get_whitelist()
    ok(whitelist.add(["RC:TxtMsg"]))
    assert ok(whitelist.query())["whitlistMsgType"] == ["RC:TxtMsg"]
    ok(whitelist.remove(["RC:TxtMsg"]))
    assert ok(whitelist.query())["whitlistMsgType"] == []


def test_user_tags(rc):
    u1, u2, u3 = register(rc, 3)
    tag = rc.get_user().get_tag()
    ok(tag.set(u1, ["帅哥", "北京"]))
    ok(tag.set([u2, u3], ["vip"]))
    assert ok(tag.get([u1, u2, u3]))["result"] == {u1: ["帅哥", "北京"], u2: ["vip"], u3: ["vip"]}
    assert_rongcloud_error(error_body(tag.get(unique("ghost"))), 1003, "用户不存在")


def test_conversation_notification(rc, easemob):
    u1, u2 = register(rc, 2)
    notification = rc.get_conversation().get_notification()
    assert ok(notification.get(1, u1, u2))["isMuted"] == 0
    ok(notification.set(1, u1, u2, 1))
    assert ok(notification.get(1, u1, u2))["isMuted"] == 1
    # The Easemob door's per-conversation push setting of the same user.
    assert easemob_get(easemob, f"/users/{u1}/notification/user/{u2}")["data"]["type"] == "NONE"
    ok(notification.set(1, u1, u2, 0))
    assert ok(notification.get(1, u1, u2))["isMuted"] == 0

    group_id = unique("g")
    ok(rc.get_group().create([u1], group_id, "Quiet"))
    ok(notification.set(3, u1, group_id, 1))
    assert ok(notification.get(3, u1, group_id))["isMuted"] == 1
    assert_rongcloud_error(error_body(notification.get(3, u1, unique("nope"))), 1012, "群组不存在")


def test_sensitive_words(rc):
    sensitive = rc.get_sensitive()
    ok(sensitive.add("黄赌毒", "***"))
    ok(sensitive.add("qqq"))
    assert ok(sensitive.query(2))["words"] == [
        {"type": "0", "word": "黄赌毒", "replaceWord": "***"},
        {"type": "1", "word": "qqq", "replaceWord": ""},
    ]
    assert [entry["word"] for entry in ok(sensitive.query())["words"]] == ["qqq"]
    assert [entry["word"] for entry in ok(sensitive.query(0))["words"]] == ["黄赌毒"]
    # One word goes to /sensitiveword/delete.json (as `word=['qqq']`), several to the batch delete.
    ok(sensitive.remove("qqq"))
    assert [entry["word"] for entry in ok(sensitive.query(2))["words"]] == ["黄赌毒"]
    ok(sensitive.add("abc"))
    ok(sensitive.remove(["黄赌毒", "abc"]))
    assert ok(sensitive.query(2))["words"] == []


# rongcloud 2.0.1


def status_ok(reply) -> dict:
    assert reply.status == 200, reply.response.text
    assert reply.result["code"] == 200, reply.result
    return reply.result


def test_legacy_sdk_groups(rc2, rc):
    u1, u2 = register(rc, 2)
    group_id = unique("old")
    status_ok(rc2.Group.create(userId=[u1], groupId=group_id, groupName="Old Group"))
    status_ok(rc2.Group.join(userId=u2, groupId=group_id, groupName="Old Group"))
    assert status_ok(rc2.Group.queryUser(groupId=group_id))["users"] == [{"id": u1}, {"id": u2}]
    status_ok(rc2.Group.refresh(groupId=group_id, groupName="Renamed"))
    assert ok(rc.get_group().query_user_group(u2))["groups"] == [{"id": group_id, "name": "Renamed"}]

    status_ok(rc2.Group.addGagUser(userId=u2, groupId=group_id, minute=5))
    assert [entry["userId"] for entry in status_ok(rc2.Group.lisGagUser(groupId=group_id))["users"]] == [u2]
    status_ok(rc2.Group.rollBackGagUser(userId=u2, groupId=group_id))
    assert status_ok(rc2.Group.lisGagUser(groupId=group_id))["users"] == []

    synced = unique("old")
    status_ok(rc2.Group.sync(userId=u2, groupInfo=[(group_id, "Renamed"), (synced, "Synced")]))
    assert sorted(entry["id"] for entry in ok(rc.get_group().query_user_group(u2))["groups"]) == sorted(
        [group_id, synced])

    status_ok(rc2.Group.quit(userId=u2, groupId=group_id))
    missing = rc2.Group.quit(userId=u2, groupId=group_id)
    assert missing.status == 400
    assert_rongcloud_error(missing.result, 1011, "用户未加入群组")
    status_ok(rc2.Group.dismiss(userId=u1, groupId=group_id))
    gone = rc2.Group.queryUser(groupId=group_id)
    assert gone.status == 404
    assert_rongcloud_error(gone.result, 1012, "群组不存在")


def test_legacy_sdk_chatrooms(rc2, rc):
    u1, u2 = register(rc, 2)
    room = unique("oldroom")
    status_ok(rc2.Chatroom.create(chatRoomInfo=[(room, "Old Room")]))
    status_ok(rc2.Chatroom.join(userId=[u1, u2], chatroomId=room))
    rooms = status_ok(rc2.Chatroom.query(chatroomId=[room]))["chatRooms"]
    assert [(entry["chrmId"], entry["name"]) for entry in rooms] == [(room, "Old Room")]
    listed = status_ok(rc2.Chatroom.queryUser(chatroomId=room, count=10, order=2))
    assert listed["total"] == 2
    assert [entry["id"] for entry in listed["users"]] == [u2, u1]

    status_ok(rc2.Chatroom.addGagUser(userId=u1, chatroomId=room, minute=5))
    assert [entry["userId"] for entry in status_ok(rc2.Chatroom.ListGagUser(chatroomId=room))["users"]] == [u1]
    status_ok(rc2.Chatroom.rollbackGagUser(userId=u1, chatroomId=room))
    status_ok(rc2.Chatroom.addBlockUser(userId=u2, chatroomId=room, minute=5))
    assert [entry["userId"] for entry in status_ok(rc2.Chatroom.getListBlockUser(chatroomId=room))["users"]] == [u2]
    status_ok(rc2.Chatroom.rollbackBlockUser(userId=u2, chatroomId=room))
    assert status_ok(rc2.Chatroom.getListBlockUser(chatroomId=room))["users"] == []

    status_ok(rc2.Chatroom.stopDistributionMessage(chatroomId=room))
    status_ok(rc2.Chatroom.resumeDistributionMessage(chatroomId=room))
    status_ok(rc2.Chatroom.addPriority(objectName=["RC:LBSMsg"]))
    assert "RC:LBSMsg" in ok(rc.get_chatroom().get_message().get_priority().query())["objectNames"]
    status_ok(rc2.Chatroom.addWhiteListUser(chatroomId=room, userId=[u1]))
    assert ok(rc.get_chatroom().get_user().get_whitelist().query(room))["users"] == [u1]

    status_ok(rc2.Chatroom.destroy(chatroomId=room))
    gone = rc2.Chatroom.query(chatroomId=[room])
    assert gone.status == 404
    assert_rongcloud_error(gone.result, 1016, "聊天室不存在")


def test_legacy_sdk_wordfilter(rc2, rc):
    status_ok(rc2.Wordfilter.add(word="money"))
    words = status_ok(rc2.Wordfilter.getList())["words"]
    assert {"type": "1", "word": "money", "replaceWord": ""} in words
    assert "money" in [entry["word"] for entry in ok(rc.get_sensitive().query(1))["words"]]
    status_ok(rc2.Wordfilter.delete(word="money"))
    assert "money" not in [entry["word"] for entry in status_ok(rc2.Wordfilter.getList())["words"]]
