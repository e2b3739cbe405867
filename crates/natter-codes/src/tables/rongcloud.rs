//! RongCloud Server API: the HTTP status tables and every code of 通用错误码 and 业务错误码 (seed 000).
//!
//! The `message` of a code row is the seed's 说明 text, byte for byte: it is the `errorMessage` of the reply
//! body `{"code","errorMessage","requestId"}`. The names are Natter's own (RongCloud documents none). Each code
//! row also carries the HTTP status Natter answers it with, chosen by one rule so that clients can branch on it:
//!
//! * 200: success, and the three informational "already sent" codes (1020, 1029, 1034);
//! * 400: a bad parameter, or a request that contradicts the current state (already exists, already a
//!   member, not a member, full) or whose content is refused as given (too long, sensitive words, bad type);
//! * 401: a credential that fails verification (the API signature 1002, the user tokens 2000–2002);
//! * 403: the caller is known but not allowed: bans, mutes, blocklists, kicks, missing rights, spent quota,
//!   content or accounts under review;
//! * 404: the named user, group, chat room, message or file does not exist (or no longer does);
//! * 429: the rate limit 1037;
//! * 500: a failure inside Natter; 502: an upstream Natter depends on (push vendor, the app's callback
//!   server) failed; 503: Natter is unavailable; 504: an internal hop or the app's callback timed out.

use crate::{Dialect, Entry};

/// A RongCloud code answered with HTTP `status`.
const fn code(code: i64, status: u16, name: &'static str, message: &'static str) -> Entry {
    Entry {
        http_status: Some(status),
        ..Entry::rongcloud(code, name, message)
    }
}

/// A row of the seed's HTTP status tables.
const fn http(status: u16, name: &'static str, message: &'static str) -> Entry {
    Entry::http(Dialect::RongCloud, status, name, message).source("seed 000")
}

