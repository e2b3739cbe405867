//! The native SDKs' `ChatError` codes as the HarmonyOS SDK documents them (seed 004), in the seed's order.
//!
//! `message` is the enum name: the native SDKs report the code and leave the description to the app.

use crate::Entry;

/// The rows of this dialect.
pub static NATIVE_SDK: &[Entry] = &[
    Entry::native_sdk(0, "EM_NO_ERROR", "EM_NO_ERROR").explain(
        "Success (成功): the call completed without an error.",
    ),
    Entry::native_sdk(1, "GENERAL_ERROR", "GENERAL_ERROR").explain(
        "Catch-all error (通用错误) with no more specific type, e.g. the SDK was not initialised properly or a \
         server request failed for an unidentified reason.",
    ),
    Entry::native_sdk(2, "NETWORK_ERROR", "NETWORK_ERROR").explain(
        "No network (网络错误): the SDK has lost its connection to the server.",
    ),
    Entry::native_sdk(3, "DATABASE_ERROR", "DATABASE_ERROR").explain(
        "The local database (本地数据库) could not be opened or used. Client-only.",
    ),
    Entry::native_sdk(4, "EXCEED_SERVICE_LIMIT", "EXCEED_SERVICE_LIMIT").explain(
        "A limit of the service plan (服务限制) was exceeded, e.g. too many user IDs created, or user-attribute \
         APIs called too often.",
    ),
    Entry::native_sdk(7, "PARTIAL_SUCCESS", "PARTIAL_SUCCESS").explain(
        "The request succeeded only in part (部分成功): some of several settings were applied and others were \
         not.",
    ),
    Entry::native_sdk(8, "APP_ACTIVE_NUMBER_REACH_LIMITATION", "APP_ACTIVE_NUMBER_REACH_LIMITATION").explain(
        "The app has reached its daily or monthly active user cap (DAU/MAU 上限), so further logins are \
         refused.",
    ),
    Entry::native_sdk(101, "INVALID_USER_NAME", "INVALID_USER_NAME").explain(
        "The user ID is missing or malformed (用户 ID 无效), typically an empty username such as when inviting a \
         contact.",
    ),
    Entry::native_sdk(102, "INVALID_PASSWORD", "INVALID_PASSWORD").explain(
        "The password given at login is empty or wrong (密码错误).",
    ),
    Entry::native_sdk(104, "INVALID_TOKEN", "INVALID_TOKEN").explain(
        "The token given at login is empty or not valid (token 无效).",
    ),
    Entry::native_sdk(105, "USER_NAME_TOO_LONG", "USER_NAME_TOO_LONG").explain(
        "The user ID is longer than the 64-byte maximum.",
    ),
    Entry::native_sdk(108, "TOKEN_EXPIRED", "TOKEN_EXPIRED").explain(
        "The user token is past its validity period (token 已过期); get a new one and log in again.",
    ),
    Entry::native_sdk(109, "TOKEN_WILL_EXPIRE", "TOKEN_WILL_EXPIRE").explain(
        "Warning, not a failure: the token has used up half its lifetime (即将过期) and should be renewed soon.",
    ),
    Entry::native_sdk(110, "INVALID_PARAM", "INVALID_PARAM").explain(
        "A parameter passed to the API is invalid (参数无效).",
    ),
    Entry::native_sdk(200, "USER_ALREADY_LOGIN", "USER_ALREADY_LOGIN").explain(
        "This user ID is already logged in (已登录) on this client.",
    ),
    Entry::native_sdk(201, "USER_NOT_LOGIN", "USER_NOT_LOGIN").explain(
        "The call needs a logged-in user (未登录), e.g. sending a message or calling group APIs before login \
         succeeded.",
    ),
    Entry::native_sdk(202, "USER_AUTHENTICATION_FAILED", "USER_AUTHENTICATION_FAILED").explain(
        "Authentication failed (鉴权失败): wrong user ID or password, or a token that is invalid or expired.",
    ),
    Entry::native_sdk(203, "USER_ALREADY_EXIST", "USER_ALREADY_EXIST").explain(
        "Registration used a user ID that is already taken (用户已存在).",
    ),
    Entry::native_sdk(204, "USER_NOT_FOUND", "USER_NOT_FOUND").explain(
        "The user ID does not exist (用户不存在), e.g. at login or when fetching that user's conversations.",
    ),
    Entry::native_sdk(205, "USER_ILLEGAL_ARGUMENT", "USER_ILLEGAL_ARGUMENT").explain(
        "A user-related argument is wrong (用户参数错误), such as an empty or invalid user ID when creating a user \
         or updating attributes.",
    ),
    Entry::native_sdk(206, "USER_LOGIN_ANOTHER_DEVICE", "USER_LOGIN_ANOTHER_DEVICE").explain(
        "This device was logged out because the account signed in elsewhere (异地登录) without multi-device \
         login enabled.",
    ),
    Entry::native_sdk(207, "USER_REMOVED", "USER_REMOVED").explain(
        "The logged-in account has been deleted (用户已注销), e.g. from the console.",
    ),
    Entry::native_sdk(208, "USER_REG_FAILED", "USER_REG_FAILED").explain(
        "Registering the user failed (注册失败), for example because open registration is not enabled.",
    ),
    Entry::native_sdk(209, "USER_UPDATEINFO_FAILED", "USER_UPDATEINFO_FAILED").explain(
        "Updating the push settings failed, e.g. the push nickname or do-not-disturb (免打扰) configuration.",
    ),
    Entry::native_sdk(210, "USER_PERMISSION_DENIED", "USER_PERMISSION_DENIED").explain(
        "The user lacks permission (无权限), e.g. sending to someone who blocked them (黑名单), editing another \
         user's message or member attributes, or a plain member disbanding a thread.",
    ),
    Entry::native_sdk(213, "USER_BIND_ANOTHER_DEVICE", "USER_BIND_ANOTHER_DEVICE").explain(
        "Single-device mode with first-login-wins: the account is already bound to another device \
         (已在其他设备登录), so this login is refused.",
    ),
    Entry::native_sdk(214, "USER_LOGIN_TOO_MANY_DEVICES", "USER_LOGIN_TOO_MANY_DEVICES").explain(
        "The account is already logged in on its maximum number of devices (设备数超限) and kicking is disabled, \
         so an automatic login is refused.",
    ),
    Entry::native_sdk(215, "USER_MUTED", "USER_MUTED").explain(
        "The user is muted (禁言) in this group or chatroom and cannot send.",
    ),
    Entry::native_sdk(216, "USER_KICKED_BY_CHANGE_PASSWORD", "USER_KICKED_BY_CHANGE_PASSWORD").explain(
        "The session ended because the account's password was changed (密码已修改).",
    ),
    Entry::native_sdk(217, "USER_KICKED_BY_OTHER_DEVICE", "USER_KICKED_BY_OTHER_DEVICE").explain(
        "In multi-device mode this device was forced offline (被踢下线) from another device or by an \
         administrator.",
    ),
    Entry::native_sdk(218, "USER_ALREADY_LOGIN_ANOTHER", "USER_ALREADY_LOGIN_ANOTHER").explain(
        "A different account is already logged in on this device (其他用户已登录); log it out first.",
    ),
    Entry::native_sdk(219, "USER_MUTED_BY_ADMIN", "USER_MUTED_BY_ADMIN").explain(
        "The user is muted app-wide (全局禁言) and cannot send.",
    ),
    Entry::native_sdk(220, "USER_DEVICE_CHANGED", "USER_DEVICE_CHANGED").explain(
        "An automatic login came from a device other than the last one used (登录设备变更) while first-login-wins \
         is on, so it is refused.",
    ),
    Entry::native_sdk(221, "USER_NOT_ON_ROSTER", "USER_NOT_ON_ROSTER").explain(
        "Only contacts may message each other (非好友禁止发消息) and the recipient is not a contact.",
    ),
    Entry::native_sdk(300, "SERVER_NOT_REACHABLE", "SERVER_NOT_REACHABLE").explain(
        "The server cannot be reached (服务器不可达): no live connection while sending or recalling, or an \
         unstable network during group or contact requests.",
    ),
    Entry::native_sdk(301, "SERVER_TIMEOUT", "SERVER_TIMEOUT").explain(
        "The server did not answer in time (请求超时), usually within 30 or 60 seconds.",
    ),
    Entry::native_sdk(302, "SERVER_BUSY", "SERVER_BUSY").explain(
        "The server is busy (服务器繁忙); retry a little later.",
    ),
    Entry::native_sdk(303, "SERVER_UNKNOWN_ERROR", "SERVER_UNKNOWN_ERROR").explain(
        "Generic server failure (服务器未知错误) with many possible causes; the logs are needed to tell which.",
    ),
    Entry::native_sdk(304, "SERVER_GET_DNSLIST_FAILED", "SERVER_GET_DNSLIST_FAILED").explain(
        "The SDK could not fetch the app's server configuration (DNS 配置) before connecting.",
    ),
    Entry::native_sdk(305, "SERVER_SERVICE_RESTRICTED", "SERVER_SERVICE_RESTRICTED").explain(
        "The app has been disabled (应用被禁用), so its API calls are refused.",
    ),
    Entry::native_sdk(400, "FILE_NOT_FOUND", "FILE_NOT_FOUND").explain(
        "The file could not be found (文件未找到), e.g. the log file, or an attachment whose download failed.",
    ),
    Entry::native_sdk(401, "FILE_INVALID", "FILE_INVALID").explain(
        "The file is unusable (文件异常), e.g. when uploading an attachment or group shared file.",
    ),
    Entry::native_sdk(402, "FILE_UPLOAD_FAILED", "FILE_UPLOAD_FAILED").explain(
        "Uploading the file (上传文件), e.g. a message attachment, failed.",
    ),
    Entry::native_sdk(403, "FILE_DOWNLOAD_FAILED", "FILE_DOWNLOAD_FAILED").explain(
        "Downloading the file (下载文件), e.g. a message attachment, failed.",
    ),
    Entry::native_sdk(404, "FILE_DELETE_FAILED", "FILE_DELETE_FAILED").explain(
        "Deleting the old log file failed while the SDK was producing a new one. Client-only.",
    ),
    Entry::native_sdk(405, "FILE_TOO_LARGE", "FILE_TOO_LARGE").explain(
        "The attachment or group shared file is over the size limit (文件过大).",
    ),
    Entry::native_sdk(406, "FILE_CONTENT_IMPROPER", "FILE_CONTENT_IMPROPER").explain(
        "The attachment or group shared file failed the content check (内容不合规).",
    ),
    Entry::native_sdk(407, "FILE_IS_EXPIRED", "FILE_IS_EXPIRED").explain(
        "The attachment or group shared file has expired (文件已过期); such files are kept 7 days by default.",
    ),
    Entry::native_sdk(500, "MESSAGE_INVALID", "MESSAGE_INVALID").explain(
        "The message object is invalid (消息异常): null message or ID, or a sender different from the logged-in \
         user.",
    ),
    Entry::native_sdk(501, "MESSAGE_INCLUDE_ILLEGAL_CONTENT", "MESSAGE_INCLUDE_ILLEGAL_CONTENT").explain(
        "The content filter classified the message as illegal (违规内容).",
    ),
    Entry::native_sdk(502, "MESSAGE_SEND_TRAFFIC_LIMIT", "MESSAGE_SEND_TRAFFIC_LIMIT").explain(
        "Messages are being sent too fast (消息限流); slow down or send smaller messages.",
    ),
    Entry::native_sdk(504, "MESSAGE_RECALL_TIME_LIMIT", "MESSAGE_RECALL_TIME_LIMIT").explain(
        "The recall window has passed (超出撤回时限).",
    ),
    Entry::native_sdk(505, "SERVICE_NOT_ENABLED", "SERVICE_NOT_ENABLED").explain(
        "The feature being used is not enabled (服务未开通) for this app.",
    ),
    Entry::native_sdk(506, "MESSAGE_EXPIRED", "MESSAGE_EXPIRED").explain(
        "The message is too old (消息已过期), e.g. a group read receipt sent after the 3-day default limit.",
    ),
    Entry::native_sdk(507, "MESSAGE_ILLEGAL_WHITELIST", "MESSAGE_ILLEGAL_WHITELIST").explain(
        "The group or chatroom is muted for everyone (全员禁言) and the sender is not on its allow list (白名单).",
    ),
    Entry::native_sdk(508, "MESSAGE_EXTERNAL_LOGIC_BLOCKED", "MESSAGE_EXTERNAL_LOGIC_BLOCKED").explain(
        "A pre-send callback (发送前回调) on the customer's own server rejected the message.",
    ),
    Entry::native_sdk(509, "MESSAGE_CURRENT_LIMITING", "MESSAGE_CURRENT_LIMITING").explain(
        "The sender exceeded a per-user send rate limit (限流), which is off unless configured for the app.",
    ),
    Entry::native_sdk(510, "MESSAGE_SIZE_LIMIT", "MESSAGE_SIZE_LIMIT").explain(
        "The message body is larger than allowed (消息体过大).",
    ),
    Entry::native_sdk(511, "MESSAGE_EDIT_FAILED", "MESSAGE_EDIT_FAILED").explain(
        "Editing the message failed (修改消息失败).",
    ),
    Entry::native_sdk(600, "GROUP_INVALID_ID", "GROUP_INVALID_ID").explain(
        "The group ID is empty or invalid (群组 ID 无效).",
    ),
    Entry::native_sdk(601, "GROUP_ALREADY_JOINED", "GROUP_ALREADY_JOINED").explain(
        "The user is already a member of the group (已在群组内).",
    ),
    Entry::native_sdk(602, "GROUP_NOT_JOINED", "GROUP_NOT_JOINED").explain(
        "The user is not a member of the group (未加入群组) being messaged or operated on.",
    ),
    Entry::native_sdk(603, "GROUP_PERMISSION_DENIED", "GROUP_PERMISSION_DENIED").explain(
        "The user's role does not allow this group operation (群组权限不足), e.g. a plain member appointing an \
         admin.",
    ),
    Entry::native_sdk(604, "GROUP_MEMBERS_FULL", "GROUP_MEMBERS_FULL").explain(
        "The group is full (群已满): it has the maximum member count set at creation.",
    ),
    Entry::native_sdk(605, "GROUP_SHARED_FILE_INVALIDID", "GROUP_SHARED_FILE_INVALIDID").explain(
        "The group shared file (群共享文件) ID is invalid.",
    ),
    Entry::native_sdk(606, "GROUP_NOT_EXIST", "GROUP_NOT_EXIST").explain("The group does not exist (群组不存在)."),
    Entry::native_sdk(607, "GROUP_DISABLED", "GROUP_DISABLED").explain(
        "The group has been disabled (群组被禁用).",
    ),
    Entry::native_sdk(608, "GROUP_NAME_VIOLATION", "GROUP_NAME_VIOLATION").explain(
        "The group name is not acceptable (群组名称无效).",
    ),
    Entry::native_sdk(609, "GROUP_MEMBER_ATTRIBUTES_REACH_LIMIT", "GROUP_MEMBER_ATTRIBUTES_REACH_LIMIT").explain(
        "The member already has the maximum number of custom group-member attributes (群成员属性).",
    ),
    Entry::native_sdk(610, "GROUP_MEMBER_ATTRIBUTES_UPDATE_FAILED", "GROUP_MEMBER_ATTRIBUTES_UPDATE_FAILED").explain(
        "Setting custom group-member attributes (群成员属性) failed.",
    ),
    Entry::native_sdk(611, "GROUP_MEMBER_ATTRIBUTES_KEY_REACH_LIMIT", "GROUP_MEMBER_ATTRIBUTES_KEY_REACH_LIMIT").explain(
        "A custom group-member attribute key is longer than 16 bytes.",
    ),
    Entry::native_sdk(612, "GROUP_MEMBER_ATTRIBUTES_VALUE_REACH_LIMIT", "GROUP_MEMBER_ATTRIBUTES_VALUE_REACH_LIMIT").explain(
        "A custom group-member attribute value is longer than 512 bytes.",
    ),
    Entry::native_sdk(700, "CHATROOM_INVALID_ID", "CHATROOM_INVALID_ID").explain(
        "The chatroom ID is empty or invalid (聊天室 ID 无效).",
    ),
    Entry::native_sdk(701, "CHATROOM_ALREADY_JOINED", "CHATROOM_ALREADY_JOINED").explain(
        "The user is already in the chatroom (已在聊天室).",
    ),
    Entry::native_sdk(702, "CHATROOM_NOT_JOINED", "CHATROOM_NOT_JOINED").explain(
        "The user has not joined the chatroom (未加入聊天室) being messaged or operated on.",
    ),
    Entry::native_sdk(703, "CHATROOM_PERMISSION_DENIED", "CHATROOM_PERMISSION_DENIED").explain(
        "The user's role does not allow this chatroom operation (聊天室权限不足), e.g. a plain member appointing an \
         admin.",
    ),
    Entry::native_sdk(704, "CHATROOM_MEMBERS_FULL", "CHATROOM_MEMBERS_FULL").explain(
        "The chatroom is full (聊天室已满): it has the maximum member count set at creation.",
    ),
    Entry::native_sdk(705, "CHATROOM_NOT_EXIST", "CHATROOM_NOT_EXIST").explain(
        "The chatroom does not exist (聊天室不存在).",
    ),
    Entry::native_sdk(706, "CHATROOM_OWNER_NOT_ALLOW_LEAVE", "CHATROOM_OWNER_NOT_ALLOW_LEAVE").explain(
        "The chatroom owner (聊天室所有者) tried to leave while `ChatOptions#allowChatroomOwnerLeave` is false. \
         Client-only.",
    ),
    Entry::native_sdk(900, "USERINFO_USERCOUNT_EXCEED", "USERINFO_USERCOUNT_EXCEED").explain(
        "More than 100 users were asked for in one user-attribute (用户属性) query.",
    ),
    Entry::native_sdk(901, "USERINFO_DATALENGTH_EXCEED", "USERINFO_DATALENGTH_EXCEED").explain(
        "The user attributes (用户属性) are too large: over 2 KB for one user, or over 10 GB for the whole app.",
    ),
    Entry::native_sdk(1000, "CONTACT_ADD_FAILED", "CONTACT_ADD_FAILED").explain(
        "Adding the contact (添加好友) failed.",
    ),
    Entry::native_sdk(1001, "CONTACT_REACH_LIMIT", "CONTACT_REACH_LIMIT").explain(
        "The inviting user already has the maximum number of contacts (好友上限).",
    ),
    Entry::native_sdk(1002, "CONTACT_REACH_LIMIT_PEER", "CONTACT_REACH_LIMIT_PEER").explain(
        "The invited user already has the maximum number of contacts (好友上限).",
    ),
    Entry::native_sdk(1100, "PRESENCE_PARAM_LENGTH_EXCEED", "PRESENCE_PARAM_LENGTH_EXCEED").explain(
        "A presence (在线状态) API parameter is longer than allowed.",
    ),
    Entry::native_sdk(1101, "PRESENCE_CANNOT_SUBSCRIBE_YOURSELF", "PRESENCE_CANNOT_SUBSCRIBE_YOURSELF").explain(
        "A user cannot subscribe to their own presence (在线状态).",
    ),
    Entry::native_sdk(1110, "TRANSLATE_PARAM_INVALID", "TRANSLATE_PARAM_INVALID").explain(
        "A translation (翻译) parameter is invalid.",
    ),
    Entry::native_sdk(1111, "TRANSLATE_SERVICE_NOT_ENABLE", "TRANSLATE_SERVICE_NOT_ENABLE").explain(
        "The translation service (翻译服务) is not enabled for the app; turn it on in the console first.",
    ),
    Entry::native_sdk(1112, "TRANSLATE_USAGE_LIMIT", "TRANSLATE_USAGE_LIMIT").explain(
        "The app has used up its translation quota (翻译用量).",
    ),
    Entry::native_sdk(1113, "TRANSLATE_MESSAGE_FAIL", "TRANSLATE_MESSAGE_FAIL").explain(
        "Translating the message failed (翻译失败).",
    ),
    Entry::native_sdk(1200, "MODERATION_FAILED", "MODERATION_FAILED").explain(
        "A third-party moderation service (内容审核) rejected the message.",
    ),
    Entry::native_sdk(1299, "THIRD_SERVER_FAILED", "THIRD_SERVER_FAILED").explain(
        "A third-party review service other than content moderation rejected the message.",
    ),
    Entry::native_sdk(1300, "REACTION_REACH_LIMIT", "REACTION_REACH_LIMIT").explain(
        "The message already has the maximum number of reactions (Reaction 上限).",
    ),
    Entry::native_sdk(1301, "REACTION_HAS_BEEN_OPERATED", "REACTION_HAS_BEEN_OPERATED").explain(
        "The user already added this reaction (Reaction 重复) and cannot add it twice.",
    ),
    Entry::native_sdk(1302, "REACTION_OPERATION_IS_ILLEGAL", "REACTION_OPERATION_IS_ILLEGAL").explain(
        "The user may not change this reaction, e.g. removing one they never added, or reacting to a \
         one-to-one message they neither sent nor received.",
    ),
    Entry::native_sdk(1500, "PUSH_NOT_SUPPORT", "PUSH_NOT_SUPPORT").explain(
        "The configured third-party push service (第三方推送) is not supported on this device. Client-only.",
    ),
    Entry::native_sdk(1501, "PUSH_BIND_FAILED", "PUSH_BIND_FAILED").explain(
        "Uploading the third-party push token (推送 token) to the server failed.",
    ),
    Entry::native_sdk(1502, "PUSH_UNBIND_FAILED", "PUSH_UNBIND_FAILED").explain(
        "Unbinding the third-party push token (推送 token) failed.",
    ),
];
