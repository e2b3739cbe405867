//! The Web SDK's error `type` codes (Easemob Web SDK 4.21.1 / Agora Chat Web SDK 1.4.0).
//!
//! The first block follows the table of seed 002 row by row; names are the SDK's enum names, odd spellings
//! (`CONNCTION`) included. `message` is the text the SDK puts in the error object's `message`, as recorded in
//! `msync/ERRORS.md`, or the name where that reference documents no fixed text (usually because the SDK
//! passes the server's own text through). The second block holds the codes the 4.21.1 bundle raises that the
//! seed's table leaves out (`msync ERRORS.md §0`).

use crate::Entry;

/// The rows of this dialect.
pub static WEB_SDK: &[Entry] = &[
    // ---- seed 002 -----------------------------------------------------------------------------------------
    Entry::web_sdk(0, "REQUEST_SUCCESS", "REQUEST_SUCCESS").explain(
        "Success (成功): the call worked. The SDK adds `type: 0` to a REST reply that came back as HTTP 200 \
         with a JSON body, and to an OK chatroom-join ack.",
    ),
    Entry::web_sdk(-1, "REQUEST_TIMEOUT", "Request Timeout").explain(
        "Timed out (超时) waiting for the server: no REST reply within 15 s, no chatroom join/leave ack within \
         15 s, or no WebSocket open / Provision reply within 10 s at login. Natter must answer well inside \
         those limits.",
    ),
    Entry::web_sdk(-2, "REQUEST_UNKNOWN", "Request Unknow Error").explain(
        "Catch-all error (未知错误): the REST request failed at the network level (refused, CORS), or the server \
         answered HTTP 500 with `error_code` 90005 or 99999.",
    ),
    Entry::web_sdk(-3, "REQUEST_PARAMETER_ERROR", "Invalid parameter").explain(
        "A parameter was rejected (参数错误): by the client's own checks, by a Provision reply with \
         `WRONG_PARAMETER(4)`, by an ack FAIL mentioning `group ID illegal, please check it`, or by one of a \
         few REST 400 descriptions.",
    ),
    Entry::web_sdk(-4, "REQUEST_ABORT", "REQUEST_ABORT").explain(
        "The request was cancelled (取消请求) before it finished. Client-only: the browser or app aborted the \
         HTTP request; no server reply produces it.",
    ),
    Entry::web_sdk(1, "WEBIM_CONNCTION_OPEN_ERROR", "login failed").explain(
        "Password login failed (登录失败) because `POST /{org}/{app}/token` returned an HTTP error or the token \
         is unusable. The SDK copies the inner REST error's message (for example `invalid password`) and \
         keeps the inner error in `data`.",
    ),
    Entry::web_sdk(2, "WEBIM_CONNCTION_AUTH_ERROR", "Auth failed").explain(
        "The msync login (鉴权) was refused. Natter sends this as a Provision reply with `UNAUTHORIZED(2)`, or \
         `FAIL` with an unrecognised reason; other non-OK Provision codes also land here, with the reason as \
         the message.",
    ),
    Entry::web_sdk(12, "WEBIM_CONNCTION_GETROSTER_ERROR", "WEBIM_CONNCTION_GETROSTER_ERROR").explain(
        "Documented as a failure to obtain the Chat token, but 4.21.1 never raises it: it exists only in the enum.",
    ),
    Entry::web_sdk(16, "WEBIM_CONNCTION_DISCONNECTED", "websocket has been disconnected").explain(
        "The WebSocket dropped (断开连接), e.g. the network went away or the server closed it without a kick \
         notice; the SDK reconnects by itself. After 5 failed reconnects it reports this once more with \
         `reconnection failed`.",
    ),
    Entry::web_sdk(17, "WEBIM_CONNCTION_AJAX_ERROR", "WEBIM_CONNCTION_AJAX_ERROR").explain(
        "Generic REST failure (请求失败): a reply that matches none of the SDK's specific rules, such as a 400 \
         with an unknown description, a 401 without the OAuth text, or any non-200 2xx. The message is the \
         server's text.",
    ),
    Entry::web_sdk(27, "WEBIM_CONNCTION_APPKEY_NOT_ASSIGN_ERROR", "WEBIM_CONNCTION_APPKEY_NOT_ASSIGN_ERROR").explain(
        "Meant for a missing or wrong app key / appId (应用标识) at login; 4.21.1 never raises it (enum only).",
    ),
    Entry::web_sdk(28, "WEBIM_CONNCTION_TOKEN_NOT_ASSIGN_ERROR", "INVALID_TOKEN").explain(
        "No usable token (令牌): an API was called without logging in, or the Provision reply was `FAIL` with \
         the exact reason `Sorry, token or password does not match login info`.",
    ),
    Entry::web_sdk(31, "WEBIM_CONNCTION_CALLBACK_INNER_ERROR", "on message error").explain(
        "Something failed inside the message handling callbacks: an app callback threw, an upload reply had \
         an empty `entities`, or the server sent an error ack (code not 0/1/7/15/19) for a meta the client \
         does not track.",
    ),
    Entry::web_sdk(32, "WEBIM_CONNCTION_CLIENT_OFFLINE", "WEBIM_CONNCTION_CLIENT_OFFLINE").explain(
        "The user is not logged in (未登录) yet, so the SDK cannot build the message. Client-only.",
    ),
    Entry::web_sdk(39, "WEBIM_CONNECTION_CLOSED", "not login").explain(
        "A send or chatroom join was attempted after logging out or after the server kicked the session \
         (已退出). Client-only: the SDK checks its own logged-out flag.",
    ),
    Entry::web_sdk(40, "WEBIM_CONNECTION_ERROR", "WEBIM_CONNECTION_ERROR").explain(
        "Listed as an authentication failure, but raised only by the mini-program socket's error handler, \
         never on the browser or Node path.",
    ),
    Entry::web_sdk(50, "MAX_LIMIT", "Sorry, the monthly active user limit for this app has been reached").explain(
        "A quota was hit (达到上限): reactions, translation volume, DAU/MAU or online users, registrations, \
         chatrooms created or joined, edits. Raised from Provision `FAIL`/`PERMISSION_DENIED` limit reasons, \
         ack reasons and many REST replies; the message follows the specific limit.",
    ),
    Entry::web_sdk(51, "MESSAGE_NOT_FOUND", "MESSAGE_NOT_FOUND").explain(
        "The message could not be found (消息不存在), e.g. the one being reported or a pinned one. Comes from \
         REST 400 `report failed, get message by id failed` or a 404 about a missing pinned message.",
    ),
    Entry::web_sdk(52, "NO_PERMISSION", "NO_PERMISSION").explain(
        "The user may not do this (无权限). Comes from REST 401 with `error_code` 40001/60001 or `Unable to \
         authenticate (OAuth)`, and from some 400/404 `error_code`s.",
    ),
    Entry::web_sdk(53, "OPERATION_UNSUPPORTED", "OPERATION_UNSUPPORTED").explain(
        "The operation is not supported (不支持的操作). Comes from REST 400 with `error_code` 40009.",
    ),
    Entry::web_sdk(101, "WEBIM_UPLOADFILE_ERROR", "Failed to upload the file").explain(
        "File upload failed (上传失败), for example because the file is too big. Comes from an upload reply that \
         is HTTP 400, not JSON, or lacks `entities`, and from REST 400 `error_code` 14403.",
    ),
    Entry::web_sdk(102, "WEBIM_UPLOADFILE_NO_LOGIN", "WEBIM_UPLOADFILE_NO_LOGIN").explain(
        "An upload was attempted without a user token, i.e. before logging in. Client-only.",
    ),
    Entry::web_sdk(200, "WEBIM_DOWNLOADFILE_ERROR", "WEBIM_DOWNLOADFILE_ERROR").explain(
        "File download failed (下载失败): timeout, network error, a 404 that is not `file_expired`, a non-JSON \
         403/404 body, or any other non-200 status except 403/500.",
    ),
    Entry::web_sdk(204, "USER_NOT_FOUND", "User not found").explain(
        "The user ID does not exist (用户不存在), e.g. when adding members to a new group. Natter sends this as a \
         Provision `FAIL` with `Sorry, user not found`, an ack FAIL naming the missing username, or a REST \
         404 `user not found`.",
    ),
    Entry::web_sdk(205, "MESSAGE_PARAMETER_ERROR", "MESSAGE_PARAMETER_ERROR").explain(
        "The message is malformed (消息参数错误), e.g. a recall without a message ID or a send without a \
         recipient. Client-only validation.",
    ),
    Entry::web_sdk(206, "WEBIM_CONNCTION_USER_LOGIN_ANOTHER_DEVICE", "the user is already logged on another device")
        .explain(
            "Kicked because the account logged in on another device (异地登录). Natter delivers a StatisticsBody \
             meta with operation `USER_LOGIN_ANOTHER_DEVICE(2)`, then closes the socket; the new device's \
             custom login text goes in `reason`.",
        ),
    Entry::web_sdk(207, "WEBIM_CONNCTION_USER_REMOVED", "user has been removed").explain(
        "Kicked because the account was deleted (用户已注销) by an administrator. Natter delivers a \
         StatisticsBody meta with operation `USER_REMOVED(1)`, then closes the socket.",
    ),
    Entry::web_sdk(208, "WEBIM_USER_ALREADY_LOGIN", "WEBIM_USER_ALREADY_LOGIN").explain(
        "`open()` was called while already logged in (已登录) with single-device login. Client-only.",
    ),
    Entry::web_sdk(216, "WEBIM_CONNCTION_USER_KICKED_BY_CHANGE_PASSWORD", "the user was kicked by changing password")
        .explain(
            "Kicked because the account's password changed (密码已修改). Natter delivers a StatisticsBody meta \
             with operation `USER_KICKED_BY_CHANGE_PASSWORD(3)`, then closes the socket.",
        ),
    Entry::web_sdk(217, "WEBIM_CONNCTION_USER_KICKED_BY_OTHER_DEVICE", "the user was kicked by other device").explain(
        "Kicked by the user from another device or by an administrator (被踢下线) in multi-device mode. Natter \
         delivers a StatisticsBody meta with operation `USER_KICKED_BY_OTHER_DEVICE(4)`, then closes the \
         socket.",
    ),
    Entry::web_sdk(219, "USER_MUTED_BY_ADMIN", "user is mute").explain(
        "The user is muted app-wide (全局禁言) and tried to send. Natter sends this as an ack \
         `PERMISSION_DENIED(7)` with the exact reason `user is mute`.",
    ),
    Entry::web_sdk(221, "USER_NOT_FRIEND", "not contact").explain(
        "Messaging between non-contacts is switched off and the recipient is not a contact (非好友). Natter \
         sends this as an ack `FAIL` with reason `nonroster`; the SDK rewrites the message to `not contact`.",
    ),
    Entry::web_sdk(500, "SERVER_BUSY", "Server is busy.").explain(
        "The server is overloaded (服务器繁忙); try again later. Comes from REST 429/503 and from an ack `FAIL` \
         whose reason mentions `auto create failed`.",
    ),
    Entry::web_sdk(501, "MESSAGE_INCLUDE_ILLEGAL_CONTENT", "sensitive words").explain(
        "The content filter flagged the message as illegal (违规内容). Natter sends this as an ack \
         `PERMISSION_DENIED(7)` with reason `sensitive words` or `blocked by mod_antispam`.",
    ),
    Entry::web_sdk(502, "MESSAGE_EXTERNAL_LOGIC_BLOCKED", "MESSAGE_EXTERNAL_LOGIC_BLOCKED").explain(
        "The message was intercepted (被拦截) by anti-spam or a pre-send hook. Natter sends this as an ack \
         `PERMISSION_DENIED_EXTERNAL(19)`; the reason becomes the message.",
    ),
    Entry::web_sdk(503, "SERVER_UNKNOWN_ERROR", "SERVER_UNKNOWN_ERROR").explain(
        "The send failed for a reason the SDK does not recognise. Any ack `FAIL` with an unknown (or empty) \
         reason ends here, as do REST 500 with `error_code` 40006/40008/40010 and download 500s.",
    ),
    Entry::web_sdk(504, "MESSAGE_RECALL_TIME_LIMIT", "exceed recall time limit").explain(
        "The recall window has passed (超出撤回时限). Natter answers the recall with an ack `FAIL` and reason \
         `exceed recall time limit`.",
    ),
    Entry::web_sdk(505, "SERVICE_NOT_ENABLED", "SERVICE_NOT_ENABLED").explain(
        "The feature is not enabled (服务未开通) for the app: recall, edit, reactions, presence, roaming, \
         reports. Comes from ack `FAIL` reasons such as `message recall disabled` and from several REST \
         400/403 replies.",
    ),
    Entry::web_sdk(506, "SERVICE_NOT_ALLOW_MESSAGING", "not in group or chatroom white list").explain(
        "The group or chatroom is muted for everyone (全员禁言) and the sender is not on its allow list (白名单). \
         Natter sends this as an ack `FAIL` with reason `not in group or chatroom white list`.",
    ),
    Entry::web_sdk(507, "SERVICE_NOT_ALLOW_MESSAGING_MUTE", "you were muted").explain(
        "The sender is muted (禁言) in this group or chatroom. Natter sends this as an ack `USER_MUTED(15)`; \
         unlike other codes the SDK's error carries the text in `reason`, not `message`.",
    ),
    Entry::web_sdk(508, "MESSAGE_MODERATION_BLOCKED", "MESSAGE_MODERATION_BLOCKED").explain(
        "A third-party moderation service (内容审核) rejected the message. Comes from an ack `FAIL` whose reason \
         contains `moderation` and matches no earlier rule.",
    ),
    Entry::web_sdk(509, "MESSAGE_CURRENT_LIMITING", "traffic limit").explain(
        "The sender exceeded a per-user send rate limit (限流), which is off unless configured. Natter sends \
         this as an ack `PERMISSION_DENIED(7)` with reason `traffic limit`.",
    ),
    Entry::web_sdk(510, "MESSAGE_WEBSOCKET_DISCONNECTED", "websocket disconnected").explain(
        "The socket closed, or a reconnect was forced, while the send was waiting for its ack. Client-side \
         outcome of a dropped connection.",
    ),
    Entry::web_sdk(511, "MESSAGE_SIZE_LIMIT", "Sorry, data is too large").explain(
        "The message body is larger than allowed (消息体过大). Natter sends this as an ack `PERMISSION_DENIED(7)` \
         with reason `Sorry, data is too large`.",
    ),
    Entry::web_sdk(512, "MESSAGE_SEND_TIMEOUT", "send message timeout").explain(
        "No ack arrived within 15 s of sending (发送超时); the SDK then forces a reconnect. Natter must ack \
         every message promptly.",
    ),
    Entry::web_sdk(601, "GROUP_ALREADY_JOINED", "GROUP_ALREADY_JOINED").explain(
        "The user is already a member of the group (已在群组内). Comes from REST 403 on a chatgroups URL whose \
         description mentions both `invite users to join group failed` and `already in group`.",
    ),
    Entry::web_sdk(602, "GROUP_NOT_JOINED", "not in group or chatroom").explain(
        "The user is not a member (不在群组内) of the group (or chatroom) being messaged or operated on. Natter \
         sends this as an ack `FAIL` with reason `not in group or chatroom`, or a REST 400/403/404 member \
         error.",
    ),
    Entry::web_sdk(603, "PERMISSION_DENIED", "permission denied").explain(
        "Not allowed (无权限), e.g. the sender is on the recipient's block list (黑名单) or edits someone else's \
         message. Natter sends this as an ack `FAIL` with reason `blocked`, or any REST 403 the SDK has no \
         more specific rule for.",
    ),
    Entry::web_sdk(604, "WEBIM_LOAD_MSG_ERROR", "WEBIM_LOAD_MSG_ERROR").explain(
        "The send got an ack whose error code is none of 0/1/7/15/19; the server's reason becomes the message.",
    ),
    Entry::web_sdk(605, "GROUP_NOT_EXIST", "group not found").explain(
        "The group does not exist (群组不存在), e.g. a wrong group ID on send. Natter sends this as an ack `FAIL` \
         with reason `group not found`, or a REST 404 on a chatgroups URL saying it does not exist.",
    ),
    Entry::web_sdk(606, "GROUP_MEMBERS_FULL", "GROUP_MEMBERS_FULL").explain(
        "The group already has its maximum number of members (群已满). Comes from REST 403 `group member list \
         is full!` on a chatgroups URL.",
    ),
    Entry::web_sdk(607, "GROUP_MEMBERS_LIMIT", "GROUP_MEMBERS_LIMIT").explain(
        "The maximum member count requested at group creation is above what the plan allows (套餐上限). Comes \
         from REST 403 mentioning `members size is greater than max user size !`.",
    ),
    Entry::web_sdk(609, "GROUP_MEMBER_ATTRIBUTES_SET_FAILED", "GROUP_MEMBER_ATTRIBUTES_SET_FAILED").explain(
        "Setting a group member's custom attributes (群成员属性) failed. Comes from REST 400 `error_code` 60005.",
    ),
    Entry::web_sdk(700, "REST_PARAMS_STATUS", "appkey or token error").explain(
        "A REST helper was called before login, without a token, or with a bad app key. Client-only.",
    ),
    Entry::web_sdk(702, "CHATROOM_NOT_JOINED", "CHATROOM_NOT_JOINED").explain(
        "The member being operated on is not in the chatroom (不在聊天室). Comes from REST 400 `error_code` \
         60011, or a not-a-member reply on a non-chatgroups URL.",
    ),
    Entry::web_sdk(704, "CHATROOM_MEMBERS_FULL", "group member list is full!").explain(
        "The chatroom is at its member limit (聊天室已满). Natter sends this as an ack `FAIL` with reason `group \
         member list is full!`, or the same text as a REST 403 on a non-chatgroups URL.",
    ),
    Entry::web_sdk(705, "CHATROOM_NOT_EXIST", "The chat room dose not exist.").explain(
        "The chatroom does not exist (聊天室不存在). Natter sends this as an ack `FAIL` whose reason mentions \
         `grpID` and `does not exist!`, or a REST 404 saying so on a non-chatgroups URL; the SDK's text has \
         the typo `dose`.",
    ),
    Entry::web_sdk(800, "LOCAL_DB_OPERATION_FAILED", "LOCAL_DB_OPERATION_FAILED").explain(
        "A local database (本地数据库) operation failed. 4.21.1 never raises it (enum only); client-only.",
    ),
    Entry::web_sdk(999, "SDK_RUNTIME_ERROR", "SDK_RUNTIME_ERROR").explain(
        "The SDK failed internally while writing to the WebSocket, e.g. LZ4 compression or building the \
         Provision threw. Client-only.",
    ),
    Entry::web_sdk(1100, "PRESENCE_PARAM_EXCEED", "PRESENCE_PARAM_EXCEED").explain(
        "The custom presence status (在线状态) is too long. Comes from REST 400 `ext is too big ` (with its \
         trailing space).",
    ),
    Entry::web_sdk(1101, "REACTION_ALREADY_ADDED", "REACTION_ALREADY_ADDED").explain(
        "The user already added this reaction (Reaction 重复). Comes from REST 400 `the user is already \
         operation this message`.",
    ),
    Entry::web_sdk(1102, "REACTION_CREATING", "REACTION_CREATING").explain(
        "Someone else is creating the same reaction at this moment; retry. Comes from REST 400 `this message \
         is creating reaction, please try again.`.",
    ),
    Entry::web_sdk(1103, "REACTION_OPERATION_IS_ILLEGAL", "REACTION_OPERATION_IS_ILLEGAL").explain(
        "The user may not change this reaction, e.g. removing one they never added, or reacting to a \
         one-to-one message they are not part of. Comes from REST 400 `the user operation is illegal!`.",
    ),
    Entry::web_sdk(1200, "TRANSLATION_NOT_VALID", "TRANSLATION_NOT_VALID").explain(
        "The target language code for translation (翻译) is invalid. Comes from REST 400 `The target language \
         is not valid.`.",
    ),
    Entry::web_sdk(1201, "TRANSLATION_TEXT_TOO_LONG", "TRANSLATION_TEXT_TOO_LONG").explain(
        "The text to translate is too long. Comes from REST 400 `The input text is too long.`.",
    ),
    Entry::web_sdk(1204, "TRANSLATION_FAILED", "TRANSLATION_FAILED").explain(
        "The translation service could not be reached or failed. Comes from REST 500 whose description \
         contains `translte failed!` (sic).",
    ),
    Entry::web_sdk(1300, "THREAD_NOT_EXIST", "THREAD_NOT_EXIST").explain(
        "The thread (子区) was not found. Comes from REST 404 `error_code` 40011.",
    ),
    Entry::web_sdk(1301, "THREAD_ALREADY_EXIST", "THREAD_ALREADY_EXIST").explain(
        "A thread (子区) already exists for this message. Comes from REST 400 `error_code` 40002 or 403 \
         `error_code` 40003/40004.",
    ),
    Entry::web_sdk(1302, "MODIFY_MESSAGE_NOT_EXIST", "The message does not exist.").explain(
        "The message being edited (修改消息) does not exist. Natter answers the edit with an ack `FAIL` and \
         reason `Sorry, message does not exist`.",
    ),
    Entry::web_sdk(1304, "MODIFY_MESSAGE_FAILED", "Modify message failed.").explain(
        "Editing the message failed (修改失败). Natter answers the edit with an ack `FAIL` and reason `Sorry, \
         edit fail`.",
    ),
    // ---- raised by 4.21.1 but absent from seed 002 (msync ERRORS.md §0) -----------------------------------
    Entry::web_sdk(3, "WEBIM_CONNCTION_OPEN_USERGRID_ERROR", "WEBIM_CONNCTION_OPEN_USERGRID_ERROR")
        .explain(
            "Meant for a password-login failure that carries a REST `error`; unreachable on the web path, \
             because the inner error never has that field.",
        )
        .source("msync ERRORS.md §0"),
    Entry::web_sdk(54, "OPERATION_NOT_ALLOWED", "OPERATION_NOT_ALLOWED")
        .explain(
            "The operation is not allowed right now, e.g. concurrent chatroom attribute updates (并发修改). \
             Comes from REST 406 `error_code` 90004 or a 200 body reporting `Concurrent updates not \
             allowed`.",
        )
        .source("msync ERRORS.md §0"),
    Entry::web_sdk(56, "WEBIM_TOKEN_EXPIRED", "Sorry, token expired")
        .explain(
            "Login used an expired token (令牌过期). Natter sends this as a Provision `FAIL` with the exact \
             reason `Sorry, token expired`; the msync `TOKEN_EXPIRED(6)` code would give 2 instead.",
        )
        .source("msync ERRORS.md §0"),
    Entry::web_sdk(57, "WEBIM_SERVER_SERVING_DISABLED", "Server serving disabled.")
        .explain(
            "The app is banned or disabled (服务已禁用). Natter sends this as a Provision reply with \
             `IM_FORBIDDEN(12)`.",
        )
        .source("msync ERRORS.md §0"),
    Entry::web_sdk(214, "USER_LOGIN_TOO_MANY_DEVICES", "the number of devices the user is logged in to exceeds the limit")
        .explain(
            "The account is already on its maximum number of devices (设备数超限) and new logins do not kick old \
             ones. Natter sends this as a Provision reply with `TOO_MANY_DEVICES(13)` (agora-chat 1.4.0 \
             reports 2).",
        )
        .source("msync ERRORS.md §0"),
    Entry::web_sdk(220, "USER_DEVICE_CHANGED", "user device is changed")
        .explain(
            "An auto-login came from a device other than the last one (登录设备变更) under first-device-wins \
             rules. Natter sends this as a Provision reply with the raw error code 20 (agora-chat 1.4.0 \
             reports 2).",
        )
        .source("msync ERRORS.md §0"),
    Entry::web_sdk(222, "WEBIM_DOWNLOADFILE_ERROR_NO_PERMISSION", "WEBIM_DOWNLOADFILE_ERROR_NO_PERMISSION")
        .explain(
            "The user may not download this attachment (无下载权限). Comes from a download 403 whose JSON \
             `error_description` is `chatfile no permission`.",
        )
        .source("msync ERRORS.md §0"),
    Entry::web_sdk(223, "WEBIM_DOWNLOADFILE_ERROR_EXPIRED", "WEBIM_DOWNLOADFILE_ERROR_EXPIRED")
        .explain(
            "The attachment has expired (文件已过期) and is gone. Comes from a download 404 whose JSON `error` is \
             `file_expired`.",
        )
        .source("msync ERRORS.md §0"),
    Entry::web_sdk(513, "MESSAGE_STREAM_INTERVAL_TIMEOUT", "MESSAGE_STREAM_INTERVAL_TIMEOUT")
        .explain(
            "A streamed message (流式消息) stalled between chunks. Reported as the message's `errorType` when \
             its `MessageBody.stream.stream_error` is 512.",
        )
        .source("msync ERRORS.md §0"),
    Entry::web_sdk(514, "MESSAGE_STREAM_TIMEOUT", "MESSAGE_STREAM_TIMEOUT")
        .explain(
            "A streamed message (流式消息) did not finish in time overall. Reported as the message's `errorType` \
             when its `MessageBody.stream.stream_error` is 513.",
        )
        .source("msync ERRORS.md §0"),
    Entry::web_sdk(608, "GROUP_IS_DISABLED", "group is disabled")
        .explain(
            "The group has been disabled (群组已禁用). Natter sends this as an ack `FAIL` with reason `group is \
             disabled`, or a REST 403 mentioning `can not operate this group, reason: group is disabled`.",
        )
        .source("msync ERRORS.md §0"),
    Entry::web_sdk(1303, "MODIFY_MESSAGE_FORMAT_ERROR", "The modify messaged format error.")
        .explain(
            "The edited message has an invalid format. Natter answers the edit with an ack `FAIL` and reason \
             `Sorry, format is incorrect`; the SDK's text keeps its typo.",
        )
        .source("msync ERRORS.md §0"),
    Entry::web_sdk(1400, "CONVERSATION_NOT_EXIST", "CONVERSATION_NOT_EXIST")
        .explain("The conversation (会话) does not exist. Comes from REST 404 `error_code` 91001.")
        .source("msync ERRORS.md §0"),
];
