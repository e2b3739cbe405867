//! msync: the `Status.ErrorCode` values, the `(error_code, reason)` replies the official Web SDK matches, and
//! the `StatisticsBody` kick operations.
//!
//! Sources: the SDK's protobuf schema (`easemob_websdk_4.21.1.pbjson.json`, `Status.ErrorCode`) and
//! `reference/msync/ERRORS.md`: §1.1 (the Provision reply at login), §1.2 (kicks) and §1.4 (per-request acks).
//! The same `(error_code, reason)` can mean different things at login and in an ack; both rows are kept and
//! told apart by their source. Where the SDK matches "any" reason or a substring, one representative row is
//! listed, with the documented substring (or `""` for "any") as its reason; its explanation says so.

use crate::Entry;

const SCHEMA: &str = "msync schema";
const LOGIN: &str = "msync ERRORS.md §1.1";
const KICK: &str = "msync ERRORS.md §1.2";
const ACK: &str = "msync ERRORS.md §1.4";

/// A Provision reply of §1.1.
const fn login(code: i64, name: &'static str, reason: &'static str, web_sdk_code: i64) -> Entry {
    Entry::msync_reply(code, name, reason, web_sdk_code).source(LOGIN)
}

/// An ack of §1.4.
const fn ack(code: i64, name: &'static str, reason: &'static str, web_sdk_code: i64) -> Entry {
    Entry::msync_reply(code, name, reason, web_sdk_code).source(ACK)
}

/// A kick of §1.2.
const fn kick(operation: i64, name: &'static str, sdk_message: &'static str, web_sdk_code: i64) -> Entry {
    Entry::msync_kick(operation, name, sdk_message, web_sdk_code).source(KICK)
}

