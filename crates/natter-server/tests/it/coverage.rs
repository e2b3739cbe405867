//! REST coverage: every endpoint of the two Easemob references (users-messages §1–§11, groups-chatrooms
//! §0.6 and §2–§7) and every REST call the official Web SDK makes (SDK-REST.md) is asked of a running
//! server with an app token. A routed endpoint may refuse the request (404 user not found, 400 bad body…),
//! but it must not answer the dialect's unknown-path reply (404 `请求路径不存在` / `url is invalid`) nor the
//! wrong-method reply (405 `unsupported_service_operation`): those mean no route serves it.
//!
//! Endpoints that are deliberately not served are listed as [`Missing`] with the reason, and the test checks
//! that they still answer the unknown-path or wrong-method reply, so that the list stays true both ways.

use crate::TestServer;
use natter_core::{NewUser, UserName};
use natter_server::ServerConfig;
use natter_server::token::{Claims, Subject};

/// Whether an endpoint is served, and if not, why.
#[derive(Clone, Copy, Debug)]
enum Expect {
    Routed,
    /// Not served, for the reason given.
    Missing(&'static str),
}

use Expect::{Missing, Routed};

/// One (method, path) with where it is documented. Paths are under `/acme/chat` unless they start with
/// `//` (then they are absolute, after the first slash).
struct Endpoint {
    method: &'static str,
    path: &'static str,
    source: &'static str,
    expect: Expect,
}

const fn e(method: &'static str, path: &'static str, source: &'static str) -> Endpoint {
    Endpoint {
        method,
        path,
        source,
        expect: Routed,
    }
}

const fn missing(
    method: &'static str,
    path: &'static str,
    source: &'static str,
    reason: &'static str,
) -> Endpoint {
    Endpoint {
        method,
        path,
        source,
        expect: Missing(reason),
    }
}

/// Placeholders: users `alice` and `bob` (they exist), group `1000`, room `2000`, thread `3000`, message
/// `123`, file `0ffe2d80-0000-0000-0000-000000000000`, template `tpl` (none of these exists: the endpoints
/// refuse, which is enough to tell a route from no route).
const USERS_MESSAGES: &[Endpoint] = &[
    // §1 tokens
    e("POST", "/token", "UM 1.1-1.3"),
    // §2 users
    e("POST", "/users", "UM 2.1-2.3"),
    e("GET", "/users/alice", "UM 2.4"),
    e("GET", "/users?limit=2", "UM 2.5"),
    // Not alice: the later calls need her.
    e("DELETE", "/users/erin", "UM 2.6"),
    e("DELETE", "/users?limit=1", "UM 2.7"),
    e("PUT", "/users/alice/password", "UM 2.8"),
    e("POST", "/users/alice/deactivate", "UM 2.9"),
    e("POST", "/users/alice/activate", "UM 2.10"),
    e("GET", "/users/alice/disconnect", "UM 2.11"),
    e("DELETE", "/users/alice/disconnect/android_123", "UM 2.12"),
    e("GET", "/users/alice/status", "UM 2.13"),
    e("POST", "/users/batch/status", "UM 2.14"),
    e("GET", "/users/alice/resources", "UM 2.15"),
    e("GET", "/users/alice/offline_msg_count", "UM 2.16"),
    e("GET", "/users/alice/offline_msg_status/123", "UM 2.17"),
    e("POST", "/mutes", "UM 2.18.1"),
    e("GET", "/mutes/alice", "UM 2.18.2"),
    e("GET", "/mutes?pageNum=1&pageSize=10", "UM 2.18.3"),
    // §3 user attributes
    e("PUT", "/metadata/user/alice", "UM 3.1"),
    e("GET", "/metadata/user/alice", "UM 3.2"),
    e("POST", "/metadata/user/get", "UM 3.3"),
    e("GET", "/metadata/user/capacity", "UM 3.4"),
    e("DELETE", "/metadata/user/alice", "UM 3.5"),
    // §4 contacts and blocklist
    e("POST", "/users/alice/contacts/users/bob", "UM 4.1"),
    e("DELETE", "/users/alice/contacts/users/bob", "UM 4.2"),
    e("POST", "/contacts/check", "UM 4.3"),
    e("DELETE", "/contacts/users/alice", "UM 4.4"),
    e("PUT", "/user/alice/contacts/users/bob", "UM 4.5"),
    e("GET", "/user/alice/contacts?limit=10", "UM 4.6"),
    e("GET", "/users/alice/contacts/users", "UM 4.7"),
    e("POST", "/users/alice/contacts/import", "UM 4.8"),
    e("POST", "/users/alice/blocks/users", "UM 4.9"),
    e("GET", "/users/alice/blocks/users", "UM 4.10"),
    e("DELETE", "/users/alice/blocks/users/bob", "UM 4.11"),
    e("POST", "/blocks/check", "UM 4.12"),
    // §5 messages
    e("POST", "/messages/users", "UM 5.1"),
    e("POST", "/messages/chatgroups", "UM 5.2"),
    e("POST", "/messages/chatgroups/users", "UM 5.3"),
    e("POST", "/messages/chatrooms", "UM 5.4"),
    e("POST", "/messages/chatrooms/users", "UM 5.5"),
    e("POST", "/messages/chatrooms/broadcast", "UM 5.6"),
    e("POST", "/messages/broadcast", "UM 5.7"),
    e("POST", "/messages/users/broadcast", "UM 5.8"),
    e("POST", "/messages/msg_recall", "UM 5.9"),
    e("POST", "/messages/batch_recall", "UM 5.10"),
    e("DELETE", "/users/alice/user_channel", "UM 5.11"),
    e(
        "DELETE",
        "/rest/message/roaming/chat/user/alice?userId=bob&msgIdList=1",
        "UM 5.12a",
    ),
    e(
        "DELETE",
        "/rest/message/roaming/group/user/alice?groupId=1000&msgIdList=1",
        "UM 5.12b",
    ),
    e("POST", "/rest/message/roaming/user/alice/delete/all", "UM 5.12c"),
    e(
        "DELETE",
        "/rest/message/roaming/chat/user/alice/time?userId=bob&delTime=1",
        "UM 5.12d",
    ),
    e(
        "DELETE",
        "/rest/message/roaming/group/user/alice/time?groupId=1000&delTime=1",
        "UM 5.12e",
    ),
    e("PUT", "/messages/rewrite/123", "UM 5.13"),
    e("POST", "/messages/users/import", "UM 5.14"),
    e("POST", "/messages/chatgroups/import", "UM 5.15"),
    e("GET", "/chatmessages/2024010112", "UM 5.16"),
    e(
        "GET",
        "/chatmessages/2024010112/file?Expires=1&Signature=x",
        "UM 5.16 (the file URL)",
    ),
    // §6 files
    e("POST", "/chatfiles", "UM 6.1"),
    e(
        "GET",
        "/chatfiles/0ffe2d80-0000-0000-0000-000000000000",
        "UM 6.2/6.3",
    ),
    // §7 presence
    e("POST", "/users/alice/presence/android_123/1", "UM 7.1"),
    e("POST", "/users/alice/presence/3600", "UM 7.2"),
    e("POST", "/users/alice/presence", "UM 7.3"),
    e("GET", "/presence/online/1000/type/1", "UM 7.4"),
    e("DELETE", "/users/alice/presence", "UM 7.5"),
    e(
        "GET",
        "/users/alice/presence/sublist?pageNum=1&pageSize=10",
        "UM 7.6",
    ),
    // §8 reactions
    e("POST", "/reaction/user/alice", "UM 8.1"),
    e("GET", "/reaction/user/alice?msgIdList=1&msgType=chat", "UM 8.2"),
    e("DELETE", "/reaction/user/alice?msgId=1&message=x", "UM 8.3"),
    e("GET", "/reaction/user/alice/detail?msgId=1&message=x", "UM 8.4"),
    // §9 push
    e("PUT", "/users/alice/push/binding", "UM 9.1"),
    e("GET", "/users/alice/push/binding", "UM 9.2"),
    e("PUT", "/users/alice", "UM 9.3/9.5/9.11"),
    e("PUT", "/push/nickname", "UM 9.4"),
    e("PUT", "/users/alice/notification/user/bob", "UM 9.6"),
    e("GET", "/users/alice/notification/chatgroup/1000", "UM 9.7"),
    e("PUT", "/users/alice/notification/language", "UM 9.8"),
    e("GET", "/users/alice/notification/language", "UM 9.8"),
    e("POST", "/notification/template", "UM 9.9"),
    e("GET", "/notification/template/tpl", "UM 9.9"),
    e("DELETE", "/notification/template/tpl", "UM 9.9"),
    e("PUT", "/notification/template/tpl", "UM 9.9"),
    e("PUT", "/users/alice/notification/template", "UM 9.10"),
    e("GET", "/users/alice/notification/template", "UM 9.10"),
    // §11 / §13: the rate tables' spellings of three endpoints
    e("POST", "/users/alice/password", "UM 11, 13.1"),
    e("POST", "/messages/recall", "UM 11, 13.2"),
    e(
        "POST",
        "/rest/message/roaming/chat/user/alice/time?userId=bob&delTime=1",
        "UM 11, 13.3",
    ),
    e(
        "POST",
        "/rest/message/roaming/group/user/alice/time?groupId=1000&delTime=1",
        "UM 11, 13.3",
    ),
];

const GROUPS_CHATROOMS: &[Endpoint] = &[
    // §2 groups
    e("POST", "/chatgroups", "GR G1"),
    e("POST", "/chatgroups/1000/disable", "GR G2"),
    e("POST", "/chatgroups/1000/enable", "GR G3"),
    e("PUT", "/chatgroups/1000", "GR G4/M9"),
    e("GET", "/chatgroups?limit=10", "GR G5"),
    e("GET", "/chatgroups/user/alice?pagesize=5&pagenum=1", "GR G6"),
    e("GET", "/chatgroups/1000/user/alice/is_joined", "GR G7"),
    e("POST", "/chatgroups/1000/user/alice/is_joined", "GR G7, §8.1"),
    e("GET", "/chatgroups/1000,1001", "GR G8"),
    e("DELETE", "/chatgroups/1000", "GR G9"),
    e("GET", "/chatgroups/1000/announcement", "GR G10"),
    e("POST", "/chatgroups/1000/announcement", "GR G11"),
    e("GET", "/chatgroups/1000/share_files", "GR G12"),
    e("POST", "/chatgroups/1000/share_files", "GR G13"),
    e(
        "GET",
        "/chatgroups/1000/share_files/0ffe2d80-0000-0000-0000-000000000000",
        "GR G14",
    ),
    e(
        "DELETE",
        "/chatgroups/1000/share_files/0ffe2d80-0000-0000-0000-000000000000",
        "GR G15",
    ),
    // §3 members
    e("GET", "/chatgroups/1000/users?pagenum=1&pagesize=10", "GR M1"),
    e("POST", "/chatgroups/1000/users/alice", "GR M2"),
    e("POST", "/chatgroups/1000/users", "GR M3"),
    e("DELETE", "/chatgroups/1000/users/alice", "GR M4"),
    e("DELETE", "/chatgroups/1000/users/alice,bob", "GR M5"),
    e("GET", "/chatgroups/1000/admin", "GR M6"),
    e("POST", "/chatgroups/1000/admin", "GR M7"),
    e("DELETE", "/chatgroups/1000/admin/alice", "GR M8"),
    e("GET", "/chatgroups/1000/blocks/users", "GR M10"),
    e("POST", "/chatgroups/1000/blocks/users/alice", "GR M11"),
    e("POST", "/chatgroups/1000/blocks/users", "GR M12"),
    e("DELETE", "/chatgroups/1000/blocks/users/alice", "GR M13"),
    e("DELETE", "/chatgroups/1000/blocks/users/alice%2Cbob", "GR M14"),
    e("GET", "/chatgroups/1000/mute", "GR M15"),
    e("POST", "/chatgroups/1000/mute", "GR M16"),
    e("DELETE", "/chatgroups/1000/mute/alice,bob", "GR M17"),
    e("POST", "/chatgroups/1000/ban", "GR M18"),
    e("DELETE", "/chatgroups/1000/ban", "GR M19"),
    e("GET", "/chatgroups/1000/white/users", "GR M20"),
    e("POST", "/chatgroups/1000/white/users/alice", "GR M21"),
    e("POST", "/chatgroups/1000/white/users", "GR M22"),
    e("DELETE", "/chatgroups/1000/white/users/alice,bob", "GR M23"),
    e("PUT", "/metadata/chatgroup/1000/user/alice", "GR A1"),
    e("PUT", "/metadata/chatgroup/1000/users/batch", "GR A2"),
    e("GET", "/metadata/chatgroup/1000/user/alice", "GR A3"),
    e("POST", "/metadata/chatgroup/1000/get", "GR A4"),
    // §4 threads
    e("POST", "/thread", "GR T1"),
    e("PUT", "/thread/3000", "GR T2"),
    e("DELETE", "/thread/3000", "GR T3"),
    e("GET", "/thread?limit=10", "GR T4"),
    e("GET", "/threads/user/alice", "GR T5"),
    e("GET", "/threads/chatgroups/1000/user/alice", "GR T6"),
    e("GET", "/thread/3000/users", "GR T7"),
    e("POST", "/thread/3000/users", "GR T8"),
    e("DELETE", "/thread/3000/users", "GR T9"),
    // §5 chat room super admins
    e("POST", "/chatrooms/super_admin", "GR S1"),
    e("GET", "/chatrooms/super_admin?pagenum=1&pagesize=10", "GR S2"),
    e("DELETE", "/chatrooms/super_admin/alice", "GR S3"),
    // §6 chat rooms
    e("POST", "/chatrooms", "GR R1"),
    e("GET", "/chatrooms?limit=10", "GR R2"),
    e("GET", "/users/alice/joined_chatrooms", "GR R3"),
    e("GET", "/chatrooms/2000,2001", "GR R4"),
    e("PUT", "/chatrooms/2000", "GR R5/R6"),
    e("DELETE", "/chatrooms/2000", "GR R7"),
    e("GET", "/chatrooms/2000/announcement", "GR R8"),
    e("POST", "/chatrooms/2000/announcement", "GR R9"),
    e("PUT", "/metadata/chatroom/2000/user/alice", "GR K1"),
    e("PUT", "/metadata/chatroom/2000/user/alice/forced", "GR K2"),
    e("POST", "/metadata/chatroom/2000", "GR K3"),
    e("DELETE", "/metadata/chatroom/2000/user/alice", "GR K4"),
    e("DELETE", "/metadata/chatroom/2000/user/alice/forced", "GR K5"),
    // §7 chat room members
    e("GET", "/chatrooms/2000/users?pagenum=1&pagesize=10", "GR C1"),
    e("POST", "/chatrooms/2000/users/alice", "GR C2"),
    e("POST", "/chatrooms/2000/users", "GR C3"),
    e("DELETE", "/chatrooms/2000/users/alice", "GR C4"),
    e("DELETE", "/chatrooms/2000/users/alice%2Cbob", "GR C5"),
    e("GET", "/chatrooms/2000/admin", "GR C6"),
    e("POST", "/chatrooms/2000/admin", "GR C7"),
    e("DELETE", "/chatrooms/2000/admin/alice", "GR C8"),
    e("GET", "/chatrooms/2000/mute", "GR C9"),
    e("POST", "/chatrooms/2000/mute", "GR C10"),
    e("DELETE", "/chatrooms/2000/mute/alice%2Cbob", "GR C11"),
    e("POST", "/chatrooms/2000/ban", "GR C12"),
    e("DELETE", "/chatrooms/2000/ban", "GR C13"),
    e("PUT", "/chatrooms/2000/tag/mute", "GR C14"),
    e("PUT", "/chatrooms/2000/users/alice/tag", "GR C15"),
    e("GET", "/chatrooms/2000/users/alice/tag", "GR C16"),
    e("GET", "/chatrooms/2000/white/users", "GR C17"),
    e("POST", "/chatrooms/2000/white/users/alice", "GR C18"),
    e("POST", "/chatrooms/2000/white/users", "GR C19"),
    e("DELETE", "/chatrooms/2000/white/users/alice,bob", "GR C20"),
    e("GET", "/chatrooms/2000/blocks/users", "GR C21"),
    e("POST", "/chatrooms/2000/blocks/users/alice", "GR C22"),
    e("POST", "/chatrooms/2000/blocks/users", "GR C23"),
    e("DELETE", "/chatrooms/2000/blocks/users/alice", "GR C24"),
    e("DELETE", "/chatrooms/2000/blocks/users/alice%2Cbob", "GR C25"),
];

/// The calls of `easemob-websdk` 4.21.1 / `agora-chat` 1.4.0 (SDK-REST.md §2–§3) that the two lists above
/// do not already name.
const WEB_SDK: &[Endpoint] = &[
    // §2.1, §3.1
    e("GET", "/sdk/users/alice/token/expires", "SDK 2.1"),
    missing(
        "POST",
        "/sdk/users/alice/client/logs",
        "SDK 3.1",
        "sent only when the vendor's DNS answer sets enableReportLogs, which Natter's clients (isHttpDNS: false) never get",
    ),
    // §2.2–2.4 conversations and roaming
    e("POST", "/users/alice/messageroaming", "SDK 2.2"),
    e(
        "GET",
        "/sdk/user/alice/user_channels/list?&limit=20&cursor=&need_mark=true",
        "SDK 2.3",
    ),
    e(
        "GET",
        "/sdk/user/alice/user_channels/mark/search?&limit=10&cursor=&need_mark=true&mark=mark_0",
        "SDK 2.3",
    ),
    e("GET", "/users/alice/user_channels", "SDK 2.3.5"),
    e(
        "GET",
        "/users/alice/user_channels/page?pageNum=1&pageSize=10",
        "SDK 2.3.5",
    ),
    e("DELETE", "/user/alice/user_channel", "SDK 2.4"),
    e("POST", "/sdk/user/alice/user_channel/top", "SDK 2.4"),
    e(
        "DELETE",
        "/sdk/user/alice/user_channel/top?type=chat&to=bob",
        "SDK 2.4",
    ),
    e("POST", "/sdk/user/alice/user_channels/mark", "SDK 2.4"),
    e("DELETE", "/sdk/user/alice/user_channels/mark", "SDK 2.4"),
    e("POST", "/sdk/user/alice/user_channel/pin", "SDK 2.4"),
    e("DELETE", "/sdk/user/alice/user_channel/pin", "SDK 2.4"),
    e(
        "GET",
        "/sdk/user/alice/user_channel/pin?to=bob&type=chat&limit=10&cursor=",
        "SDK 2.4",
    ),
    e(
        "DELETE",
        "/sdk/message/roaming/chat/user/alice?userId=bob&msgIdList=1",
        "SDK 2.4",
    ),
    e(
        "DELETE",
        "/sdk/message/roaming/group/user/alice?groupId=1000&msgIdList=1",
        "SDK 2.4",
    ),
    e(
        "DELETE",
        "/sdk/message/roaming/chat/user/alice/time?userId=bob&delTime=1",
        "SDK 2.4",
    ),
    e(
        "DELETE",
        "/sdk/message/roaming/group/user/alice/time?groupId=1000&delTime=1",
        "SDK 2.4",
    ),
    e("POST", "/sdk/message/roaming/user/alice/delete/all", "SDK 2.4"),
    // §3.3 contacts
    e("POST", "/users/alice/contacts/apply", "SDK 3.3"),
    e("POST", "/users/alice/contacts/accept/users/bob", "SDK 3.3"),
    e("POST", "/users/alice/contacts/decline/users/bob", "SDK 3.3"),
    e(
        "GET",
        "/users/alice/contacts?needReturnRemark=true&limit=10&cursor=",
        "SDK 3.3",
    ),
    e("PUT", "/users/alice/contacts/users/bob", "SDK 3.3"),
    e("POST", "/sdk/user/alice/blocks", "SDK 3.3"),
    e("DELETE", "/sdk/user/alice/blocks", "SDK 3.3"),
    // §3.5 message extras
    missing(
        "POST",
        "/user/alice/moderation/report/message/123",
        "SDK 3.5",
        "message reports go to a moderation console, which Natter does not have yet",
    ),
    missing(
        "GET",
        "/users/alice/translate/support/language",
        "SDK 3.5",
        "machine translation needs a translation engine; Natter has none to offer",
    ),
    missing(
        "POST",
        "/users/alice/translate",
        "SDK 3.5",
        "machine translation needs a translation engine; Natter has none to offer",
    ),
    missing(
        "POST",
        "//api/sdk/v1/acme/chat/speech/transcriptions",
        "SDK 3.5",
        "speech-to-text needs a speech recognition engine; Natter has none to offer",
    ),
    missing(
        "POST",
        "//api/sdk/v1/acme/chat/speech/recognitions",
        "SDK 3.5",
        "speech-to-text needs a speech recognition engine; Natter has none to offer",
    ),
    // §3.6 groups
    e(
        "GET",
        "/users/alice/joined_chatgroups?pagenum=0&pagesize=20",
        "SDK 3.6",
    ),
    e("GET", "/publicchatgroups?limit=10", "SDK 3.6"),
    e("DELETE", "/chatgroups/1000/quit", "SDK 3.6"),
    e("POST", "/chatgroups/1000/invite", "SDK 3.6"),
    e("POST", "/chatgroups/1000/apply", "SDK 3.6"),
    e("POST", "/chatgroups/1000/apply_verify", "SDK 3.6"),
    e("POST", "/chatgroups/1000/invite_verify", "SDK 3.6"),
    missing(
        "POST",
        "/chatgroups/1000/shield",
        "SDK 3.6",
        "blocking a group's messages for one member changes group delivery in the message pipeline; not built yet",
    ),
    missing(
        "DELETE",
        "/chatgroups/1000/shield",
        "SDK 3.6",
        "blocking a group's messages for one member changes group delivery in the message pipeline; not built yet",
    ),
    e("GET", "/chatgroups/user/alice/joined_count", "SDK 3.6"),
    missing(
        "GET",
        "/chatgroups/1000/acks/123?limit=500&key=undefined",
        "SDK 3.6",
        "group read receipts need the pipeline to keep each member's read acks of a group message; not built yet",
    ),
    // §3.7–3.8 group members and attributes
    e(
        "GET",
        "/chatgroups/1000/users?cursor=undefined&limit=50&joined_time=true",
        "SDK 3.7",
    ),
    e("GET", "/sdk/chatgroups/1000/mute/alice", "SDK 3.7"),
    e("GET", "/chatgroups/1000/white/users/alice", "SDK 3.7"),
    e("PUT", "/sdk/metadata/chatgroup/1000/user/alice", "SDK 3.8"),
    e("POST", "/sdk/metadata/chatgroup/1000/get", "SDK 3.8"),
    // §3.9 threads
    e("POST", "/thread/3000/user/alice/join", "SDK 3.9"),
    e("DELETE", "/thread/3000/user/alice/quit", "SDK 3.9"),
    e("DELETE", "/thread/3000/users/alice", "SDK 3.9"),
    e("GET", "/threads/chatgroups/1000?cursor=&limit=20", "SDK 3.9"),
    missing(
        "POST",
        "/thread/message",
        "SDK 3.9",
        "the last message of threads needs thread timelines in the message store; not built yet",
    ),
    e("GET", "/thread/3000", "SDK 3.9"),
    // §3.10 chat rooms
    e("GET", "/chatrooms?pagenum=1&pagesize=20", "SDK 3.10"),
    e("GET", "/sdk/chatrooms/2000/mute/alice", "SDK 3.10"),
    e("GET", "/chatrooms/2000/white/users/alice", "SDK 3.10"),
    e("POST", "/chatrooms/2000/share_files", "SDK 3.10"),
    e("GET", "/chatrooms/2000/share_files", "SDK 3.10"),
    e(
        "DELETE",
        "/chatrooms/2000/share_files/0ffe2d80-0000-0000-0000-000000000000",
        "SDK 3.10",
    ),
    e(
        "GET",
        "/chatrooms/2000/share_files/0ffe2d80-0000-0000-0000-000000000000",
        "SDK 3.10 (download, as for groups)",
    ),
    // §3.12 push
    e("GET", "/users/alice/notification?user=bob&group=1000", "SDK 3.12"),
    e("GET", "/users/alice/notification/mute/type?limit=10", "SDK 3.12"),
    // §3.13 files
    missing(
        "POST",
        "/sdk/chatfiles/part-upload",
        "SDK 3.13",
        "not offered (files.rs): a failed init makes the SDK fall back to the single POST /chatfiles (ERRORS.md §2.6), which takes files up to the file limit",
    ),
    missing(
        "PUT",
        "/sdk/chatfiles/part-upload/0ffe2d80-0000-0000-0000-000000000000",
        "SDK 3.13",
        "not offered (files.rs): a failed init makes the SDK fall back to the single POST /chatfiles (ERRORS.md §2.6), which takes files up to the file limit",
    ),
    missing(
        "POST",
        "/sdk/chatfiles/part-upload/0ffe2d80-0000-0000-0000-000000000000",
        "SDK 3.13",
        "not offered (files.rs): a failed init makes the SDK fall back to the single POST /chatfiles (ERRORS.md §2.6), which takes files up to the file limit",
    ),
    missing(
        "DELETE",
        "/sdk/chatfiles/part-upload/0ffe2d80-0000-0000-0000-000000000000",
        "SDK 3.13",
        "not offered (files.rs): a failed init makes the SDK fall back to the single POST /chatfiles (ERRORS.md §2.6), which takes files up to the file limit",
    ),
    // §3.14 miscellaneous
    missing(
        "GET",
        "/users/alice/token/rtc?channelName=*",
        "SDK 3.14",
        "an Agora RTC token is signed with an Agora RTC app certificate for Agora's media servers; Natter has no RTC service",
    ),
    missing(
        "POST",
        "/rtc_mapper/batch/get",
        "SDK 3.14",
        "maps Agora RTC uids to users, which only exist with an RTC service",
    ),
];

/// Is this reply the dialect's "no such route" (unknown path, or a known path without this method)?
fn is_unrouted(status: u16, body: &serde_json::Value) -> bool {
    (status == 404 && body["error"] == "请求路径不存在" && body["error_description"] == "url is invalid")
        || (status == 405 && body["error"] == "unsupported_service_operation")
}

#[tokio::test]
async fn every_documented_and_sdk_endpoint_is_routed() {
    // Rate limits count per app and endpoint group; 300 calls in a row would meet them.
    let mut config = ServerConfig::default();
    config.rate_limits.enabled = false;
    let server = TestServer::start_with(config).await;
    // alice and bob exist: some handlers check the user before they read the rest of the path, and a path
    // they cannot serve would hide behind the user's 404. `old` is the oldest, for `DELETE /users?limit=1`.
    let users = ["old", "alice", "bob"]
        .iter()
        .map(|name| NewUser {
            username: UserName::lookup(name).expect("valid id"),
            uuid: format!("uuid-{name}"),
            password_hash: "not-a-hash".into(),
            nickname: None,
            created_ms: 1_700_000_000_000,
        })
        .collect();
    server
        .state
        .store
        .create_users(server.app.id, users)
        .await
        .expect("users");
    let token = server.signer.issue(&Claims {
        app_id: server.app.id,
        subject: Subject::App,
        issued_ms: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .as_millis() as i64,
        expires_ms: None,
    });
    let mut wrong = Vec::new();
    let mut routed = 0usize;
    for endpoint in USERS_MESSAGES.iter().chain(GROUPS_CHATROOMS).chain(WEB_SDK) {
        let url = match endpoint.path.strip_prefix("//") {
            Some(absolute) => server.url(&format!("/{absolute}")),
            None => server.url(&format!("/acme/chat{}", endpoint.path)),
        };
        let method = reqwest::Method::from_bytes(endpoint.method.as_bytes()).expect("method");
        let mut request = server.http.request(method.clone(), url).bearer_auth(&token);
        if method != reqwest::Method::GET {
            request = request.header("content-type", "application/json").body("{}");
        }
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        let text = response.text().await.expect("body");
        let body: serde_json::Value = serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
        let unrouted = is_unrouted(status, &body);
        match endpoint.expect {
            Routed if unrouted => wrong.push(format!(
                "{} {} ({}): not routed: {status} {text}",
                endpoint.method, endpoint.path, endpoint.source
            )),
            Routed => routed += 1,
            Missing(reason) if !unrouted => wrong.push(format!(
                "{} {} ({}): listed as missing ({reason}) but answered {status} {text}",
                endpoint.method, endpoint.path, endpoint.source
            )),
            Missing(_) => {}
        }
    }
    assert!(wrong.is_empty(), "{} wrong:\n{}", wrong.len(), wrong.join("\n"));
    // Every entry is asked once: a repeated (method, path) would hide a missing one behind its twin.
    let mut seen = std::collections::BTreeSet::new();
    for endpoint in USERS_MESSAGES.iter().chain(GROUPS_CHATROOMS).chain(WEB_SDK) {
        assert!(
            seen.insert((endpoint.method, endpoint.path)),
            "{} {} listed twice",
            endpoint.method,
            endpoint.path
        );
    }
    assert!(routed >= 200, "{routed} routed endpoints");
}