/// The rows of this dialect: the HTTP statuses, then the codes, in the seed's order.
pub static RONGCLOUD: &[Entry] = &[
    // HTTP 状态码: 成功状态码, 客户端错误状态码, 服务端错误状态码.
    http(200, "OK", "请求成功").explain(
        "The request was handled. A RongCloud reply still carries its own `code` in the body (200 for \
         success); Natter sends the same, so callers should read the body's code, not only the status.",
    ),
    http(400, "Bad Request", "请求参数错误").explain(
        "The request cannot be carried out as sent: a parameter is missing or malformed (code 1001), or the \
         request contradicts the current state or carries refused content. The body's code says which.",
    ),
    http(401, "Unauthorized", "未授权，签名验证失败").explain(
        "The request is not authenticated: the App-Key, Nonce, Timestamp or Signature headers are missing or \
         the signature does not verify (code 1002). Natter also uses 401 for rejected user tokens (2000–2002).",
    ),
    http(403, "Forbidden", "禁止访问，权限不足").explain(
        "The caller is authenticated but not allowed to do this: missing rights (2003–2007), bans, mutes, \
         blocklists and kicks, a spent quota (1038), or an account or content under review (2012–2015).",
    ),
    http(404, "Not Found", "接口不存在").explain(
        "No API lives at this path (接口不存在): check the URL and method. Natter also answers 404 for codes \
         that name a missing user, group, chat room, message or file (1003, 1012, 1014, 1016, 1018, 1019, 1026).",
    ),
    http(429, "Too Many Requests", "请求频率超限").explain(
        "The app sent more requests than its rate limit allows (code 1037). Slow down, queue and batch \
         requests, then retry after a pause.",
    ),
    http(500, "Internal Server Error", "服务器内部错误").explain(
        "Something failed inside Natter (codes 1000, 1021, 1027, 1041–1045). The cause is in the server log, \
         under the reply's requestId; retrying later may succeed.",
    ),
    http(502, "Bad Gateway", "网关错误").explain(
        "A service Natter relies on answered badly: a push vendor (1028) or the app's own callback server \
         (1033). A reverse proxy in front of Natter also answers 502 when Natter itself is unreachable.",
    ),
    http(503, "Service Unavailable", "服务不可用").explain(
        "Natter cannot take the request right now, for example while overloaded or shutting down (code \
         1039). Retry with backoff.",
    ),
    http(504, "Gateway Timeout", "网关超时").explain(
        "Something did not answer in time: an internal hop (1040) or the app's callback server (1036). The \
         operation may or may not have happened; retry only if it is safe to repeat.",
    ),
    // 通用错误码.
    code(200, 200, "SUCCESS", "成功").explain(
        "Success (成功): the body code of every successful reply, sent with HTTP 200.",
    ),
    code(1000, 500, "INTERNAL_SERVER_ERROR", "内部服务器错误").explain(
        "An unexpected failure inside Natter (内部服务器错误) that the caller cannot fix. The detail goes to the \
         server log, never onto the wire; quote the requestId when reporting it. HTTP 500.",
    ),
    code(1001, 400, "INVALID_PARAMETER", "请求参数错误").explain(
        "A parameter is missing, malformed or out of range (请求参数错误). Check the field names, the required \
         fields, value formats and length limits of the API. HTTP 400.",
    ),
    code(1002, 401, "SIGNATURE_FAILED", "签名验证失败").explain(
        "The request signature did not verify (签名验证失败). The Signature header must be the hex SHA-1 of \
         App Secret + Nonce + Timestamp, using exactly the Nonce and Timestamp headers sent; check the App-Key, \
         the secret, the encoding and the clock. HTTP 401.",
    ),
    code(1003, 404, "USER_NOT_FOUND", "用户不存在").explain(
        "No user has this user ID (用户不存在): it was never registered, was deleted, or is misspelled. Register \
         the user (getToken) or correct the ID. HTTP 404.",
    ),
    code(1004, 400, "USER_ALREADY_EXISTS", "用户已存在").explain(
        "This user ID is already registered (用户已存在); there is no need to register it again. Use the \
         existing account, or update it instead of creating it. HTTP 400.",
    ),
    code(1005, 403, "USER_BANNED", "用户被封禁").explain(
        "The user is banned (封禁) and may not connect or act until the ban ends or is lifted through the \
         unban API. HTTP 403.",
    ),
    code(1006, 403, "USER_MUTED", "用户被禁言").explain(
        "The user is muted across the whole app (全局禁言) and may not send messages until the mute expires or \
         is lifted. Natter uses this code for app-wide mutes and 2010 (same text) for a mute inside one group or \
         chat room. HTTP 403.",
    ),
    code(1007, 400, "USER_NOT_ONLINE", "用户不在线").explain(
        "The operation needs a live connection of the user, and the user has none (用户不在线). Retry once the \
         user is connected, or use a path that works offline (offline messages, push). HTTP 400.",
    ),
    code(1008, 400, "USER_ALREADY_ONLINE", "用户已在线").explain(
        "The user is already connected (用户已在线), so a request to bring the user online changes nothing. \
         HTTP 400.",
    ),
    code(1009, 400, "USER_ALREADY_OFFLINE", "用户已离线").explain(
        "The user's connection has already ended (用户已离线); a disconnect or kick has nothing left to act on. \
         HTTP 400.",
    ),
    code(1010, 400, "USER_ALREADY_IN_GROUP", "用户已加入群组").explain(
        "The user is already a member of the group (用户已加入群组); joining or adding the user again changes \
         nothing. HTTP 400.",
    ),
    code(1011, 400, "USER_NOT_IN_GROUP", "用户未加入群组").explain(
        "The user is not a member of the group (用户未加入群组), so an operation that needs membership (quit, \
         member mute, sending as a member) cannot run. Add the user first or check both IDs. HTTP 400.",
    ),
    code(1012, 404, "GROUP_NOT_FOUND", "群组不存在").explain(
        "No group has this group ID (群组不存在). Check the ID, or create the group first. HTTP 404.",
    ),
    code(1013, 400, "GROUP_ALREADY_EXISTS", "群组已存在").explain(
        "A group with this ID already exists (群组已存在). Use the existing group or pick another ID. HTTP 400.",
    ),
    code(1014, 404, "GROUP_DISMISSED", "群组已解散").explain(
        "The group has been dissolved (解散); its ID accepts no further operations. Natter treats it as gone. \
         Create a new group if one is needed. HTTP 404.",
    ),
    code(1015, 400, "GROUP_FULL", "群组已满员").explain(
        "The group has reached its member limit (满员); nobody else can join until members leave or the limit \
         is raised. HTTP 400.",
    ),
    code(1016, 404, "CHATROOM_NOT_FOUND", "聊天室不存在").explain(
        "No chat room has this chat room ID (聊天室不存在). Check the ID, or create the chat room first. HTTP 404.",
    ),
    code(1017, 400, "CHATROOM_ALREADY_EXISTS", "聊天室已存在").explain(
        "A chat room with this ID already exists (聊天室已存在). Use it, or pick another ID. HTTP 400.",
    ),
    code(1018, 404, "CHATROOM_CLOSED", "聊天室已关闭").explain(
        "The chat room has been closed or destroyed (聊天室已关闭) and accepts no further operations; Natter \
         treats it as gone. HTTP 404.",
    ),
    code(1019, 404, "MESSAGE_NOT_FOUND", "消息不存在").explain(
        "No message has this message ID (消息不存在), for example when recalling or fetching history. Check the \
         message UID. HTTP 404.",
    ),
    code(1020, 200, "MESSAGE_ALREADY_SENT", "消息已发送").explain(
        "Informational, not a failure: the message was already sent (消息已发送), so a repeated request for it \
         did nothing new. HTTP 200.",
    ),
    code(1021, 500, "MESSAGE_SEND_FAILED", "消息发送失败").explain(
        "Natter accepted the message but could not store or deliver it (消息发送失败). Check the parameters and \
         retry; persistent failures are in the server log. HTTP 500.",
    ),
    code(1022, 400, "MESSAGE_TOO_LONG", "消息内容过长").explain(
        "The message content is larger than the allowed size (消息内容过长). Shorten it or send the payload as a \
         file. HTTP 400.",
    ),
    code(1023, 400, "MESSAGE_SENSITIVE_WORDS", "消息内容包含敏感词").explain(
        "The message content matched the app's sensitive-word filter (敏感词) and was refused. Change the \
         content. HTTP 400.",
    ),
    code(1024, 400, "MESSAGE_TYPE_UNSUPPORTED", "消息类型不支持").explain(
        "The message type (objectName) is unknown or not allowed for this operation (消息类型不支持). Use a \
         supported or registered type. HTTP 400.",
    ),
    code(1025, 400, "FILE_UPLOAD_FAILED", "文件上传失败").explain(
        "The uploaded file was refused or could not be stored (文件上传失败), most often because it is too large \
         or of an unaccepted format. Check size and type, then upload again. HTTP 400.",
    ),
    code(1026, 404, "FILE_NOT_FOUND", "文件不存在").explain(
        "No file has this file ID (文件不存在), or it has expired. Check the ID. HTTP 404.",
    ),
    code(1027, 500, "FILE_DOWNLOAD_FAILED", "文件下载失败").explain(
        "The file exists but could not be read back (文件下载失败). Retry later; check that the file is still \
         accessible in storage. HTTP 500.",
    ),
    code(1028, 502, "PUSH_FAILED", "推送失败").explain(
        "The push notification could not be handed to the push vendor (推送失败): the app's push configuration \
         (certificates, keys) is missing or the vendor refused it. HTTP 502.",
    ),
    code(1029, 200, "PUSH_ALREADY_SENT", "推送已发送").explain(
        "Informational, not a failure: the push was already sent (推送已发送), so a repeated request did nothing \
         new. HTTP 200.",
    ),
    code(1030, 400, "PUSH_CONTENT_TOO_LONG", "推送内容过长").explain(
        "The push text or payload is longer than allowed (推送内容过长). Shorten it. HTTP 400.",
    ),
    code(1031, 400, "PUSH_SENSITIVE_WORDS", "推送内容包含敏感词").explain(
        "The push content matched the sensitive-word filter (敏感词) and was refused. Change the content. \
         HTTP 400.",
    ),
    code(1032, 400, "PUSH_TYPE_UNSUPPORTED", "推送类型不支持").explain(
        "The push type or target platform is not supported (推送类型不支持). Check the platform and audience \
         fields. HTTP 400.",
    ),
    code(1033, 502, "CALLBACK_FAILED", "回调失败").explain(
        "Natter called the app's callback server and got an error or an unreadable answer (回调失败). Check \
         the callback URL and that the app server replies in the documented format. HTTP 502.",
    ),
    code(1034, 200, "CALLBACK_ALREADY_SENT", "回调已发送").explain(
        "Informational, not a failure: the callback was already delivered (回调已发送), so a repeated request \
         did nothing new. HTTP 200.",
    ),
    code(1035, 400, "CALLBACK_URL_INVALID", "回调地址无效").explain(
        "The configured or supplied callback URL is malformed or not allowed (回调地址无效). Use an absolute \
         http(s) URL. HTTP 400.",
    ),
    code(1036, 504, "CALLBACK_TIMEOUT", "回调超时").explain(
        "The app's callback server did not answer in time (回调超时). Make the callback answer faster, or do \
         the slow work after replying. HTTP 504.",
    ),
    code(1037, 429, "RATE_LIMITED", "频率限制").explain(
        "The app exceeded its request rate limit (频率限制). Lower the request rate, queue and batch requests, \
         and retry after a pause. HTTP 429.",
    ),
    code(1038, 403, "QUOTA_EXCEEDED", "配额超限").explain(
        "The app has used up a quota (配额), such as a daily or total allowance; retrying will not help until \
         the quota resets or is raised. HTTP 403.",
    ),
    code(1039, 503, "SERVICE_UNAVAILABLE", "服务不可用").explain(
        "Natter cannot serve the request right now (服务不可用), for example while overloaded or restarting. \
         Retry later with backoff. HTTP 503.",
    ),
    code(1040, 504, "NETWORK_TIMEOUT", "网络超时").explain(
        "An internal network hop timed out (网络超时) while handling the request. The outcome is unknown; retry \
         if the operation is safe to repeat. HTTP 504.",
    ),
    code(1041, 500, "DATABASE_ERROR", "数据库错误").explain(
        "The database failed while handling the request (数据库错误). Nothing the caller can fix; the detail is \
         in the server log. HTTP 500.",
    ),
    code(1042, 500, "CACHE_ERROR", "缓存错误").explain(
        "The cache layer failed while handling the request (缓存错误). Nothing the caller can fix; retry later. \
         HTTP 500.",
    ),
    code(1043, 500, "QUEUE_ERROR", "队列错误").explain(
        "The internal message queue failed (队列错误). Nothing the caller can fix; retry later. HTTP 500.",
    ),
    code(1044, 500, "STORAGE_ERROR", "存储错误").explain(
        "File or blob storage failed (存储错误). Nothing the caller can fix; retry later. HTTP 500.",
    ),
    code(1045, 500, "COMPUTATION_ERROR", "计算错误").explain(
        "An internal computation failed (计算错误). Nothing the caller can fix; the detail is in the server \
         log. HTTP 500.",
    ),
    // 业务错误码.
    code(2000, 401, "TOKEN_INVALID", "用户 Token 无效").explain(
        "The user token cannot be verified (Token 无效): malformed, unknown, or issued for another app or user. \
         Obtain a new token through getToken. HTTP 401.",
    ),
    code(2001, 401, "TOKEN_EXPIRED", "用户 Token 过期").explain(
        "The user token has passed its expiry time (Token 过期). Obtain a new token through getToken. HTTP 401.",
    ),
    code(2002, 401, "TOKEN_REVOKED", "用户 Token 被吊销").explain(
        "The user token was revoked (吊销), for example by an explicit expire call or a ban. Obtain a new token \
         through getToken. HTTP 401.",
    ),
    code(2003, 403, "GROUP_PERMISSION_DENIED", "群组权限不足").explain(
        "The user lacks the group role this operation needs (群组权限不足), e.g. only the owner or an admin \
         may do it. HTTP 403.",
    ),
    code(2004, 403, "CHATROOM_PERMISSION_DENIED", "聊天室权限不足").explain(
        "The user lacks the chat room role this operation needs (聊天室权限不足). HTTP 403.",
    ),
    code(2005, 403, "MESSAGE_PERMISSION_DENIED", "消息权限不足").explain(
        "The user may not perform this message operation (消息权限不足), e.g. recalling someone else's message \
         or sending a restricted type. HTTP 403.",
    ),
    code(2006, 403, "PUSH_PERMISSION_DENIED", "推送权限不足").explain(
        "The app is not entitled to this push feature (推送权限不足). Enable it for the app. HTTP 403.",
    ),
    code(2007, 403, "CALLBACK_PERMISSION_DENIED", "回调权限不足").explain(
        "The app is not entitled to this callback (回调权限不足). Enable the callback service for the app. \
         HTTP 403.",
    ),
    code(2008, 403, "KICKED_FROM_GROUP", "用户被踢出群组").explain(
        "The user was removed from the group (踢出群组) and can no longer act in it. The user has to be added \
         again. HTTP 403.",
    ),
    code(2009, 403, "KICKED_FROM_CHATROOM", "用户被踢出聊天室").explain(
        "The user was removed from the chat room (踢出聊天室), possibly with a ban period, and has to rejoin. \
         HTTP 403.",
    ),
    code(2010, 403, "MEMBER_MUTED", "用户被禁言").explain(
        "The user is muted in this group or chat room (禁言) and may not send there until the mute expires or \
         is lifted. Same text as 1006; Natter uses 1006 for app-wide mutes and this code for per-conversation \
         mutes. HTTP 403.",
    ),
    code(2011, 403, "USER_BLOCKED", "用户被拉黑").explain(
        "The recipient has put the sender on their blocklist (拉黑), so the message or request is refused. \
         Only the recipient can remove the block. HTTP 403.",
    ),
    code(2012, 403, "USER_REPORTED", "用户被举报").explain(
        "The user was reported (举报) and is restricted while the report is reviewed. Wait for the review. \
         HTTP 403.",
    ),
    code(2013, 403, "CONTENT_REPORTED", "内容被举报").explain(
        "The content was reported (举报) and is withheld while the report is reviewed. HTTP 403.",
    ),
    code(2014, 403, "GROUP_REPORTED", "群组被举报").explain(
        "The group was reported (举报) and is restricted while the report is reviewed. HTTP 403.",
    ),
    code(2015, 403, "CHATROOM_REPORTED", "聊天室被举报").explain(
        "The chat room was reported (举报) and is restricted while the report is reviewed. HTTP 403.",
    ),
];