/// The rows of this dialect: the codes, the login replies, the kicks, then the acks.
pub static MSYNC: &[Entry] = &[
    // Status.ErrorCode (schema), plus RESOURCE_CHANGED from the SDK's JS enum.
    Entry::msync_code(0, "OK").source(SCHEMA).explain(
        "Success. Natter sets `status{error_code: OK}` explicitly in every Provision reply and every CommSyncDL \
         ack: a reply without `status` leaves the SDK waiting forever. Acks for the client's STATISTIC metas are \
         always OK.",
    ),
    Entry::msync_code(1, "FAIL").source(SCHEMA).explain(
        "Generic failure whose `reason` string selects the SDK's error. Natter's usual error code: it always \
         pairs FAIL with one of the catalogued reasons. An unrecognised reason means 2 \"Auth failed\" at login \
         and 503 in an ack.",
    ),
    Entry::msync_code(2, "UNAUTHORIZED").source(SCHEMA).explain(
        "The connection's credentials were not accepted. At login the SDK reports 2 \"Auth failed\" whatever \
         the reason; in an ack it is 604 with the reason as message. Natter sends it at login when no more \
         specific FAIL reason fits.",
    ),
    Entry::msync_code(3, "MISSING_PARAMETER").source(SCHEMA).explain(
        "A required field of the request was absent. Natter sends it for frames it cannot act on because a \
         field is missing; the SDK reports 2 (message = reason) at login and 604 in an ack.",
    ),
    Entry::msync_code(4, "WRONG_PARAMETER").source(SCHEMA).explain(
        "A field of the request had an invalid value. At login the SDK reports -3 \"Invalid parameter\"; in an \
         ack it reports 604. For a malformed group ID in an ack Natter prefers FAIL + `group ID illegal, please \
         check it`, which gives -3.",
    ),
    Entry::msync_code(5, "REDIRECT").source(SCHEMA).explain(
        "Tells the client to reconnect elsewhere (`Status.redirect_info` host and port). The Web SDK does not \
         follow it: 2 at login, 604 in an ack. Natter does not send it.",
    ),
    Entry::msync_code(6, "TOKEN_EXPIRED").source(SCHEMA).explain(
        "The token has expired. The Web SDK reports it as 2 (message = reason), not as 56 WEBIM_TOKEN_EXPIRED, so \
         Natter answers an expired-token login with FAIL + `Sorry, token expired` instead and does not send 6.",
    ),
    Entry::msync_code(7, "PERMISSION_DENIED").source(SCHEMA).explain(
        "The user may not do this; the reason selects the SDK error (limits at login; sensitive words, mute, \
         traffic limit, size in acks). In an ack an unknown reason makes the SDK hang, so Natter only sends 7 \
         with a catalogued reason.",
    ),
    Entry::msync_code(8, "NO_ROUTE").source(SCHEMA).explain(
        "The target could not be reached or routed. The SDK reports 2 at login and 604 in an ack. Natter \
         reports missing targets with FAIL reasons instead (`username … doesn't exist!`, `group not found`).",
    ),
    Entry::msync_code(9, "UNKNOWN_COMMAND").source(SCHEMA).explain(
        "The client sent a command or operation the server does not implement. Natter acks such a request with \
         it (the SDK reports 604, or 31 for an untracked meta).",
    ),
    Entry::msync_code(10, "PB_PARSER_ERROR").source(SCHEMA).explain(
        "The frame or its payload could not be decoded as protobuf. Natter sends it when a client frame does \
         not parse; the SDK reports 2 at login and 604 in an ack.",
    ),
    Entry::msync_code(11, "BIND_ANOTHER_DEVICE").source(SCHEMA).explain(
        "The resource is bound to another device. Not a kick: it only produces 2 (message = reason) at login. \
         Natter kicks devices with StatisticsBody operations instead (§1.2).",
    ),
    Entry::msync_code(12, "IM_FORBIDDEN").source(SCHEMA).explain(
        "The app's messaging service is disabled. At login the SDK reports 57 \"Server serving disabled.\"; \
         Natter sends it when the app has been disabled by the operator.",
    ),
    Entry::msync_code(13, "TOO_MANY_DEVICES").source(SCHEMA).explain(
        "The user is logged in on more devices than allowed. At login easemob-websdk reports 214 (agora-chat: 2 \
         with the reason as message); Natter sends it when the device limit is reached.",
    ),
    Entry::msync_code(14, "PLATFORM_LIMIT").source(SCHEMA).explain(
        "A per-platform limit (for example one session per platform) was hit. The SDK reports 2 at login and \
         604 in an ack.",
    ),
    Entry::msync_code(15, "USER_MUTED").source(SCHEMA).explain(
        "The sender is muted. In an ack the SDK ignores the reason and rejects with {type: 507, reason: \"you \
         were muted\"}; at login it gives 2. Natter acks a muted user's send with it.",
    ),
    Entry::msync_code(16, "ENCRYPT_DISABLE").source(SCHEMA).explain(
        "Encryption negotiation: the server does not accept encrypted traffic. Natter uses ENCRYPT_NONE and does \
         not send it; the SDK would report 2 at login and 604 in an ack.",
    ),
    Entry::msync_code(17, "ENCRYPT_ENABLE").source(SCHEMA).explain(
        "Encryption negotiation: the server requires encrypted traffic. Natter uses ENCRYPT_NONE and does not \
         send it; the SDK would report 2 at login and 604 in an ack.",
    ),
    Entry::msync_code(18, "DECRYPT_FAILURE").source(SCHEMA).explain(
        "An encrypted payload could not be decrypted. Natter uses ENCRYPT_NONE and does not send it; the SDK \
         would report 2 at login and 604 in an ack.",
    ),
    Entry::msync_code(19, "PERMISSION_DENIED_EXTERNAL").source(SCHEMA).explain(
        "An external rule (the app's pre-send callback or moderation hook) refused the request. In an ack the \
         SDK reports 502 with the reason as message; at login it gives 2.",
    ),
    Entry::msync_code(20, "RESOURCE_CHANGED").source(LOGIN).explain(
        "The device/resource of the login has changed. Present in the SDK's JS enum but not in the embedded \
         .proto: Natter writes the raw varint 20. At login easemob-websdk reports 220 (agora-chat: 2); in an ack \
         it is 604.",
    ),
    // §1.1: the Provision reply at login.
    login(1, "FAIL", "Sorry, user register limit", 50).explain(
        "Login refused because the app has reached its limit of registered users. The SDK reports 50 MAX_LIMIT \
         with its own message about the registration limit.",
    ),
    login(1, "FAIL", "Sorry, user register rate limit", 50).explain(
        "Login refused because users are being registered faster than the app allows. The SDK reports 50 \
         MAX_LIMIT with the reason as message.",
    ),
    login(1, "FAIL", "Sorry, token expired", 56).explain(
        "The login token has expired. Natter sends this (not TOKEN_EXPIRED(6), which gives 2) so that the SDK \
         reports 56 WEBIM_TOKEN_EXPIRED and the app can fetch a new token.",
    ),
    login(1, "FAIL", "Sorry, token or password does not match login info", 28).explain(
        "The token is unknown, revoked or belongs to another user. The SDK reports 28 with message \
         \"INVALID_TOKEN\".",
    ),
    login(1, "FAIL", "Sorry, user not found", 204).explain(
        "The login names a user that does not exist (or was deleted). The SDK reports 204 USER_NOT_FOUND.",
    ),
    login(1, "FAIL", "", 2).explain(
        "Catch-all (any rule): FAIL with any reason other than the ones above, shown here with an empty reason. \
         The SDK reports 2 \"Auth failed\". In an ack the same FAIL + unknown reason means 503 (§1.4): login and \
         ack differ.",
    ),
    login(2, "UNAUTHORIZED", "", 2).explain(
        "Any reason (shown empty): the SDK reports 2 \"Auth failed\". Natter's generic refusal of the login's \
         credentials when no specific FAIL reason applies.",
    ),
    login(4, "WRONG_PARAMETER", "", -3).explain(
        "Any reason (shown empty): the SDK reports -3 \"Invalid parameter\". Natter sends it when the Provision \
         request itself is malformed (bad JID or app key).",
    ),
    login(7, "PERMISSION_DENIED", "Sorry, the app month live count limit", 50).explain(
        "Login refused because the app has reached its monthly active user limit. The SDK reports 50 with its \
         own message.",
    ),
    login(7, "PERMISSION_DENIED", "Sorry, the app day live count limit", 50).explain(
        "Login refused because the app has reached its daily active user limit. The SDK reports 50 with its own \
         message.",
    ),
    login(7, "PERMISSION_DENIED", "Sorry, the app online count limit", 50).explain(
        "Login refused because the app has reached its limit of users online at once. The SDK reports 50 with \
         its own message.",
    ),
    login(7, "PERMISSION_DENIED", "", 2).explain(
        "Catch-all (any rule): PERMISSION_DENIED at login with any other reason, shown empty, gives 2 \"Auth \
         failed\". In an ack an unknown reason makes the SDK hang instead (§1.4).",
    ),
    login(12, "IM_FORBIDDEN", "", 57).explain(
        "Any reason (shown empty): the SDK reports 57 \"Server serving disabled.\". Natter sends it when the \
         app's service has been disabled.",
    ),
    login(13, "TOO_MANY_DEVICES", "", 214).explain(
        "Any reason (shown empty): easemob-websdk reports 214 USER_LOGIN_TOO_MANY_DEVICES, agora-chat 1.4.0 \
         reports 2 with the reason as message. Natter sends it when the user's device limit is reached.",
    ),
    login(20, "RESOURCE_CHANGED", "", 220).explain(
        "Any reason (shown empty), error_code sent as the raw varint 20: easemob-websdk reports 220 \
         USER_DEVICE_CHANGED \"user device is changed\", agora-chat 1.4.0 reports 2. Natter sends it when the \
         resource the login binds is no longer valid.",
    ),
    login(6, "TOKEN_EXPIRED", "", 2).explain(
        "Representative of the any rule for codes 3, 5, 6, 8–11 and 14–19 at login: the SDK reports 2 \
         WEBIM_CONNCTION_AUTH_ERROR with the reason verbatim as message. Note that TOKEN_EXPIRED does not give \
         56; use FAIL + `Sorry, token expired`.",
    ),
    // §1.2: kicks, `Meta{ns: STATISTIC, payload: StatisticsBody{operation, reason}}`, then close the socket.
    kick(1, "USER_REMOVED", "user has been removed", 207).explain(
        "The user account was deleted while connected. Natter queues the notice to every live session, then \
         closes their sockets; the SDK stops reconnecting.",
    ),
    kick(2, "USER_LOGIN_ANOTHER_DEVICE", "the user is already logged on another device", 206).explain(
        "A new login displaced this session (single-device policy). Natter copies the new device's \
         Provision.reason into StatisticsBody.reason, which the SDK exposes as data.loginInfoCustomExt.",
    ),
    kick(3, "USER_KICKED_BY_CHANGE_PASSWORD", "the user was kicked by changing password", 216).explain(
        "The user's password was changed. Natter sends it to every live session of the user, then closes them.",
    ),
    kick(4, "USER_KICKED_BY_OTHER_DEVICE", "the user was kicked by other device", 217).explain(
        "Another device of the same user (or the REST API) asked to log this device out. Natter sends it to the \
         targeted session, then closes it.",
    ),
    // §1.4: per-request acks, `CommSyncDL{meta_id, status, server_id}`.
    ack(1, "FAIL", "blocked", 603).explain(
        "The recipient has the sender on their blocklist. Natter acks the send with it; the SDK reports 603 \
         PERMISSION_DENIED.",
    ),
    ack(1, "FAIL", "group not found", 605).explain(
        "The group addressed by the message or operation does not exist. The SDK reports 605 GROUP_NOT_EXIST.",
    ),
    ack(1, "FAIL", "not in group or chatroom", 602).explain(
        "The sender is not a member of the target group or chat room (also used when joining a chat room is \
         refused for that reason). The SDK reports 602 GROUP_NOT_JOINED.",
    ),
    ack(1, "FAIL", "exceed recall time limit", 504).explain(
        "A recall arrived after the app's recall window closed. The SDK reports 504 MESSAGE_RECALL_TIME_LIMIT.",
    ),
    ack(1, "FAIL", "message recall disabled", 505).explain(
        "Recall is not enabled for the app. The SDK reports 505 SERVICE_NOT_ENABLED.",
    ),
    ack(1, "FAIL", "not in group or chatroom white list", 506).explain(
        "The group or chat room only lets its allowlist speak (for example while everyone is muted) and the \
         sender is not on it. The SDK reports 506 SERVICE_NOT_ALLOW_MESSAGING.",
    ),
    ack(1, "FAIL", "nonroster", 221).explain(
        "A one-to-one message to someone who is not a contact, when the app only allows messages between \
         contacts. The SDK reports 221 USER_NOT_FRIEND and rewrites the message to \"not contact\".",
    ),
    ack(1, "FAIL", "group is disabled", 608).explain(
        "The target group has been disabled by an administrator. The SDK reports 608 GROUP_IS_DISABLED.",
    ),
    ack(1, "FAIL", "limit directed users", 50).explain(
        "A directed message (to selected members of a group) names more recipients than allowed. The SDK \
         reports 50 MAX_LIMIT.",
    ),
    ack(1, "FAIL", "Sorry, edit limit reached", 50).explain(
        "The message has been edited the maximum number of times. The SDK reports 50 with message \"Modify \
         message limit reached\".",
    ),
    ack(1, "FAIL", "Sorry, message does not exist", 1302).explain(
        "An edit targets a message the server does not know. The SDK reports 1302 MODIFY_MESSAGE_NOT_EXIST.",
    ),
    ack(1, "FAIL", "Sorry, You do not have permission", 603).explain(
        "An edit of a message the user may not modify (someone else's). The SDK reports 603 with message \"You \
         do not have the modified permission.\".",
    ),
    ack(1, "FAIL", "Sorry, format is incorrect", 1303).explain(
        "The edit's new content is malformed. The SDK reports 1303 MODIFY_MESSAGE_FORMAT_ERROR.",
    ),
    ack(1, "FAIL", "Sorry, edit is not available", 505).explain(
        "Message editing is not enabled for the app. The SDK reports 505 SERVICE_NOT_ENABLED.",
    ),
    ack(1, "FAIL", "Sorry, edit fail", 1304).explain(
        "The edit could not be applied for another reason. The SDK reports 1304 MODIFY_MESSAGE_FAILED.",
    ),
    ack(1, "FAIL", "grpID XX does not exist!", 705).explain(
        "Substring rule, tested first: a reason containing both `grpID` and `does not exist!` (REST text shape, \
         XX = the ID). The chat room does not exist; the SDK reports 705 CHATROOM_NOT_EXIST, message \"The chat \
         room dose not exist.\" (sic).",
    ),
    ack(1, "FAIL", "username XX doesn't exist!", 204).explain(
        "Substring rule: a reason containing both `username` and `doesn't exist!` (XX = the user). The target \
         user does not exist; the SDK reports 204 USER_NOT_FOUND with the reason as message.",
    ),
    ack(1, "FAIL", "group member list is full!", 704).explain(
        "Exact match: the chat room (or group) is full, e.g. on join. The SDK reports 704 CHATROOM_MEMBERS_FULL.",
    ),
    ack(1, "FAIL", "can not join this group, XX is in the blacklist", 603).explain(
        "Substring rule: a reason containing both `can not join this group` and `is in the blacklist` (XX = the \
         user). The user is banned from the group or chat room; the SDK reports 603 \"permission denied\".",
    ),
    ack(1, "FAIL", "can not operate this group, reason: group is disabled", 608).explain(
        "Exact match: the group has been disabled. The SDK reports 608 GROUP_IS_DISABLED.",
    ),
    ack(1, "FAIL", "moderation", 508).explain(
        "Substring rule: any reason containing `moderation` that no earlier rule matched. Content moderation \
         blocked the message; the SDK reports 508 MESSAGE_MODERATION_BLOCKED.",
    ),
    ack(1, "FAIL", "group ID illegal, please check it", -3).explain(
        "Substring rule: a reason containing this text. The group or chat room ID is malformed; the SDK reports \
         -3 \"Invalid parameter\".",
    ),
    ack(1, "FAIL", "has create too many chatrooms", 50).explain(
        "Substring rule: a reason containing this text (sic). The user has created the maximum number of chat \
         rooms; the SDK reports 50 MAX_LIMIT.",
    ),
    ack(1, "FAIL", "has joined too many chatrooms", 50).explain(
        "Substring rule: a reason containing this text. The user is in the maximum number of chat rooms; the \
         SDK reports 50 MAX_LIMIT.",
    ),
    ack(1, "FAIL", "auto create failed", 500).explain(
        "Substring rule: a reason containing this text. Creating the chat room on the fly (on join) failed; \
         the SDK reports 500 SERVER_BUSY, so the app may retry.",
    ),
    ack(1, "FAIL", "", 503).explain(
        "Catch-all (any rule): FAIL with any reason no rule above matches, including the empty one shown here. \
         The SDK reports 503 SERVER_UNKNOWN_ERROR. At login the same FAIL + unknown reason gives 2 (§1.1).",
    ),
    ack(7, "PERMISSION_DENIED", "sensitive words", 501).explain(
        "The message contains words the app's filter refuses. The SDK reports 501 \
         MESSAGE_INCLUDE_ILLEGAL_CONTENT.",
    ),
    ack(7, "PERMISSION_DENIED", "blocked by mod_antispam", 501).explain(
        "The anti-spam check blocked the message. The SDK reports 501 MESSAGE_INCLUDE_ILLEGAL_CONTENT.",
    ),
    ack(7, "PERMISSION_DENIED", "user is mute", 219).explain(
        "An administrator has muted the sender in the group or chat room. The SDK reports 219 \
         USER_MUTED_BY_ADMIN.",
    ),
    ack(7, "PERMISSION_DENIED", "traffic limit", 509).explain(
        "The sender exceeded the message rate limit. The SDK reports 509 MESSAGE_CURRENT_LIMITING; retry later.",
    ),
    ack(7, "PERMISSION_DENIED", "Sorry, data is too large", 511).explain(
        "The message is larger than allowed. The SDK reports 511 MESSAGE_SIZE_LIMIT.",
    ),
    Entry { web_sdk_code: None, ..ack(7, "PERMISSION_DENIED", "", 0) }.explain(
        "Any other reason (shown empty) with PERMISSION_DENIED in an ack: the SDK reports nothing, and the send \
         never settles because its timer was already cleared. Natter never sends it; at login it would give 2 \
         (§1.1).",
    ),
    ack(15, "USER_MUTED", "", 507).explain(
        "Any reason (ignored, shown empty): the sender is muted. The SDK rejects with {type: 507, reason: \"you \
         were muted\"} and no message (SERVICE_NOT_ALLOW_MESSAGING_MUTE).",
    ),
    ack(19, "PERMISSION_DENIED_EXTERNAL", "", 502).explain(
        "Any reason (shown empty): an external rule (the app's pre-send callback) refused the message. The SDK \
         reports 502 MESSAGE_EXTERNAL_LOGIC_BLOCKED with the reason as message, so Natter puts the refusal text \
         there.",
    ),
    ack(3, "MISSING_PARAMETER", "", 604).explain(
        "Representative of the any rule for codes 2–6, 8–14, 16–18 and 20 in an ack: the SDK reports 604 \
         WEBIM_LOAD_MSG_ERROR with the reason as message. For a meta the client does not track it fires \
         onError 31 instead.",
    ),
];
