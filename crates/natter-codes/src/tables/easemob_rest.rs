//! Easemob / Agora Chat REST error replies: HTTP statuses and `(status, error, error_description)` triples.
//!
//! Sources, in the order a row's `source` prefers them: the status and error tables of seeds 001 and 003,
//! the per-endpoint error tables and "Errors:" notes of `reference/easemob-rest-users-messages.md` and
//! `reference/easemob-rest-groups-chatrooms.md`, and the REST replies that `reference/msync/ERRORS.md` §2
//! says the Web SDK interprets. Rows are deduplicated by (HTTP status, `error`, `error_description`).
//!
//! `message` is the `error_description` exactly as documented: odd spellings, sample values (`XX`,
//! `XXX`, `hxtest1`, `{appkey}`, `%s`, `{}Bytes`), trailing spaces and punctuation are wire text.
//! Backticks, wrapping quotes and editorial notes of the references are not; a documented `\n` is a
//! real newline. Where a text is documented in several variants (’ or ', with or without a trailing
//! comma, `XX` or `XXX`), each variant is its own row. Placeholder cells (`—`, `-`, `(empty)`, `任意`)
//! become empty strings. `name` is Natter's own identifier: the vendor has none for REST replies.

use crate::{Dialect, Entry};

/// The rows of this dialect.
pub static EASEMOB_REST: &[Entry] = &[
    // ---- HTTP statuses (错误状态码概述): the status tables of seeds 001 and 003
    Entry::http(Dialect::EasemobRest, 400, "Bad Request", "Bad Request")
        .explain(
            "The request was malformed or a parameter was rejected (错误请求); the `error` and \
             `error_description` fields say which.",
        )
        .source("seed 001"),
    Entry::http(Dialect::EasemobRest, 401, "Unauthorized", "Unauthorized")
        .explain(
            "The app or user token is missing, expired or not recognised (未授权); endpoints behind \
             a token answer this way.",
        )
        .source("seed 001"),
    Entry::http(Dialect::EasemobRest, 403, "Forbidden", "Forbidden")
        .explain(
            "The server understood the request but refuses it (禁止): an illogical group or chat \
             room operation such as adding an existing member, or a message quota exceeded (20 \
             group messages/s, 100 chat room messages/s).",
        )
        .source("seed 001"),
    Entry::http(Dialect::EasemobRest, 404, "Not Found", "Not Found")
        .explain("The endpoint or the addressed resource does not exist (未找到).")
        .source("seed 001"),
    Entry::http(
        Dialect::EasemobRest,
        405,
        "Method Not Allowed",
        "Method Not Allowed",
    )
    .explain(
        "The path exists but not with this HTTP method (请求方式错误); use the \
         GET/POST/PUT/DELETE the endpoint documents.",
    )
    .source("seed 001"),
    Entry::http(Dialect::EasemobRest, 408, "Request Timeout", "Request Timeout")
        .explain("The server gave up waiting for the request to arrive (请求超时).")
        .source("seed 001"),
    Entry::http(Dialect::EasemobRest, 409, "Conflict", "Conflict")
        .explain(
            "Two concurrent operations collided (并发操作), for example two edits of the same \
             message at once; retry the loser.",
        )
        .source("seed 001"),
    Entry::http(
        Dialect::EasemobRest,
        413,
        "Request Entity Too Large",
        "Request Entity Too Large",
    )
    .explain(
        "The body or uploaded attachment is over the size limit (请求体过大 / 消息附件过大); \
         split the request or shrink the file.",
    )
    .source("seed 001"),
    Entry::http(
        Dialect::EasemobRest,
        415,
        "Unsupported Media Type",
        "Unsupported Media Type",
    )
    .explain("The request body's Content-Type is not one the endpoint accepts (请求体的类型不支持).")
    .source("seed 001"),
    Entry::http(
        Dialect::EasemobRest,
        429,
        "Too Many Requests",
        "Too Many Requests",
    )
    .explain(
        "The call-rate limit of the endpoint, or a plan (community/free edition) quota, was \
         exceeded (接口被限流); back off and retry.",
    )
    .source("seed 001"),
    Entry::http(
        Dialect::EasemobRest,
        500,
        "Internal Server Error",
        "Internal Server Error",
    )
    .explain(
        "The server failed while handling the request (服务器内部错误); the documented `error` \
         values are no_full_text_index, unsupported_service_operation and web_application.",
    )
    .source("seed 001"),
    Entry::http(Dialect::EasemobRest, 501, "Not Implemented", "Not Implemented")
        .explain("The server does not support the requested function, e.g. an unknown method (尚未实施).")
        .source("seed 001"),
    Entry::http(Dialect::EasemobRest, 502, "Bad Gateway", "Bad Gateway")
        .explain("A gateway or proxy in front of the service got an invalid answer from upstream (错误网关).")
        .source("seed 001"),
    Entry::http(
        Dialect::EasemobRest,
        503,
        "Service Unavailable",
        "Service Unavailable",
    )
    .explain("The service is temporarily unavailable (服务不可用); retry later.")
    .source("seed 001"),
    Entry::http(Dialect::EasemobRest, 504, "Gateway Timeout", "Gateway Timeout")
        .explain("A gateway or proxy in front of the service got no answer from upstream in time (网关超时).")
        .source("seed 001"),
    // ---- Tokens and authentication (Token 相关错误码, §1)
    Entry::rest(
        401,
        "TOKEN_REGISTRATION_CLOSED",
        "unauthorized",
        "registration is not open, please contact the app admin",
    )
    .explain(
        "The app uses authorized registration (授权注册), so registering a user needs a valid \
         app token; the token was missing, malformed or expired.",
    )
    .source("seed 001"),
    Entry::rest(
        401,
        "TOKEN_EXPIRED",
        "unauthorized",
        "Unable to authenticate due to expired access token",
    )
    .explain(
        "The app token has expired or no token was sent; fetch a new one. Applies to every \
         endpoint except single-user registration.",
    )
    .source("seed 001"),
    Entry::rest(
        401,
        "TOKEN_CORRUPT",
        "auth_bad_access_token",
        "Unable to authenticate due to corrupt access token",
    )
    .explain(
        "The token cannot be parsed, is a user token where an app token is needed, or belongs \
         to another app key.",
    )
    .source("seed 001"),
    Entry::rest(
        401,
        "TOKEN_UNKNOWN_ISSUER",
        "auth_bad_access_token",
        "Unable to authenticate",
    )
    .explain("The token is well formed but was not issued by this server, so it is not recognised.")
    .source("seed 001"),
    Entry::rest(
        401,
        "TOKEN_INVALID",
        "unauthorized",
        "Unable to authenticate (OAuth)",
    )
    .explain(
        "Generic token rejection listed on almost every endpoint: the token is invalid, expired \
         or for the wrong app. The Web SDK maps exactly this text to code 52 (NO_PERMISSION).",
    )
    .source("reference users-messages §0.6"),
    Entry::rest(401, "TOKEN_ILLEGAL", "unauthorized", "token is illegal.")
        .explain("The token was issued for a different app or identity than the one the request addresses.")
        .source("reference users-messages §2.2"),
    Entry::rest(401, "TOKEN_APP_LEVEL_REQUIRED", "unauthorized", "unauthorized")
        .explain(
            "The endpoint (app-wide user-attribute capacity) needs an app-level token; a user token \
             is not enough.",
        )
        .source("reference users-messages §3.4"),
    Entry::rest(
        401,
        "REGISTRATION_NEEDS_TOKEN",
        "unauthorized",
        "Open registration doesn't allow, so register user need token",
    )
    .explain(
        "Open registration (开放注册) is off, so a registration call without an app token is \
         refused.",
    )
    .source("reference users-messages §2.2"),
    Entry::rest(
        401,
        "REGISTRATION_NEEDS_TOKEN_COMMA",
        "unauthorized",
        "Open registration doesn't allow, so register user need token,",
    )
    .explain(
        "Same refusal as REGISTRATION_NEEDS_TOKEN, in the variant with a trailing comma that \
         the batch-registration table documents.",
    )
    .source("reference users-messages §2.3"),
    Entry::rest(
        404,
        "APP_NOT_FOUND",
        "organization_application_not_found",
        "Could not find application for XXX/XXX from URI: XXX/XXX/users",
    )
    .explain(
        "The org/app pair in the URL is not a known app key (应用); XXX stands for the org and \
         app names of the request.",
    )
    .source("reference users-messages §0.6"),
    Entry::rest(
        404,
        "APP_NOT_FOUND_TOKEN_SAMPLE",
        "organization_application_not_found",
        "Could not find application for hx/hxdeo2 from URI: hx/hxdeo2/token",
    )
    .explain(
        "Sample of APP_NOT_FOUND on the token endpoint: org/app `hx/hxdeo2` does not exist, or \
         the request went to the wrong cluster. The app key's `#` becomes `/` in the URL.",
    )
    .source("seed 003"),
    Entry::rest(
        400,
        "CLIENT_ID_MISSING",
        "illegal_argument",
        "client_id must be provided.",
    )
    .explain("The app-token request (client_credentials) has no `client_id`.")
    .source("reference users-messages §1.1"),
    Entry::rest(
        400,
        "CLIENT_SECRET_MISSING",
        "illegal_argument",
        "client_secret must be provided",
    )
    .explain("The app-token request (client_credentials) has no `client_secret`.")
    .source("reference users-messages §1.1"),
    Entry::rest(
        400,
        "CLIENT_ID_MISMATCH",
        "invalid_grant",
        "client_id does not match",
    )
    .explain(
        "The `client_id` sent for an app token is not the app's; copy it from the app's console \
         page.",
    )
    .source("seed 003"),
    Entry::rest(
        400,
        "CLIENT_SECRET_MISMATCH",
        "invalid_grant",
        "client_secret does not match",
    )
    .explain("The `client_secret` sent for an app token is not the app's.")
    .source("reference users-messages §1.1"),
    Entry::rest(
        400,
        "LOGIN_BAD_CREDENTIALS",
        "invalid_grant",
        "invalid username or password",
    )
    .explain("Password grant: the user ID or the password is wrong (older wording).")
    .source("seed 003"),
    Entry::rest(400, "LOGIN_BAD_PASSWORD", "invalid_grant", "invalid password")
        .explain(
            "Password grant: the password does not match the user. The Web SDK stops rotating REST \
             hosts on this text.",
        )
        .source("reference users-messages §1.3"),
    Entry::rest(400, "LOGIN_USER_BANNED", "invalid_grant", "user not activated")
        .explain(
            "The user is banned (封禁, `activated:false`), so no user token is issued until it is \
             activated again.",
        )
        .source("reference users-messages §1.3"),
    Entry::rest(404, "LOGIN_USER_NOT_FOUND", "invalid_grant", "user not found")
        .explain(
            "Token request for a user ID that does not exist. The Web SDK maps a 404 containing \
             `user not found` to 204 (USER_NOT_FOUND).",
        )
        .source("reference users-messages §1.3"),
    Entry::rest(
        409,
        "TOKEN_AUTO_CREATE_CONFLICT",
        "concurrent_operation_error",
        "concurrency create app user failed",
    )
    .explain(
        "Two `inherit` token requests with `autoCreateUser` raced to create the same user \
         within one second; retry. No error when the user already exists.",
    )
    .source("reference users-messages §1.3"),
    Entry::rest(
        429,
        "USER_QUOTA_COMMUNITY",
        "resource_limited",
        "You have exceeded the limit of the community edition,Please upgrade to the enterprise \
         edition",
    )
    .explain("Creating the user would exceed the plan's registered-user quota (free plan: 100 users).")
    .source("reference users-messages §1.3"),
    Entry::rest(
        429,
        "USER_QUOTA_FREE",
        "resource_limited",
        "You have exceeded the limit of the Free edition. Please upgrade to higher edition.",
    )
    .explain("Older wording of USER_QUOTA_COMMUNITY: a free-edition (免费版) limit was hit.")
    .source("seed 003"),
    // ---- Users (用户体系, §2)
    Entry::rest(
        404,
        "USER_NOT_FOUND",
        "service_resource_not_found",
        "Service resource not found",
    )
    .explain(
        "The user ID in the URL path does not exist (用户不存在); group and chat room paths use \
         it for a missing resource too. With `exception` UserNotFoundException the Web SDK \
         reports 204.",
    )
    .source("seed 001"),
    Entry::rest(
        400,
        "USERNAME_ILLEGAL",
        "illegal_argument",
        "username XXX is not legal",
    )
    .explain(
        "The user ID breaks the rules: at most 64 bytes of letters, digits, `_`, `-` and `.`. \
         XXX is the rejected ID.",
    )
    .source("reference users-messages §2.1"),
    Entry::rest(
        400,
        "USERNAME_ILLEGAL_BRACKETED",
        "illegal_argument",
        "username [XXX] is not legal",
    )
    .explain(
        "Variant of USERNAME_ILLEGAL with the ID in brackets, from authorized registration and \
         auto-creating token requests.",
    )
    .source("reference users-messages §1.3"),
    Entry::rest(
        400,
        "USERNAME_ILLEGAL_BARE",
        "illegal_argument",
        "username is not legal",
    )
    .explain("Older variant of USERNAME_ILLEGAL that does not name the rejected ID.")
    .source("seed 003"),
    Entry::rest(400, "USERNAME_TOO_LONG", "illegal_argument", "USERNAME_TOO_LONG")
        .explain("The user ID is longer than 64 bytes. The text is literally the constant name.")
        .source("reference users-messages §1.3"),
    Entry::rest(400, "NICKNAME_TOO_LONG", "illegal_argument", "NICKNAME_TOO_LONG")
        .explain(
            "The push nickname (推送昵称) is longer than 100 characters. The text is literally the \
             constant name.",
        )
        .source("reference users-messages §2.1"),
    Entry::rest(
        400,
        "PASSWORD_MISSING",
        "illegal_argument",
        "password or pin must provided",
    )
    .explain("Registration without a password, or with an empty one.")
    .source("seed 003"),
    Entry::rest(
        400,
        "USERNAME_MISSING",
        "illegal_argument",
        "Entity user requires a property named username",
    )
    .explain("Registration body without a `username` field.")
    .source("seed 003"),
    Entry::rest(
        400,
        "USER_REQUIRED_PROPERTY_NOT_FOUND",
        "required_property_not_found",
        "Entity user requires a property named username",
    )
    .explain(
        "The addressed user does not exist, e.g. resetting the password of, or globally muting \
         (全局禁言), an unknown user.",
    )
    .source("seed 003"),
    Entry::rest(
        400,
        "USER_ALREADY_EXISTS",
        "duplicate_unique_property_exists",
        "Application XXX Entity user requires that property named username be unique, value of XXX \
         exists",
    )
    .explain(
        "The user ID is already registered. In a batch, one existing ID fails the call and the \
         other IDs are not created either.",
    )
    .source("reference users-messages §2.1"),
    Entry::rest(
        400,
        "USER_ALREADY_EXISTS_SAMPLE",
        "duplicate_unique_property_exists",
        "Application null Entity user requires that property named username be unique, value of \
         hxtest1 exists",
    )
    .explain(
        "Sample of USER_ALREADY_EXISTS as the server prints it: application `null`, existing \
         user `hxtest1`.",
    )
    .source("seed 003"),
    Entry::rest(
        400,
        "USER_BATCH_PASSWORD_CONFLICT",
        "duplicate_unique_property_exists",
        "the same user XXX has a different password, the passwords are XXX",
    )
    .explain("A batch registration lists the same user ID twice with different passwords.")
    .source("reference users-messages §2.3"),
    Entry::rest(
        400,
        "USER_BATCH_TOO_LARGE",
        "illegal_argument",
        "Request body array size[XXX] had almost reached or been greater than the upper range \
         value[XXX]",
    )
    .explain("A batch registration carries more users than the limit of 60 per request.")
    .source("reference users-messages §2.3"),
    Entry::rest(
        400,
        "USER_DELETE_NOT_FOUND",
        "management",
        "User with id null does not exist in app XXX",
    )
    .explain("Deleting a single user whose ID the app does not know.")
    .source("reference users-messages §2.6"),
    Entry::rest(
        400,
        "NEW_PASSWORD_MISSING",
        "illegal_argument",
        "newpassword is required",
    )
    .explain("The change-password body has no `newpassword` field.")
    .source("seed 003"),
    Entry::rest(
        400,
        "OLD_PASSWORD_MISSING",
        "illegal_argument",
        "oldPassword is required",
    )
    .explain(
        "Password change sent without the admin token header, so the server asks for the old \
         password instead.",
    )
    .source("seed 003"),
    Entry::rest(
        404,
        "USER_ENTITY_NOT_FOUND",
        "entity_not_found",
        "User null not found",
    )
    .explain("The user does not exist (token request or password change).")
    .source("reference users-messages §1.3"),
    Entry::rest(
        400,
        "USER_STATUS_BATCH_TOO_LARGE",
        "illegal_argument",
        "request body exceeds maximum limit, maximum limit is 100",
    )
    .explain("Batch online-status query (在线状态) for more than 100 user IDs.")
    .source("reference users-messages §2.14"),
    Entry::rest(
        403,
        "USER_MUTE_NOT_ENABLED",
        "forbidden_op",
        "user_mute is not used for this app",
    )
    .explain("Global user mute (全局禁言) is not enabled for the app in the console.")
    .source("reference users-messages §0.6"),
    // ---- Generic request errors (seed 003, 500 rows of seed 001)
    Entry::rest(
        400,
        "INVALID_REQUEST",
        "illegal_argument",
        "this is an invalid request.",
    )
    .explain("Catch-all rejection: the URL, headers or body do not fit the endpoint.")
    .source("seed 003"),
    Entry::rest(
        400,
        "JSON_PARSE",
        "json_parse",
        "Unexpected character (‘=’ (code 61)): was expecting a colon to separate field name and \
         value\n at [Source: java.io.BufferedInputStream@170e3f35; line: 1, column: 23]",
    )
    .explain(
        "The body is not valid JSON. The text is the JSON parser's message with the offending \
         character and position; this row is the documented sample, quotes around `=` as the \
         seed prints them.",
    )
    .source("seed 003"),
    Entry::rest(
        500,
        "NO_FULL_TEXT_INDEX",
        "no_full_text_index",
        "Entity ‘user’ with property named ‘username’ is not full text indexed. You cannot use the \
         ‘contains’ operand on this field",
    )
    .explain("A query used `contains` on `username`, which has no full-text index.")
    .source("seed 001"),
    Entry::rest(
        500,
        "UNSUPPORTED_SERVICE_OPERATION",
        "unsupported_service_operation",
        "Service operation not supported",
    )
    .explain("The URL exists but does not support this request method.")
    .source("seed 001"),
    Entry::rest(
        500,
        "WEB_APPLICATION",
        "web_application",
        "javax.ws.rs.WebApplicationException",
    )
    .explain("The request went to a URL that no API serves.")
    .source("seed 001"),
    Entry::rest(
        413,
        "REQUEST_ENTITY_TOO_LARGE",
        "Request Entity Too Large",
        "Request Entity Too Large",
    )
    .explain(
        "The request body is too large (over 5 KB for messages, or an oversized file); split it \
         into smaller requests.",
    )
    .source("seed 003"),
    Entry::rest(
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        "web_application",
        "Unsupported Media Type",
    )
    .explain(
        "The body's type is not accepted: send `Content-Type: application/json` with valid JSON \
         and drop headers the endpoint does not use.",
    )
    .source("seed 003"),
    Entry::rest(
        429,
        "API_RATE_LIMITED",
        "reach_limit",
        "This request has reached api limit",
    )
    .explain(
        "The endpoint's per-second call limit (限流) was exceeded; slow down or have the limit \
         raised.",
    )
    .source("seed 003"),
    Entry::rest(405, "METHOD_NOT_ALLOWED", "", "")
        .explain(
            "Wrong HTTP method, e.g. GET on a send endpoint that needs POST. The docs give neither \
             an `error` type nor a text (both shown as —), so both are empty.",
        )
        .source("reference users-messages §5.1"),
    // ---- User attributes (用户属性, §3)
    Entry::rest(
        403,
        "USER_METADATA_NOT_ENABLED",
        "FORBIDDEN",
        "{appkey} user metadata service not allow",
    )
    .explain(
        "User attributes (用户属性) are not enabled for this app; `{appkey}` is replaced by the \
         app key.",
    )
    .source("seed 001"),
    Entry::rest(
        403,
        "USER_METADATA_USER_LIMIT",
        "FORBIDDEN",
        "size of metadata for this single user exceeds the user defined limit, {}Bytes",
    )
    .explain(
        "One user's attributes would exceed 2 KB in total. `{}Bytes` is wire text: no version of the \
         docs shows a value in its place.",
    )
    .source("reference users-messages §3.1"),
    Entry::rest(
        403,
        "USER_METADATA_COLUMN_LIMIT",
        "FORBIDDEN",
        "size of metadata for this single user exceeds the current mysql column size, {}Bytes",
    )
    .explain(
        "A single attribute value is longer than its field allows (nickname 64 characters, …). \
         `{}Bytes` is wire text: no version of the docs shows a value in its place.",
    )
    .source("reference users-messages §3.1"),
    Entry::rest(
        403,
        "USER_METADATA_APP_LIMIT",
        "FORBIDDEN",
        "total size of user metadata for this app exceeds the user defined limit, {}Bytes",
    )
    .explain(
        "The app's user attributes would exceed 10 GB in total. `{}Bytes` is wire text: no version \
         of the docs shows a value in its place.",
    )
    .source("reference users-messages §3.1"),
    Entry::rest(
        409,
        "USER_METADATA_CONFLICT",
        "CONFLICT",
        "Failed to xxx. Concurrent xxx not allowed",
    )
    .explain(
        "Another request is modifying the same user's attributes at the same moment; `xxx` \
         names the operation.",
    )
    .source("reference users-messages §3.1"),
    Entry::rest(
        415,
        "USER_METADATA_FORM_REQUIRED",
        "UNSUPPORTED_MEDIA_TYPE",
        "Content-Type 'application/json;charset=UTF-8' is not supported.",
    )
    .explain("Setting attributes takes a form body (`application/x-www-form-urlencoded`); JSON was sent.")
    .source("reference users-messages §3.1"),
    Entry::rest(
        500,
        "USER_METADATA_UPDATE_FAILED",
        "INTERNAL_SERVER_ERROR",
        "update metadata failed",
    )
    .explain("Storing the attributes failed on the server side.")
    .source("reference users-messages §3.1"),
    Entry::rest(401, "USER_METADATA_AUTH", "metadata_error", "auth error")
        .explain(
            "The token does not belong to the user whose attributes are addressed, and it is not an \
             app token.",
        )
        .source("reference users-messages §3.2"),
    Entry::rest(500, "USER_METADATA_INTERNAL", "INTERNAL_SERVER_ERROR", "")
        .explain(
            "Reading attributes failed on the server; the docs show this reply with an empty \
             description, so the text is empty.",
        )
        .source("reference users-messages §3.2"),
    Entry::rest(
        400,
        "USER_METADATA_BATCH_TOO_LARGE",
        "BAD_REQUEST",
        "exceed allowed batch size %s",
    )
    .explain("A batch attribute query names more than 100 users; `%s` is the limit.")
    .source("reference users-messages §3.3"),
    // ---- Contacts and blocklist (好友 / 黑名单, §4)
    Entry::rest(
        403,
        "CONTACT_LIMIT",
        "exceed_limit",
        "user contact number exceed limit",
    )
    .explain("The user already has the maximum number of contacts (好友) the plan allows.")
    .source("reference users-messages §4.1"),
    Entry::rest(
        429,
        "CONTACT_CHECK_RATE_LIMITED",
        "reach_limit",
        "This request has reached api limit.",
    )
    .explain(
        "Call-rate limit of the contact and blocklist check endpoints; note the trailing \
         period, absent from API_RATE_LIMITED.",
    )
    .source("reference users-messages §4.3"),
    Entry::rest(
        403,
        "SERVICE_OPERATION_NOT_ALLOWED",
        "forbidden_service_operation",
        "Service operation not allowed",
    )
    .explain("The app or the user is banned, so the contact operation is refused.")
    .source("reference users-messages §4.3"),
    Entry::rest(
        400,
        "CONTACT_CHECK_USERNAME_BLANK",
        "illegal_argument",
        "username cannot be blank",
    )
    .explain("The contact or blocklist check has an empty `username`.")
    .source("reference users-messages §4.3"),
    Entry::rest(
        400,
        "CONTACT_CHECK_LIST_SIZE",
        "illegal_argument",
        "check_list size must be between 1 and 100",
    )
    .explain("The `check_list` of a contact or blocklist check is empty or longer than 100.")
    .source("reference users-messages §4.3"),
    Entry::rest(
        400,
        "CONTACT_REMARK_NOT_FRIENDS",
        "illegal_argument",
        "updateRemark they are not friends, please add as a friend first.",
    )
    .explain(
        "A contact remark (好友备注) can only be set on an existing contact. Variant as the \
         reference table prints it, without the `|` after `updateRemark`.",
    )
    .source("reference users-messages §4.5"),
    Entry::rest(
        400,
        "CONTACT_REMARK_NOT_FRIENDS_PIPE",
        "illegal_argument",
        "updateRemark | they are not friends, please add as a friend first.",
    )
    .explain(
        "Same refusal as CONTACT_REMARK_NOT_FRIENDS, spelled with `|` as the Web SDK compares \
         it; only this exact text makes the SDK report 221 (USER_NOT_FRIEND).",
    )
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        400,
        "CONTACT_REMARK_TOO_LONG",
        "illegal_argument",
        "remark length must less",
    )
    .explain(
        "The remark is over 100 characters. The SDK only tests that the text contains this \
         fragment (→ 50 MAX_LIMIT); the full vendor text and the `error` type are not \
         documented, so Natter sends the fragment itself.",
    )
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        400,
        "CONTACT_PAGE_TOO_LARGE",
        "illegal_argument",
        "getContacts | page size more than max limit : 50",
    )
    .explain("Paged contact list with a `limit` above 50. The `|` is part of the text.")
    .source("reference users-messages §4.6"),
    Entry::rest(
        400,
        "CONTACT_IMPORT_TOO_MANY",
        "illegal_argument",
        "request user over flow limit:10.",
    )
    .explain("A contact import lists more than 10 users.")
    .source("reference users-messages §4.8"),
    Entry::rest(
        403,
        "CONTACT_INVITER_FULL",
        "exceed_limit",
        "Inviter's contact max count.",
    )
    .explain("The importing (inviting) user has reached the contact limit.")
    .source("reference users-messages §4.8"),
    Entry::rest(
        403,
        "CONTACT_INVITEE_FULL",
        "exceed_limit",
        "Invitee's contact max count.",
    )
    .explain(
        "The invited user has reached the contact limit. The SDK matches the fragment \
         `Invitee's contact max count` (→ 50); the wording mirrors CONTACT_INVITER_FULL and the \
         `error` type is Natter's choice.",
    )
    .source("msync ERRORS.md §2.2"),
    // ---- Sending messages (发送消息, §5.1-§5.5)
    Entry::rest(
        400,
        "REQUEST_BODY_INVALID",
        "invalid_request_body",
        "Request body is invalid. Please check body is correct.",
    )
    .explain("The body is not valid JSON or a field has the wrong type.")
    .source("reference users-messages §5.1"),
    Entry::rest(
        400,
        "MESSAGE_FROM_EMPTY",
        "message_send_error",
        "param from can't be empty",
    )
    .explain("`from` was sent as an empty string; omit it to send as `admin`.")
    .source("reference users-messages §5.1"),
    Entry::rest(
        400,
        "MESSAGE_TO_EMPTY",
        "message_send_error",
        "param to can't be empty",
    )
    .explain("`to` is an empty array.")
    .source("reference users-messages §5.1"),
    Entry::rest(
        400,
        "MESSAGE_TYPE_EMPTY",
        "message_send_error",
        "param type can't be empty",
    )
    .explain("The message `type` is missing.")
    .source("reference users-messages §5.1"),
    Entry::rest(
        400,
        "MESSAGE_BODY_EMPTY",
        "message_send_error",
        "param body can't be empty",
    )
    .explain("The message `body` is missing or `{}`.")
    .source("reference users-messages §5.1"),
    Entry::rest(
        400,
        "MESSAGE_EXT_NOT_OBJECT",
        "message_send_error",
        "param ext must be JSONObject",
    )
    .explain("`ext` is present but not a JSON object (null is not allowed).")
    .source("reference users-messages §5.1"),
    Entry::rest(
        400,
        "MESSAGE_TOO_MANY_USERS",
        "message_send_error",
        "params to's size can't exceed limit 600",
    )
    .explain("A one-to-one send names more than 600 recipients.")
    .source("reference users-messages §5.1"),
    Entry::rest(
        400,
        "MESSAGE_TOO_MANY_TARGETS",
        "message_send_error",
        "params to's size can't exceed limit",
    )
    .explain("Variant of the recipient-count error without the number, quoted by the limit sections.")
    .source("reference users-messages §5.1"),
    Entry::rest(
        400,
        "MESSAGE_TO_EXCEED_LIMIT",
        "message_send_error",
        "param to exceed limit",
    )
    .explain(
        "Newer wording of the recipient-count error, quoted by the [new] pages for users, \
         groups and rooms.",
    )
    .source("reference users-messages §5.1"),
    Entry::rest(
        400,
        "MESSAGE_TOO_MANY_GROUPS",
        "message_send_error",
        "params to's size can't exceed limit 3",
    )
    .explain(
        "A group send (群聊消息) names more than 3 groups; targeted group messages report this \
         too although they take one group.",
    )
    .source("reference users-messages §5.2"),
    Entry::rest(
        400,
        "MESSAGE_TOO_MANY_ROOMS",
        "message_send_error",
        "params to's size can't exceed limit 10",
    )
    .explain("A chat room send (聊天室消息) names more than 10 rooms.")
    .source("reference users-messages §5.4"),
    Entry::rest(
        400,
        "MESSAGE_USERS_EMPTY",
        "message_send_error",
        "param users can't be empty",
    )
    .explain("A targeted (定向) group or room message has an empty `users` list.")
    .source("reference users-messages §5.3"),
    Entry::rest(
        400,
        "MESSAGE_TOO_LARGE",
        "message_send_error",
        "message is too large",
    )
    .explain(
        "Body plus `ext` exceed 5 KB. This is the only reply of the reference docs with a \
         numeric `error_code` (14007).",
    )
    .with_error_code(14007)
    .source("reference users-messages §5.1"),
    Entry::rest(
        403,
        "MESSAGE_SEND_RATE",
        "message_send_error",
        "message send reach limit",
    )
    .explain(
        "The message quota was exceeded: 6000 per minute one-to-one, 20 per second to groups, \
         100 per second to rooms (each target counts).",
    )
    .source("reference users-messages §5.1"),
    Entry::rest(
        403,
        "MESSAGE_SEND_FORBIDDEN_URL",
        "",
        "Forbidden for url: [XXXX/XXXX/messages/users]",
    )
    .explain(
        "Older wording of MESSAGE_SEND_RATE for one-to-one sends, quoted in the limit notes; no \
         `error` type is given with it, so it is empty.",
    )
    .source("reference users-messages §5.1"),
    Entry::rest(
        400,
        "MESSAGE_FROM_EMPTY_LEGACY",
        "illegal_argument",
        "from can't be empty",
    )
    .explain(
        "`from` was sent as an empty string (legacy and broadcast endpoints); omit it to send \
         as `admin`.",
    )
    .source("seed 003"),
    Entry::rest(
        400,
        "MESSAGE_TARGET_TYPE_LEGACY",
        "illegal_argument",
        "target_type can only be 'users' or 'chatgroups' or 'chatrooms'",
    )
    .explain("Legacy send API: `target_type` must be one of users, chatgroups or chatrooms.")
    .source("seed 003"),
    // ---- Broadcasts (广播消息, §5.6-§5.8)
    Entry::rest(
        403,
        "BROADCAST_NOT_ENABLED",
        "forbidden_op",
        "message broadcast service is unopened",
    )
    .explain("Broadcast messages (广播消息) are not enabled for the app; sales must switch them on.")
    .source("seed 001"),
    Entry::rest(
        400,
        "BROADCAST_EXT_NOT_OBJECT",
        "illegal_argument",
        "ext must be JSONObject",
    )
    .explain("The broadcast `ext` is not a JSON object.")
    .source("reference users-messages §5.6"),
    Entry::rest(
        400,
        "BROADCAST_TARGET_TYPE_USERS",
        "illegal_argument",
        "target_type can only be 'users'",
    )
    .explain("Broadcast to all users requires `target_type` = `users`.")
    .source("reference users-messages §5.7"),
    Entry::rest(
        400,
        "BROADCAST_TARGET_TYPE_MISSING",
        "illegal_argument",
        "target_type must be provided",
    )
    .explain("Broadcast to all users without `target_type`.")
    .source("reference users-messages §5.7"),
    Entry::rest(
        429,
        "BROADCAST_RATE_LIMITED",
        "",
        "This request has reached api limit",
    )
    .explain(
        "Broadcast call-rate limit (one per 30 minutes to all users, one per minute to online \
         users). The table gives no `error` type (shown as -), so it is empty.",
    )
    .source("reference users-messages §5.7"),
    Entry::rest(
        403,
        "BROADCAST_DAILY_LIMIT",
        "forbidden_op",
        "broadcast message limit exceeded",
    )
    .explain("More than the daily quota (3 by default) of broadcasts to all users.")
    .source("reference users-messages §5.7"),
    Entry::rest(
        403,
        "ONLINE_BROADCAST_DAILY_LIMIT",
        "forbidden_op",
        "online user broadcast limit exceeded",
    )
    .explain("More than the daily quota (50 by default) of broadcasts to online users.")
    .source("reference users-messages §5.8"),
    // ---- Recall (撤回消息, §5.9)
    Entry::rest(
        400,
        "RECALL_MSG_ID_EMPTY",
        "message_recall_error",
        "param msg_id can't be empty",
    )
    .explain("The recall request has no `msg_id`.")
    .source("reference users-messages §5.9"),
    Entry::rest(
        400,
        "RECALL_TO_EMPTY",
        "message_recall_error",
        "param to can't be empty",
    )
    .explain("The recall request has no `to`.")
    .source("reference users-messages §5.9"),
    Entry::rest(
        400,
        "RECALL_CHAT_TYPE_EMPTY",
        "message_recall_error",
        "param chat_type can't be empty",
    )
    .explain("The recall request has no `chat_type`.")
    .source("reference users-messages §5.9"),
    Entry::rest(
        400,
        "RECALL_FORCE_EMPTY",
        "message_recall_error",
        "param force can't be empty",
    )
    .explain("The recall request has no `force` (required in the newer docs).")
    .source("reference users-messages §5.9"),
    Entry::rest(
        400,
        "RECALL_TARGET_NOT_FOUND",
        "message_recall_error",
        "can’t find msg to",
    )
    .explain(
        "The recipient in `to` cannot be found. Spelled with the typographic apostrophe (’) as \
         the [v2] table prints it.",
    )
    .source("reference users-messages §5.9"),
    Entry::rest(
        400,
        "RECALL_TARGET_NOT_FOUND_ASCII",
        "message_recall_error",
        "can't find msg to",
    )
    .explain("Same as RECALL_TARGET_NOT_FOUND with the ASCII apostrophe, as the [new] page prints it.")
    .source("reference users-messages §5.9"),
    Entry::rest(
        403,
        "RECALL_TIME_LIMIT",
        "message_recall_error",
        "exceed recall time limit",
    )
    .explain(
        "The message is older than the recall window (2 minutes by default); `force=true` \
         bypasses the window.",
    )
    .source("reference users-messages §5.9"),
    Entry::rest(
        403,
        "RECALL_MESSAGE_NOT_FOUND",
        "message_recall_error",
        "not_found msg",
    )
    .explain(
        "The message has expired, was deleted or was already recalled; `force=true` still \
         recalls the receiver's copy.",
    )
    .source("reference users-messages §5.9"),
    Entry::rest(
        403,
        "RECALL_NOT_ENABLED",
        "forbidden_op",
        "message recall service is unopened",
    )
    .explain("Message recall (消息撤回) is not enabled for the app.")
    .source("reference users-messages §0.6"),
    Entry::rest(500, "RECALL_INTERNAL", "", "internal error")
        .explain("The recall failed on the server side; the docs show an empty `error` type.")
        .source("reference users-messages §5.9"),
    // ---- Conversations and roaming (会话 / 漫游消息, §5.11-§5.12)
    Entry::rest(
        400,
        "CONVERSATION_CHANNEL_EMPTY",
        "illegal_argument",
        "field channel cannot be null or empty",
    )
    .explain("Deleting a conversation (单向删除会话) without the peer or group ID in `channel`.")
    .source("reference users-messages §5.11"),
    Entry::rest(
        400,
        "CONVERSATION_TYPE_EMPTY",
        "illegal_argument",
        "field type cannot be null or empty",
    )
    .explain("Deleting a conversation without `type` (chat or groupchat).")
    .source("reference users-messages §5.11"),
    Entry::rest(
        400,
        "CONVERSATION_DELETE_ROAM_NULL",
        "illegal_argument",
        "field delete_roam cannot be null",
    )
    .explain(
        "Deleting a conversation without saying whether to delete its roaming messages \
         (`delete_roam`).",
    )
    .source("reference users-messages §5.11"),
    Entry::rest(
        400,
        "ROAMING_NOT_ENABLED",
        "service open exception",
        "this appKey not open message roaming",
    )
    .explain(
        "Message roaming (消息漫游) is not enabled for the app; the `error` type really \
         contains spaces.",
    )
    .source("seed 001"),
    Entry::rest(
        400,
        "ROAMING_DELETE_TOO_MANY",
        "param exception",
        "delete msg list limit can not greater than 50",
    )
    .explain("Deleting roaming messages by ID with more than 50 IDs in `msgIdList`.")
    .source("reference users-messages §5.12"),
    Entry::rest(400, "ROAMING_DELETE_BAD_REQUEST", "Bad Request", "Bad Request")
        .explain("Deleting one-to-one roaming messages without `userId` or `msgIdList`.")
        .source("reference users-messages §5.12"),
    // ---- Editing messages (修改消息, §5.13)
    Entry::rest(
        400,
        "REWRITE_NEW_MSG_MISSING",
        "illegal_argument",
        "new_msg is required",
    )
    .explain("The edit request has no `new_msg`.")
    .source("reference users-messages §5.13"),
    Entry::rest(
        400,
        "REWRITE_TYPE_UNSUPPORTED",
        "message_rewrite_error",
        "The message is of a type that is currently not supported for modification.",
    )
    .explain("This message type cannot be edited (command messages never can).")
    .source("reference users-messages §5.13"),
    Entry::rest(
        400,
        "REWRITE_BAD_MESSAGE_ID",
        "InvalidMessageIdException",
        "The provided message ID is not a valid number.",
    )
    .explain("The message ID in the path is not numeric.")
    .source("reference users-messages §5.13"),
    Entry::rest(
        404,
        "REWRITE_MESSAGE_UNAVAILABLE",
        "message_rewrite_error",
        "The message is unavailable or has expired.",
    )
    .explain("The message to edit does not exist or is past its storage time.")
    .source("reference users-messages §5.13"),
    Entry::rest(
        401,
        "REWRITE_NOT_AUTHORIZED",
        "message_rewrite_error",
        "You are not authorized to edit this message.",
    )
    .explain("The editor is not allowed to change this message.")
    .source("reference users-messages §5.13"),
    Entry::rest(
        403,
        "REWRITE_EDIT_LIMIT",
        "message_rewrite_error",
        "The message has reached its edit limit and cannot be modified further.",
    )
    .explain("The message has already been edited 10 times.")
    .source("reference users-messages §5.13"),
    Entry::rest(
        403,
        "REWRITE_NOT_ENABLED",
        "message_rewrite_error",
        "The rewrite message feature is not open.",
    )
    .explain("Message editing (消息修改) is not enabled for the app.")
    .source("seed 001"),
    Entry::rest(
        404,
        "REWRITE_MESSAGE_UNAVAILABLE_EXCEPTION",
        "MessageUnavailableException",
        "The message is unavailable or has expired.",
    )
    .explain(
        "Same case as REWRITE_MESSAGE_UNAVAILABLE under the exception-named `error` type, which \
         the table also lists.",
    )
    .source("reference users-messages §5.13"),
    Entry::rest(
        409,
        "REWRITE_CONFLICT",
        "concurrent_operation_error",
        "The message has been edited by another.",
    )
    .explain("Someone else edited the message at the same time.")
    .source("reference users-messages §5.13"),
    Entry::rest(
        500,
        "REWRITE_INTERNAL",
        "RewriteMessageInternalErrorException",
        "An unknown error occurred while processing the request.",
    )
    .explain("The edit failed on the server side.")
    .source("reference users-messages §5.13"),
    // ---- Importing messages and history files (导入消息 / 历史消息记录, §5.14-§5.16)
    Entry::rest(
        400,
        "IMPORT_BODY_EMPTY",
        "illegal_argument",
        "message body not allow empty",
    )
    .explain("The imported message has no `body`.")
    .source("reference users-messages §5.14"),
    Entry::rest(
        400,
        "IMPORT_TYPE_EMPTY",
        "illegal_argument",
        "type not allow empty",
    )
    .explain("The imported message has no `type`.")
    .source("reference users-messages §5.14"),
    Entry::rest(
        400,
        "HISTORY_BAD_TIME",
        "illegal_argument",
        "illegal arguments: appkey: XXXX#XXXX, time: xxxxxx",
    )
    .explain("The hour in the history-file URL is not in `yyyyMMddHH` form.")
    .source("reference users-messages §5.16"),
    Entry::rest(
        400,
        "HISTORY_EXPIRED",
        "illegal_argument",
        "illegal arguments: appkey: XXXX#XXXX, time: xxxxxx, maybe chat message history is expired \
         or unstored",
    )
    .explain(
        "The history file of that hour is not generated yet or is past retention (3 days by \
         default). The stray trailing quote of the doc table is not part of the text.",
    )
    .source("reference users-messages §5.16"),
    Entry::rest(
        400,
        "HISTORY_EXPIRED_SAMPLE",
        "illegal_argument",
        "illegal arguments: appkey: easemob-demo#chatdemoui, time: 2018020918, maybe chat message \
         history is expired or unstored",
    )
    .explain("Sample of HISTORY_EXPIRED with a concrete app key and hour.")
    .source("seed 003"),
    Entry::rest(
        400,
        "HISTORY_BAD_REQUEST",
        "illegal_argument",
        "This chatmessage request is not supported",
    )
    .explain("History request the server cannot serve, usually a time not in `YYYYMMDDHH` form.")
    .source("seed 003"),
    Entry::rest(
        404,
        "HISTORY_NOT_FOUND",
        "storage_object_not_found",
        "Failed to find chat message history download url for appkey: XXXX#XXXX, time: xxxxxx",
    )
    .explain("No messages were recorded in that hour, so there is no history file.")
    .source("reference users-messages §5.16"),
    Entry::rest(
        404,
        "HISTORY_NOT_FOUND_SAMPLE",
        "storage_object_not_found",
        "Failed to find chat message history download url for appkey: hx#hxdemo2, time: 2018020912",
    )
    .explain("Sample of HISTORY_NOT_FOUND with a concrete app key and hour.")
    .source("seed 003"),
    // ---- Files (文件上传下载, §6, and the SDK's download rules)
    Entry::rest(400, "FILE_MISSING", "illegal_argument", "file must be provided.")
        .explain("The multipart upload has no `file` part.")
        .source("reference users-messages §6.1"),
    Entry::rest(
        413,
        "FILE_TOO_LARGE",
        "file exceeding maximum limit",
        "the file size exceeds the maximum limit.",
    )
    .explain(
        "The uploaded file is over the size limit (10 MB by default); the `error` type contains \
         spaces.",
    )
    .source("reference users-messages §6.1"),
    Entry::rest(404, "FILE_NOT_FOUND", "entity_not_found", "file may not exists")
        .explain("No file with that UUID.")
        .source("reference users-messages §6.2"),
    Entry::rest(404, "FILE_EXPIRED", "file_expired", "file xxxxx is expired")
        .explain(
            "The file is past its storage time (7 days by default). The Web SDK keys on `error` = \
             file_expired for download code 223.",
        )
        .source("reference users-messages §6.2"),
    Entry::rest(
        403,
        "FILE_NO_PERMISSION",
        "forbidden_op",
        "chatfile no permission",
    )
    .explain(
        "Downloading a restricted file without the right `share-secret` or token; this exact \
         text makes the Web SDK report 222. The `error` type is Natter's choice.",
    )
    .source("msync ERRORS.md §2.6"),
    // ---- Presence (在线状态订阅, §7)
    Entry::rest(
        400,
        "PRESENCE_NOT_ENABLED",
        "service open exception",
        "the app not open presence",
    )
    .explain("Presence subscription (在线状态订阅) is not enabled for the app.")
    .source("seed 001"),
    Entry::rest(400, "PRESENCE_EXT_NULL", "illegal_argument", "ext cannot be null")
        .explain("Setting a presence status without `ext`.")
        .source("reference users-messages §7.1"),
    Entry::rest(400, "PRESENCE_EXT_TOO_BIG", "illegal_argument", "ext is too big")
        .explain("The presence `ext` is over 1024 bytes; text as the reference table prints it.")
        .source("reference users-messages §7.1"),
    Entry::rest(
        400,
        "PRESENCE_EXT_TOO_BIG_SDK",
        "illegal_argument",
        "ext is too big ",
    )
    .explain(
        "Same as PRESENCE_EXT_TOO_BIG with the trailing space the Web SDK compares against; \
         only this exact text gives 1100 (PRESENCE_PARAM_EXCEED).",
    )
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        400,
        "PRESENCE_USERNAMES_EMPTY",
        "illegal_argument",
        "usernames is empty",
    )
    .explain("A presence subscription without user IDs.")
    .source("reference users-messages §7.2"),
    Entry::rest(
        400,
        "PRESENCE_TOO_MANY_SUBSCRIPTIONS",
        "illegal_argument",
        "too many sub presence",
    )
    .explain("A presence subscription with more than 100 user IDs.")
    .source("reference users-messages §7.2"),
    Entry::rest(
        400,
        "PRESENCE_SUBSCRIBE_SELF",
        "illegal_argument",
        "you can't sub yourself",
    )
    .explain("A user tried to subscribe to its own presence.")
    .source("reference users-messages §7.2"),
    Entry::rest(
        400,
        "PRESENCE_TOO_MANY_QUERIES",
        "illegal_argument",
        "too many get presences",
    )
    .explain("A presence query with more than 100 user IDs.")
    .source("reference users-messages §7.3"),
    Entry::rest(
        400,
        "PRESENCE_GROUP_ID_NULL",
        "illegal_argument",
        "Id cannot be null.",
    )
    .explain("Group online-count query without a group ID.")
    .source("reference users-messages §7.4"),
    Entry::rest(
        400,
        "PRESENCE_GROUP_TYPE_NULL",
        "illegal_argument",
        "Type cannot be null.",
    )
    .explain("Group online-count query without the query type.")
    .source("reference users-messages §7.4"),
    Entry::rest(
        400,
        "PRESENCE_GROUP_TYPE_INVALID",
        "illegal_argument",
        "Type must be 0 or 1.",
    )
    .explain("Group online-count query type other than 0 or 1.")
    .source("reference users-messages §7.4"),
    Entry::rest(
        400,
        "PRESENCE_GROUP_ONLINE_NOT_ENABLED",
        "service open exception",
        "this appkey not open rest group online service",
    )
    .explain("The group online-member count (群组在线人数) needs its own activation.")
    .source("reference users-messages §7.4"),
    Entry::rest(
        400,
        "PRESENCE_UNSUB_USERNAMES_NULL",
        "illegal_argument",
        "usernames cannot be null",
    )
    .explain("Unsubscribing without user IDs.")
    .source("reference users-messages §7.5"),
    Entry::rest(
        400,
        "PRESENCE_TOO_MANY_UNSUBSCRIPTIONS",
        "illegal_argument",
        "too many unsub presences",
    )
    .explain("Unsubscribing more than 100 user IDs at once.")
    .source("reference users-messages §7.5"),
    // ---- Reactions (消息表情回复, §8)
    Entry::rest(
        400,
        "REACTION_NOT_ENABLED",
        "Bad Request",
        "this appKey is not open reaction service!",
    )
    .explain(
        "Reactions (表情回复) are not enabled for the app; the Web SDK reports 505 \
         (SERVICE_NOT_ENABLED).",
    )
    .source("reference users-messages §0.6"),
    Entry::rest(
        400,
        "REACTION_LIMIT",
        "Bad Request",
        "The quantity has exceeded the limit!",
    )
    .explain("The message already carries the maximum number of distinct reactions (20 by default).")
    .source("reference users-messages §8.1"),
    Entry::rest(
        400,
        "REACTION_ILLEGAL_OPERATION",
        "Bad Request",
        "the user operation is illegal!",
    )
    .explain(
        "The user is not a party to the message's conversation, or removes a reaction it never \
         added.",
    )
    .source("reference users-messages §8.1"),
    Entry::rest(
        400,
        "REACTION_ALREADY_ADDED",
        "Bad Request",
        "the user is already operation this message",
    )
    .explain("The user already added this reaction to this message.")
    .source("reference users-messages §8.1"),
    Entry::rest(
        400,
        "REACTION_TOO_MANY_MESSAGES",
        "Bad Request",
        "msgIdList exceeds the maximum number limit",
    )
    .explain("A reaction query by message IDs lists more than 20 messages.")
    .source("reference users-messages §8.2"),
    Entry::rest(
        400,
        "REACTION_GROUP_ID_NULL",
        "Bad Request",
        "groupId can not be null!",
    )
    .explain("A reaction query for group messages without `groupId`.")
    .source("reference users-messages §8.2"),
    Entry::rest(
        400,
        "REACTION_DETAIL_LIMIT",
        "Bad Request",
        "Limit exceeds the maximum quantity limit",
    )
    .explain("Reaction detail page size outside [1,50].")
    .source("reference users-messages §8.4"),
    Entry::rest(
        400,
        "REACTION_CREATING",
        "Bad Request",
        "this message is creating reaction, please try again.",
    )
    .explain(
        "Another reaction on the same message is being created; retry. Text as the Web SDK \
         compares it (→ 1102); the `error` type is Natter's choice, matching the other reaction \
         rows.",
    )
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        400,
        "USER_NOT_IN_THIS_GROUP",
        "Bad Request",
        "The user not in this group!",
    )
    .explain(
        "The user is not a member of the group the request addresses; the Web SDK reports 602 \
         (GROUP_NOT_JOINED). It sits among the reaction texts, so Natter gives it the reaction \
         rows' `error` type.",
    )
    .source("msync ERRORS.md §2.2"),
    // ---- Offline push (离线推送, §9)
    Entry::rest(
        400,
        "PUSH_USER_NOT_FOUND",
        "RequiredPropertyNotFoundException",
        "Entity user requires a property named username",
    )
    .explain("Push settings for a user that does not exist.")
    .source("reference users-messages §9"),
    Entry::rest(
        400,
        "PUSH_PARAMETER_INVALID",
        "IllegalArgumentException",
        "parameters is invalid : XXX",
    )
    .explain("A push-setting parameter has an illegal value; XXX names the parameter.")
    .source("reference users-messages §9"),
    Entry::rest(404, "PUSH_URL_INVALID", "请求路径不存在", "url is invalid")
        .explain(
            "The push-setting path is wrong. The `error` column is documented in Chinese \
             (请求路径不存在, \"path does not exist\") and is kept as written.",
        )
        .source("reference users-messages §9"),
    Entry::rest(500, "PUSH_SERVER_ERROR", "服务器内部错误", "")
        .explain(
            "Server-side failure of a push API, documented as status 5xx with any (任意) \
             description; Natter sends 500 and an empty text. The `error` column is kept in Chinese \
             as documented.",
        )
        .source("reference users-messages §9"),
    Entry::rest(
        400,
        "PUSH_TEMPLATE_NOT_FOUND",
        "EntityNotFoundException",
        "XXX template is not exist",
    )
    .explain("No push template (推送模板) with that name; XXX is the name.")
    .source("reference users-messages §9"),
    Entry::rest(
        400,
        "PUSH_NICKNAMES_EMPTY",
        "illegal_argument",
        "put user push nicknames illegal empty request body",
    )
    .explain("Batch push-nickname update with an empty body.")
    .source("reference users-messages §9.4"),
    Entry::rest(
        400,
        "PUSH_NICKNAMES_TOO_MANY",
        "illegal_argument",
        "put user push nicknames exceeds the limit",
    )
    .explain("Batch push-nickname update with more than 50 entries.")
    .source("reference users-messages §9.4"),
    Entry::rest(
        400,
        "PUSH_NICKNAME_TOO_LONG",
        "illegal_argument",
        "XXX push nickname length exceeds the limit",
    )
    .explain("A push nickname over 100 characters; XXX is the user ID.")
    .source("reference users-messages §9.4"),
    // ---- Other REST texts the Web SDK interprets (msync ERRORS.md §2.2)
    Entry::rest(
        400,
        "TRANSLATION_TEXT_TOO_LONG",
        "illegal_argument",
        "The input text is too long.",
    )
    .explain(
        "Text to translate (翻译) is too long; the SDK reports 1201. The `error` type is \
         Natter's choice.",
    )
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        400,
        "TRANSLATION_LANGUAGE_INVALID",
        "illegal_argument",
        "The target language is not valid.",
    )
    .explain(
        "Unknown target language for translation; the SDK reports 1200. The `error` type is \
         Natter's choice.",
    )
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        500,
        "TRANSLATION_FAILED",
        "INTERNAL_SERVER_ERROR",
        "translte failed!",
    )
    .explain(
        "The translation backend failed; `translte` is misspelled as the SDK expects it (→ \
         1204). The `error` type is Natter's choice.",
    )
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        400,
        "REPORT_MESSAGE_NOT_FOUND",
        "illegal_argument",
        "report failed, get message by id failed",
    )
    .explain(
        "A message report (举报) names a message the server cannot find; the SDK reports 51 \
         (MESSAGE_NOT_FOUND). The `error` type is Natter's choice.",
    )
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        403,
        "REPORT_NOT_ENABLED",
        "forbidden_op",
        "message report not open",
    )
    .explain(
        "Message reporting is not enabled for the app; the SDK reports 505. The `error` type is \
         Natter's choice.",
    )
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        400,
        "BODY_NOT_READABLE",
        "illegal_argument",
        "Request body not readable.Please check content type is correct!",
    )
    .explain(
        "The body could not be read with the declared content type; the SDK reports -3 \
         (parameter error). No space after the first period, as the SDK compares it.",
    )
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        400,
        "CONVERSATION_MARK_EMPTY",
        "illegal_argument",
        "param mark must be not empty, please check!",
    )
    .explain("Marking a conversation (会话标记) without `mark`; the SDK reports -3.")
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        400,
        "CONVERSATION_MARK_ILLEGAL",
        "illegal_argument",
        "param mark illegal, please check it!",
    )
    .explain("The conversation `mark` value is out of range; the SDK reports -3.")
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        400,
        "PIN_MESSAGE_ID_ILLEGAL",
        "illegal_argument",
        "param pin_msg_id illegal, please check it!",
    )
    .explain("Pinning (置顶) with a malformed message ID; the SDK reports -3.")
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        404,
        "PIN_MESSAGE_NOT_FOUND",
        "resource_not_found",
        "user session pin message not exist",
    )
    .explain(
        "The pinned message to act on does not exist; the SDK reports 51. The SDK only tests \
         that the text contains this fragment; the `error` type is Natter's choice.",
    )
    .source("msync ERRORS.md §2.2"),
    Entry::rest(403, "SERVICE_NOT_OPEN", "forbidden_op", "service not open!")
        .explain(
            "A feature the request needs is not enabled; the SDK reports 505 for any 403 containing \
             this fragment. The `error` type is Natter's choice.",
        )
        .source("msync ERRORS.md §2.2"),
    Entry::rest(
        403,
        "ROAMING_FUNCTION_NOT_OPEN",
        "forbidden_op",
        "messageroaming function not open",
    )
    .explain(
        "Roaming-based features (漫游) are not enabled; the SDK reports 505 for a 403 \
         containing this fragment.",
    )
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        429,
        "MAX_LIMIT_REACHED",
        "reach_limit",
        "The request has reached the maximum limit",
    )
    .explain(
        "A quota, not a rate, was hit: with this fragment in a 429 the SDK reports 50 \
         (MAX_LIMIT) instead of 500 (SERVER_BUSY).",
    )
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        429,
        "CLIENT_LOG_UPLOAD_LIMIT",
        "reach_limit",
        "upload client logs reached limit",
    )
    .explain("The client uploaded too many logs; the SDK reports 50 for a 429 containing this fragment.")
    .source("msync ERRORS.md §2.2"),
    // ---- Groups (群组管理, groups-chatrooms §2)
    Entry::rest(
        400,
        "GROUP_FIELD_MISSING",
        "invalid_parameter",
        "XX must be provided",
    )
    .explain("A required field of the group (群组) or chat room request is missing; XX names it.")
    .source("reference groups-chatrooms §G1"),
    Entry::rest(
        400,
        "GROUP_AVATAR_TOO_LONG",
        "invalid_parameter",
        "avatar length is too big",
    )
    .explain("The group avatar URL is longer than 1024 characters.")
    .source("reference groups-chatrooms §G1"),
    Entry::rest(
        400,
        "GROUP_PUBLIC_MISSING",
        "invalid_parameter",
        "group must contain public field!",
    )
    .explain("Creating a group without `public`.")
    .source("reference groups-chatrooms §G1"),
    Entry::rest(
        400,
        "GROUP_ID_EXISTS",
        "illegal_argument",
        "group ID XX already exists!",
    )
    .explain("The custom group or chat room ID asked for is already taken.")
    .source("reference groups-chatrooms §G1"),
    Entry::rest(
        403,
        "GROUP_APP_QUOTA",
        "exceed_limit",
        "appKey:XX#XX has create too many groups!",
    )
    .explain("The app already has the maximum number of groups its plan allows.")
    .source("reference groups-chatrooms §G1"),
    Entry::rest(
        403,
        "GROUP_USER_QUOTA",
        "exceed_limit",
        "user XX has joined too many groups!",
    )
    .explain("The user (owner or new member) already belongs to the maximum number of groups.")
    .source("reference groups-chatrooms §G1"),
    Entry::rest(
        403,
        "GROUP_MEMBERS_TOO_MANY",
        "exceed_limit",
        "members size is greater than max user size !",
    )
    .explain(
        "More members than `maxusers` allows, or more than one call may add; note the space \
         before `!`. The SDK reports 607 (GROUP_MEMBERS_LIMIT).",
    )
    .source("reference groups-chatrooms §G1"),
    Entry::rest(
        403,
        "GROUP_NAME_VIOLATION",
        "group_name_violation",
        "XX is violation, please change it.",
    )
    .explain("The group name failed content moderation (内容审核); XX is the name.")
    .source("reference groups-chatrooms §G1"),
    Entry::rest(
        404,
        "GROUP_LISTED_USER_NOT_FOUND",
        "resource_not_found",
        "username XXXX doesn't exist!",
    )
    .explain("A user named in the request body (owner or members) does not exist. Four-X sample form.")
    .source("reference groups-chatrooms §G1"),
    Entry::rest(
        404,
        "GROUP_USER_NOT_FOUND",
        "resource_not_found",
        "username XX doesn't exist!",
    )
    .explain("The user to add or make owner does not exist. Two-X sample form.")
    .source("reference groups-chatrooms §M2"),
    Entry::rest(
        400,
        "GROUP_FIELD_INVALID",
        "invalid_parameter",
        "some of [groupid] are not valid fields",
    )
    .explain("Modifying a group with a field that cannot be changed, such as `groupid`.")
    .source("seed 003"),
    Entry::rest(
        404,
        "GROUP_NOT_FOUND",
        "resource_not_found",
        "grpID XX does not exist!",
    )
    .explain(
        "No group or chat room with that ID. The Web SDK reports 605 on a chatgroups URL and \
         705 elsewhere.",
    )
    .source("reference groups-chatrooms §G4"),
    Entry::rest(
        404,
        "GROUP_NOT_FOUND_FEIGN",
        "RestGroupFeignException",
        "grpID XX does not exist!",
    )
    .explain(
        "Same as GROUP_NOT_FOUND on the group shared-file (群文件) endpoints, whose `error` is \
         an exception name.",
    )
    .source("reference groups-chatrooms §G13"),
    Entry::rest(
        404,
        "GROUP_NOT_FOUND_LOOKUP",
        "service_resource_not_found",
        "do not find this group:XX",
    )
    .explain("Listing members or details of a group or chat room that does not exist.")
    .source("reference groups-chatrooms §M1"),
    Entry::rest(
        400,
        "GROUP_ANNOUNCEMENT_MISSING",
        "illegal_argument",
        "announcement is null",
    )
    .explain("Setting a group announcement (群公告) without `announcement`.")
    .source("reference groups-chatrooms §G11"),
    Entry::rest(
        403,
        "GROUP_ANNOUNCEMENT_VIOLATION",
        "group_announce_violation",
        "group announcement is violation, please change it.",
    )
    .explain("The group announcement failed content moderation.")
    .source("reference groups-chatrooms §G11"),
    Entry::rest(
        403,
        "GROUP_ANNOUNCEMENT_TOO_LONG",
        "FORBIDDEN",
        "announce info length exceeds limit!",
    )
    .explain("The group announcement is longer than 512 characters.")
    .source("reference groups-chatrooms §G11"),
    Entry::rest(
        400,
        "GROUP_FILE_MISSING",
        "IllegalArgumentException",
        "file must be provided.",
    )
    .explain("Uploading a group shared file without a file part.")
    .source("reference groups-chatrooms §G13"),
    Entry::rest(
        403,
        "GROUP_MEMBER_ALREADY_IN",
        "forbidden_op",
        "can not join this group, reason:user: XX already in group: XX\n",
    )
    .explain("The user to add is already a member. The text ends with a newline, as the docs show `\\n`.")
    .source("reference groups-chatrooms §M2"),
    Entry::rest(
        403,
        "GROUP_MEMBER_ALREADY_IN_SAMPLE",
        "forbidden_op",
        "can not join this group, reason:user: hxtest1 already in group: 40659491815425\n",
    )
    .explain(
        "Sample of GROUP_MEMBER_ALREADY_IN with a concrete user and group ID, trailing newline \
         included.",
    )
    .source("seed 003"),
    Entry::rest(
        403,
        "GROUP_MEMBERS_ALREADY_IN",
        "forbidden_op",
        "an not join this group, reason:user: XX already in group: XX\n",
    )
    .explain(
        "Batch add where every user is already a member. The leading `c` is missing in the \
         vendor text (sic) and kept; trailing newline included.",
    )
    .source("reference groups-chatrooms §M3"),
    Entry::rest(
        403,
        "GROUP_NOT_MEMBERS",
        "forbidden_op",
        "users [XX] are not members of this group!",
    )
    .explain(
        "The users to remove, mute, allow or unblock are not members (or not on that list). The \
         SDK reports 602 on a chatgroups URL, 702 elsewhere.",
    )
    .source("reference groups-chatrooms §M4"),
    Entry::rest(
        403,
        "GROUP_NOT_MEMBERS_SAMPLE",
        "forbidden_op",
        "users [hxtest100] are not members of this group!",
    )
    .explain("Sample of GROUP_NOT_MEMBERS: removing `hxtest100`, who is not in the group.")
    .source("seed 003"),
    Entry::rest(
        403,
        "GROUP_OWNER_PROTECTED",
        "forbidden_op",
        "forbidden operation on group owner!",
    )
    .explain("The group owner (群主) cannot be removed, muted or blocked.")
    .source("seed 003"),
    Entry::rest(
        400,
        "GROUP_KICK_TOO_MANY",
        "invalid_parameter",
        "kickMember: kickMembers number more than maxSize : 60",
    )
    .explain("Removing more than 60 group or chat room members in one call.")
    .source("reference groups-chatrooms §M5"),
    Entry::rest(
        404,
        "GROUP_ADMIN_NOT_MEMBER",
        "resource_not_found",
        "user: XX doesn't exist in group: XXX",
    )
    .explain("Making someone an admin (管理员) who is not a member of the group.")
    .source("reference groups-chatrooms §M7"),
    Entry::rest(
        403,
        "GROUP_NEW_OWNER_NOT_MEMBER",
        "forbidden_op",
        "user: XX doesn't exist in group: XXX",
    )
    .explain("Transferring ownership to a user who is not a member.")
    .source("reference groups-chatrooms §M9"),
    Entry::rest(
        403,
        "GROUP_NEW_OWNER_NOT_MEMBER_SAMPLE",
        "forbidden_op",
        "user: username1 doesn't exist in group: 40659491815425",
    )
    .explain("Sample of GROUP_NEW_OWNER_NOT_MEMBER with a concrete user and group ID.")
    .source("seed 003"),
    Entry::rest(
        403,
        "GROUP_OWNER_UNCHANGED",
        "forbidden_op",
        "new owner and old owner are the same",
    )
    .explain("Transferring a group or chat room to the user who already owns it.")
    .source("seed 003"),
    Entry::rest(
        403,
        "GROUP_NOT_ADMIN",
        "forbidden_op",
        "user:XX is not admin of group:XX",
    )
    .explain("Removing admin rights from a user who is not an admin. No spaces after the colons.")
    .source("reference groups-chatrooms §M8"),
    Entry::rest(
        400,
        "GROUP_BLOCK_TOO_MANY",
        "invalid_parameter",
        "userNames is more than max limit : 100",
    )
    .explain("Blocking (黑名单) more than 100 users in one call.")
    .source("reference groups-chatrooms §M12"),
    Entry::rest(
        400,
        "GROUP_UNBLOCK_TOO_MANY",
        "invalid_parameter",
        "removeBlacklist: list size more than max limit : 60",
    )
    .explain("Unblocking more than 60 users in one call.")
    .source("reference groups-chatrooms §M14"),
    Entry::rest(
        400,
        "GROUP_MUTE_TOO_MANY",
        "invalid_parameter",
        "userNames size is more than max limit : 100",
    )
    .explain("Muting (禁言) more than 100 members in one call.")
    .source("reference groups-chatrooms §M16"),
    Entry::rest(
        400,
        "GROUP_UNMUTE_TOO_MANY",
        "invalid_parameter",
        "removeMute member size more than max limit : 60",
    )
    .explain("Unmuting more than 60 members in one call (groups: one space before 60).")
    .source("reference groups-chatrooms §M17"),
    Entry::rest(
        400,
        "GROUP_ALLOW_TOO_MANY",
        "invalid_parameter",
        "usernames size is more than max limit : 100",
    )
    .explain("Adding more than 100 users to the allowlist (白名单) in one call.")
    .source("reference groups-chatrooms §M22"),
    Entry::rest(
        400,
        "GROUP_DISALLOW_TOO_MANY",
        "invalid_parameter",
        "removeWhitelist size is more than max limit : 60",
    )
    .explain("Removing more than 60 users from the allowlist in one call.")
    .source("reference groups-chatrooms §M23"),
    Entry::rest(
        403,
        "GROUP_JOIN_QUOTA_LEGACY",
        "forbidden_op",
        "can not join this group, reason:user %s has joined too many groups/chatroom!",
    )
    .explain(
        "Older wording: the user has joined the maximum number of groups or chat rooms; `%s` is \
         the user ID.",
    )
    .source("seed 003"),
    Entry::rest(
        403,
        "GROUP_APP_QUOTA_LEGACY",
        "forbidden_op",
        "this appKey has create too many groups/chatrooms!",
    )
    .explain("Older wording: the app has created the maximum number of groups or chat rooms.")
    .source("seed 003"),
    Entry::rest(
        400,
        "GROUP_MEMBER_USER_MISSING",
        "illegal_argument",
        "group member username1 doesn’t exist",
    )
    .explain(
        "A user listed as an initial member of a new group does not exist; apostrophe \
         typographic (’) as the seed writes it.",
    )
    .source("seed 003"),
    Entry::rest(
        403,
        "MEMBER_LIST_FULL",
        "forbidden_op",
        "group member list is full!",
    )
    .explain(
        "The group or chat room is full; the SDK reports 606 on a chatgroups URL and 704 \
         elsewhere. The `error` type is Natter's choice.",
    )
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        403,
        "GROUP_INVITE_ALREADY_IN",
        "forbidden_op",
        "invite users to join group failed, reason:user: XX already in group: XX",
    )
    .explain(
        "Inviting a user who is already a member; the SDK reports 601 (GROUP_ALREADY_JOINED) \
         when the text contains both `invite users to join group failed` and `already in \
         group`. The joined wording and the `error` type are Natter's.",
    )
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        403,
        "GROUP_DISABLED",
        "forbidden_op",
        "can not operate this group, reason: group is disabled",
    )
    .explain(
        "The group is banned (禁用) and cannot be changed; the SDK reports 608 \
         (GROUP_IS_DISABLED). The `error` type is Natter's choice.",
    )
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        401,
        "GROUP_ADMIN_REQUIRED",
        "group_authorization",
        "you have no permission to do this,group fields require group admin privileges to be \
         modified",
    )
    .explain(
        "A non-admin tried to change group fields. Seen only in captured live replies, not in \
         vendor docs.",
    )
    .source("reference groups-chatrooms §9"),
    Entry::rest(
        401,
        "GROUP_ADMIN_REQUIRED_ANNOUNCEMENT",
        "group_authorization",
        "you have no permission to do this, group admin permission is required",
    )
    .explain(
        "A non-admin tried to set the announcement. Seen only in captured live replies, not in \
         vendor docs.",
    )
    .source("reference groups-chatrooms §9"),
    // ---- Group member attributes (群成员自定义属性, groups-chatrooms §A)
    Entry::rest(
        400,
        "GROUP_MEMBER_ATTR_KEY_TOO_LONG",
        "metadata_error",
        "exceeds chatgroup user metadata single key limit",
    )
    .explain("A member attribute key is longer than 16 bytes.")
    .source("reference groups-chatrooms §A1"),
    Entry::rest(
        400,
        "GROUP_MEMBER_ATTR_VALUE_TOO_LONG",
        "metadata_error",
        "exceeds chatgroup user metadata single value limit",
    )
    .explain(
        "A member attribute value is longer than 512 bytes. msync ERRORS.md §2.2 pairs this \
         text with `error_code` 60010, which makes the SDK report 50 (MAX_LIMIT).",
    )
    .with_error_code(60010)
    .source("reference groups-chatrooms §A1"),
    Entry::rest(
        400,
        "GROUP_MEMBER_ATTR_NOT_MEMBERS",
        "metadata_error",
        "Some users are not in the group: user99",
    )
    .explain(
        "A batch attribute update names users who are not members; `user99` is the doc's sample \
         list.",
    )
    .source("reference groups-chatrooms §A2"),
    Entry::rest(
        400,
        "GROUP_MEMBER_ATTR_BATCH_TOO_LARGE",
        "metadata_error",
        "exceeds chatgroup metadata batch put users limit",
    )
    .explain("A batch attribute update names more than 20 members.")
    .source("reference groups-chatrooms §A2"),
    Entry::rest(
        403,
        "GROUP_MEMBER_ATTR_NOT_ENABLED",
        "metadata_error",
        "chatgroup user metadata service not allow",
    )
    .explain("Group member attributes are not enabled for the app.")
    .source("reference groups-chatrooms §A2"),
    Entry::rest(
        404,
        "GROUP_MEMBER_ATTR_GROUP_NOT_FOUND",
        "metadata_error",
        "group not exists",
    )
    .explain("Member attributes of a group that does not exist.")
    .source("reference groups-chatrooms §A2"),
    Entry::rest(
        409,
        "GROUP_MEMBER_ATTR_CONFLICT",
        "metadata_error",
        "Failed to operate user metadata. Concurrent operation not allowed",
    )
    .explain("Two writes to the same member's attributes collided.")
    .source("reference groups-chatrooms §A2"),
    Entry::rest(
        404,
        "GROUP_MEMBER_ATTR_NOT_IN_GROUP",
        "MetadataException",
        "user not in group",
    )
    .explain("Reading the attributes of a user who is not a member.")
    .source("reference groups-chatrooms §A3"),
    Entry::rest(
        400,
        "GROUP_MEMBER_ATTR_TOO_MANY_TARGETS",
        "metadata_error",
        "query param reaches limit.",
    )
    .explain("Reading attributes by key for more than 10 users.")
    .source("reference groups-chatrooms §A4"),
    // ---- Threads (子区, groups-chatrooms §T)
    Entry::rest(
        400,
        "THREAD_NOT_ON_GROUP_MESSAGE",
        "group_error",
        "thread must on group message to create.",
    )
    .explain("A thread (子区) can only start from a group message.")
    .source("reference groups-chatrooms §T1"),
    Entry::rest(
        400,
        "THREAD_NAME_TOO_LONG",
        "group_error",
        "thread name limit reached.",
    )
    .explain("The thread name is longer than 64 characters.")
    .source("reference groups-chatrooms §T1"),
    Entry::rest(
        400,
        "THREAD_BODY_UNREADABLE",
        "param_illegal",
        "Failed to read HTTP message",
    )
    .explain("The thread request body could not be parsed.")
    .source("reference groups-chatrooms §T1"),
    Entry::rest(
        400,
        "THREAD_MESSAGE_NOT_IN_APP",
        "group_error",
        "msg not belong to app.",
    )
    .explain("The parent message belongs to another app.")
    .source("reference groups-chatrooms §T1"),
    Entry::rest(
        400,
        "THREAD_MESSAGE_NOT_IN_GROUP",
        "group_error",
        "msg not belong to group .",
    )
    .explain("The parent message is not in the given group; note the space before the period.")
    .source("reference groups-chatrooms §T1"),
    Entry::rest(400, "THREAD_NESTED", "group_error", "thread not nested.")
        .explain("A thread cannot be started from a message that is itself in a thread.")
        .source("reference groups-chatrooms §T1"),
    Entry::rest(
        403,
        "THREAD_APP_QUOTA",
        "group_error",
        "thread number has reached limit.",
    )
    .explain("The app has the maximum number of threads (100,000 by default).")
    .source("reference groups-chatrooms §T1"),
    Entry::rest(
        403,
        "THREAD_USER_QUOTA",
        "group_error",
        "user join thread reach limit.",
    )
    .explain("The user has joined the maximum number of threads.")
    .source("reference groups-chatrooms §T1"),
    Entry::rest(
        403,
        "THREAD_ALREADY_CREATED",
        "group_error",
        "msg already create thread.not allow to create.",
    )
    .explain("The parent message already has a thread; only one per message.")
    .source("reference groups-chatrooms §T1"),
    Entry::rest(403, "THREAD_NOT_ENABLED", "group_error", "thread not open.")
        .explain("Threads are not enabled for the app; enable the thread service (子区服务) in the console.")
        .source("seed 001"),
    Entry::rest(
        404,
        "THREAD_OWNER_NOT_IN_GROUP",
        "group_error",
        "user not in group.",
    )
    .explain("The thread's creator is not a member of the group.")
    .source("reference groups-chatrooms §T1"),
    Entry::rest(404, "THREAD_MESSAGE_NOT_FOUND", "group_error", "msg not exist.")
        .explain("The parent message does not exist.")
        .source("reference groups-chatrooms §T1"),
    Entry::rest(404, "THREAD_GROUP_NOT_FOUND", "group_error", "group not found.")
        .explain("The group of the thread does not exist.")
        .source("reference groups-chatrooms §T1"),
    Entry::rest(404, "THREAD_NOT_FOUND", "group_error", "thread not found.")
        .explain("No thread with that ID.")
        .source("reference groups-chatrooms §T2"),
    Entry::rest(
        400,
        "THREAD_PAGE_TOO_LARGE",
        "group_error",
        "query param reaches limit.",
    )
    .explain("Thread list page size outside [1,50].")
    .source("reference groups-chatrooms §T4"),
    Entry::rest(
        400,
        "THREAD_MEMBERS_TOO_MANY",
        "group_error",
        "request body reaches limit.",
    )
    .explain("Adding or removing more than 10 thread members in one call.")
    .source("reference groups-chatrooms §T8"),
    // ---- Chat rooms (聊天室, groups-chatrooms §3-§7)
    Entry::rest(
        403,
        "ROOM_APP_QUOTA",
        "exceed_limit",
        "appKey:XX#XX has create too many chatrooms!",
    )
    .explain("The app has the maximum number of chat rooms (聊天室) its plan allows.")
    .source("reference groups-chatrooms §R1"),
    Entry::rest(
        403,
        "ROOM_USER_QUOTA",
        "exceed_limit",
        "user XX has joined too many chatrooms!",
    )
    .explain("The owner or an initial member already belongs to the maximum number of chat rooms.")
    .source("reference groups-chatrooms §R1"),
    Entry::rest(
        400,
        "ROOM_FIELD_INVALID",
        "invalid_parameter",
        "some of [chatroom_id] are not valid fields",
    )
    .explain("Modifying a chat room with a field that cannot be changed.")
    .source("reference groups-chatrooms §R5"),
    Entry::rest(
        403,
        "ROOM_TITLE_TOO_LONG",
        "exceed_limit",
        "title cannot exceed to XXXX",
    )
    .explain("The chat room name is too long; XXXX is the limit.")
    .source("reference groups-chatrooms §R5"),
    Entry::rest(
        403,
        "ROOM_DESC_TOO_LONG",
        "exceed_limit",
        "desc cannot exceed to XXXX",
    )
    .explain("The chat room description is too long; XXXX is the limit.")
    .source("reference groups-chatrooms §R5"),
    Entry::rest(
        403,
        "ROOM_MAXUSERS_TOO_LARGE",
        "exceed_limit",
        "maxUsers cannot exceed XXXX",
    )
    .explain("The requested `maxusers` is above what the app may set; XXXX is the limit.")
    .source("reference groups-chatrooms §R5"),
    Entry::rest(
        403,
        "ROOM_ANNOUNCEMENT_TOO_LONG",
        "forbidden_op",
        "announce info length exceeds limit!",
    )
    .explain(
        "The chat room announcement is longer than 512 characters (rooms use `forbidden_op`, \
         groups `FORBIDDEN`).",
    )
    .source("reference groups-chatrooms §R9"),
    Entry::rest(
        400,
        "ROOM_ATTR_BATCH_TOO_LARGE",
        "",
        "exceed allowed batch size 10",
    )
    .explain(
        "Setting or deleting more than 10 chat room attributes (聊天室属性) at once; the docs \
         show an empty `error` type.",
    )
    .source("reference groups-chatrooms §K1"),
    Entry::rest(400, "ROOM_ATTR_NOT_OWNER", "", "others are not allowed to be set")
        .explain(
            "The key belongs to another user; only the forced variant may overwrite it. Empty \
             `error` type as documented.",
        )
        .source("reference groups-chatrooms §K1"),
    Entry::rest(
        401,
        "ROOM_ATTR_NOT_MEMBER",
        "MetadataException",
        "user is not in chatroom",
    )
    .explain("The user setting attributes is not in the chat room.")
    .source("reference groups-chatrooms §K1"),
    Entry::rest(
        403,
        "ROOM_JOIN_QUOTA",
        "exceeded_limit",
        "can not join this group, reason:user XXX has joined too many chatrooms!",
    )
    .explain(
        "Adding a user who already belongs to the maximum number of chat rooms. Note \
         `exceeded_limit`, not `exceed_limit`.",
    )
    .source("reference groups-chatrooms §C2"),
    Entry::rest(
        403,
        "ROOM_JOIN_QUOTA_FORBIDDEN_OP",
        "forbidden_op",
        "can not join this group, reason:user XXX has joined too many chatrooms!",
    )
    .explain("Same as ROOM_JOIN_QUOTA with the `forbidden_op` type that the Oct-2024 Chinese page gives.")
    .source("reference groups-chatrooms §C2"),
    Entry::rest(
        404,
        "ROOM_USER_NOT_FOUND",
        "resource_not_found",
        "username XXX doesn't exist!",
    )
    .explain("The user to add to or remove from the chat room does not exist. Three-X sample form.")
    .source("reference groups-chatrooms §C2"),
    Entry::rest(
        400,
        "ROOM_ADD_TOO_MANY",
        "invalid_parameter",
        "addMembers: addMembers number more than maxSize : 100",
    )
    .explain("Adding more than 100 chat room members in one call.")
    .source("reference groups-chatrooms §C3"),
    Entry::rest(
        400,
        "ROOM_ADD_TOO_MANY_OLD",
        "invalid_parameter",
        "addMembers: addMembers number more than maxSize : 60",
    )
    .explain("Older form of ROOM_ADD_TOO_MANY from when the batch limit was 60.")
    .source("reference groups-chatrooms §C3"),
    Entry::rest(
        400,
        "ROOM_NOT_MEMBERS",
        "forbidden_op",
        "users [XX] are not members of this group!",
    )
    .explain(
        "The users are not in the chat room. Same text as GROUP_NOT_MEMBERS but status 400 on \
         most chat room endpoints.",
    )
    .source("reference groups-chatrooms §C4"),
    Entry::rest(
        400,
        "ROOM_UNMUTE_TOO_MANY",
        "invalid_parameter",
        "removeMute member size more than max limit :  60",
    )
    .explain(
        "Unmuting more than 60 chat room members in one call; two spaces before 60 (sic), \
         unlike the group text.",
    )
    .source("reference groups-chatrooms §C11"),
    Entry::rest(
        403,
        "ROOM_TAG_MUTE_NOT_ENABLED",
        "forbidden_op",
        "Group tag mute is disabled",
    )
    .explain("Muting chat room members by tag (标签禁言) is not enabled for the app.")
    .source("reference groups-chatrooms §0.5"),
    Entry::rest(
        403,
        "ROOM_TAG_TOO_LONG",
        "exceed_limit",
        "tag length exceeds limit!",
    )
    .explain("A user tag is longer than 32 characters.")
    .source("reference groups-chatrooms §C14"),
    Entry::rest(
        404,
        "ROOM_TAG_NOT_FOUND",
        "resource_not_found",
        "group tag not found",
    )
    .explain("Tag-muting with a tag that no member has.")
    .source("reference groups-chatrooms §C14"),
    Entry::rest(
        400,
        "ROOM_TAGS_NOT_LIST",
        "invalid_parameter",
        "tags should be type of List",
    )
    .explain("`tags` must be a JSON array.")
    .source("reference groups-chatrooms §C15"),
    Entry::rest(
        403,
        "ROOM_TAG_COUNT_LIMIT",
        "exceed_limit",
        "user group tag count exceed limit",
    )
    .explain("More than 10 tags for one user.")
    .source("reference groups-chatrooms §C15"),
    Entry::rest(
        400,
        "ROOM_BLOCK_TOO_MANY_OLD",
        "invalid_parameter",
        "userNames is more than max limit : 60",
    )
    .explain(
        "Older form of GROUP_BLOCK_TOO_MANY for the chat room blocklist, from when the limit \
         was 60.",
    )
    .source("reference groups-chatrooms §C23"),
    // ---- Numeric error_code replies the Web SDK interprets (msync ERRORS.md §2.2). The vendor
    // documents only the code's effect on the SDK: the `error` types and texts below are Natter's,
    // and every text ends with the code so that each row stays distinct.
    Entry::rest(
        400,
        "THREAD_EXISTS_40002",
        "group_error",
        "thread already exists (40002)",
    )
    .explain("A thread already exists for the message; the SDK reports 1301 (THREAD_ALREADY_EXIST).")
    .with_error_code(40002)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        400,
        "OPERATION_UNSUPPORTED_40009",
        "illegal_argument",
        "operation not supported (40009)",
    )
    .explain(
        "The server does not support the requested operation; the SDK reports 53 \
         (OPERATION_UNSUPPORTED).",
    )
    .with_error_code(40009)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        400,
        "GROUP_MEMBER_ATTR_SET_FAILED_60005",
        "metadata_error",
        "failed to set group member attributes (60005)",
    )
    .explain(
        "Setting group member attributes failed; the SDK reports 609 and uses the body's \
         `desc`, else the description, as message.",
    )
    .with_error_code(60005)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        400,
        "GROUP_MEMBER_ATTR_NO_PERMISSION_60010",
        "metadata_error",
        "no permission to change group member attributes (60010)",
    )
    .explain(
        "60010 without the value-limit text: the SDK reports 52 (NO_PERMISSION), e.g. a member \
         changing another member's attributes.",
    )
    .with_error_code(60010)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        400,
        "ROOM_NOT_JOINED_60011",
        "metadata_error",
        "user is not in chatroom (60011)",
    )
    .explain(
        "The user is not in the chat room; the SDK reports 702 (CHATROOM_NOT_JOINED) and reads \
         the message from a `desc` field, which this catalog cannot carry.",
    )
    .with_error_code(60011)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        400,
        "FILE_UPLOAD_FAILED_14403",
        "illegal_argument",
        "file upload failed (14403)",
    )
    .explain("The attachment could not be accepted; the SDK reports 101 (WEBIM_UPLOADFILE_ERROR).")
    .with_error_code(14403)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        400,
        "LIMIT_EXCEEDED_60006",
        "metadata_error",
        "limit exceeded (60006)",
    )
    .explain(
        "One of the four 400 codes the SDK reports as 50 (MAX_LIMIT); which limit it stands for \
         is not documented.",
    )
    .with_error_code(60006)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        400,
        "LIMIT_EXCEEDED_60007",
        "metadata_error",
        "limit exceeded (60007)",
    )
    .explain(
        "One of the four 400 codes the SDK reports as 50 (MAX_LIMIT); which limit it stands for \
         is not documented.",
    )
    .with_error_code(60007)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        400,
        "LIMIT_EXCEEDED_60009",
        "metadata_error",
        "limit exceeded (60009)",
    )
    .explain(
        "One of the four 400 codes the SDK reports as 50 (MAX_LIMIT); which limit it stands for \
         is not documented.",
    )
    .with_error_code(60009)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        400,
        "LIMIT_EXCEEDED_60012",
        "metadata_error",
        "limit exceeded (60012)",
    )
    .explain(
        "One of the four 400 codes the SDK reports as 50 (MAX_LIMIT); which limit it stands for \
         is not documented.",
    )
    .with_error_code(60012)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        400,
        "NO_PERMISSION_91104",
        "illegal_argument",
        "no permission (91104)",
    )
    .explain(
        "A 400 the SDK reports as 52 (NO_PERMISSION); the 91xxx codes belong to the \
         conversation APIs.",
    )
    .with_error_code(91104)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        401,
        "NO_PERMISSION_40001",
        "unauthorized",
        "no permission (40001)",
    )
    .explain("A 401 the SDK reports as 52 (NO_PERMISSION) whatever the text says.")
    .with_error_code(40001)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        401,
        "NO_PERMISSION_60001",
        "unauthorized",
        "no permission (60001)",
    )
    .explain("A 401 the SDK reports as 52 (NO_PERMISSION) whatever the text says.")
    .with_error_code(60001)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        403,
        "SERVICE_NOT_ENABLED_40000",
        "forbidden_op",
        "service not enabled (40000)",
    )
    .explain("A 403 the SDK reports as 505 (SERVICE_NOT_ENABLED).")
    .with_error_code(40000)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        403,
        "SERVICE_NOT_ENABLED_60004",
        "forbidden_op",
        "service not enabled (60004)",
    )
    .explain("A 403 the SDK reports as 505 (SERVICE_NOT_ENABLED).")
    .with_error_code(60004)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        403,
        "SERVICE_NOT_ENABLED_15002",
        "forbidden_op",
        "service not enabled (15002)",
    )
    .explain("A 403 the SDK reports as 505 (SERVICE_NOT_ENABLED).")
    .with_error_code(15002)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        403,
        "THREAD_EXISTS_40003",
        "group_error",
        "thread already exists (40003)",
    )
    .explain("A 403 the SDK reports as 1301 (THREAD_ALREADY_EXIST).")
    .with_error_code(40003)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        403,
        "THREAD_EXISTS_40004",
        "group_error",
        "thread already exists (40004)",
    )
    .explain("A 403 the SDK reports as 1301 (THREAD_ALREADY_EXIST).")
    .with_error_code(40004)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        403,
        "LIMIT_EXCEEDED_40005",
        "exceed_limit",
        "limit exceeded (40005)",
    )
    .explain("A 403 the SDK reports as 50 (MAX_LIMIT).")
    .with_error_code(40005)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        403,
        "LIMIT_EXCEEDED_40007",
        "exceed_limit",
        "limit exceeded (40007)",
    )
    .explain("A 403 the SDK reports as 50 (MAX_LIMIT).")
    .with_error_code(40007)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        403,
        "LIMIT_EXCEEDED_91002",
        "exceed_limit",
        "limit exceeded (91002)",
    )
    .explain("A 403 the SDK reports as 50 (MAX_LIMIT); a conversation-API limit.")
    .with_error_code(91002)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        403,
        "LIMIT_EXCEEDED_91101",
        "exceed_limit",
        "limit exceeded (91101)",
    )
    .explain("A 403 the SDK reports as 50 (MAX_LIMIT); a conversation-API limit.")
    .with_error_code(91101)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        403,
        "PERMISSION_DENIED_60002",
        "forbidden_op",
        "permission denied (60002)",
    )
    .explain(
        "A 403 the SDK reports as 603 (PERMISSION_DENIED); any 403 without a recognised code or \
         text ends the same way.",
    )
    .with_error_code(60002)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        403,
        "PARAMETER_ERROR_91102",
        "forbidden_op",
        "invalid parameter (91102)",
    )
    .explain("A 403 the SDK reports as -3 (REQUEST_PARAMETER_ERROR).")
    .with_error_code(91102)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        404,
        "THREAD_NOT_FOUND_40011",
        "resource_not_found",
        "thread not found (40011)",
    )
    .explain(
        "A 404 the SDK reports as 1300 (THREAD_NOT_EXIST); the documented `thread not found.` \
         without a code gives only 17.",
    )
    .with_error_code(40011)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        404,
        "NO_PERMISSION_40012",
        "resource_not_found",
        "no permission (40012)",
    )
    .explain("A 404 the SDK reports as 52 (NO_PERMISSION).")
    .with_error_code(40012)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        404,
        "GROUP_NOT_JOINED_60003",
        "resource_not_found",
        "not a member of this group (60003)",
    )
    .explain("A 404 the SDK reports as 602 (GROUP_NOT_JOINED).")
    .with_error_code(60003)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        404,
        "GROUP_NOT_JOINED_20004",
        "resource_not_found",
        "not a member of this group (20004)",
    )
    .explain("A 404 the SDK reports as 602 (GROUP_NOT_JOINED).")
    .with_error_code(20004)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        404,
        "CONVERSATION_NOT_FOUND_91001",
        "resource_not_found",
        "conversation not found (91001)",
    )
    .explain("A 404 the SDK reports as 1400 (CONVERSATION_NOT_EXIST).")
    .with_error_code(91001)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        406,
        "OPERATION_NOT_ALLOWED_90004",
        "forbidden_op",
        "operation not allowed (90004)",
    )
    .explain(
        "The only 406 the SDK settles on: it reports 54 (OPERATION_NOT_ALLOWED). Any other 406 \
         leaves the SDK's promise pending, so Natter must never send one.",
    )
    .with_error_code(90004)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        500,
        "SERVER_ERROR_40006",
        "INTERNAL_SERVER_ERROR",
        "server error (40006)",
    )
    .explain("A 500 the SDK reports as 503 (SERVER_UNKNOWN_ERROR).")
    .with_error_code(40006)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        500,
        "SERVER_ERROR_40008",
        "INTERNAL_SERVER_ERROR",
        "server error (40008)",
    )
    .explain("A 500 the SDK reports as 503 (SERVER_UNKNOWN_ERROR).")
    .with_error_code(40008)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        500,
        "SERVER_ERROR_40010",
        "INTERNAL_SERVER_ERROR",
        "server error (40010)",
    )
    .explain("A 500 the SDK reports as 503 (SERVER_UNKNOWN_ERROR).")
    .with_error_code(40010)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        500,
        "SERVER_ERROR_90005",
        "INTERNAL_SERVER_ERROR",
        "server error (90005)",
    )
    .explain("A 500 the SDK reports as -2 (REQUEST_UNKNOWN).")
    .with_error_code(90005)
    .source("msync ERRORS.md §2.2"),
    Entry::rest(
        500,
        "SERVER_ERROR_99999",
        "INTERNAL_SERVER_ERROR",
        "server error (99999)",
    )
    .explain("A 500 the SDK reports as -2 (REQUEST_UNKNOWN).")
    .with_error_code(99999)
    .source("msync ERRORS.md §2.2"),
    // ---- Natter's own choices where the vendor's reply would mislead a client
    Entry::rest(
        405,
        "WRONG_METHOD",
        "unsupported_service_operation",
        "Service operation not supported",
    )
    .explain(
        "The path exists but not for this HTTP method. The vendor sends this body with status 500; \
             Natter keeps the documented body and sends the truthful 405, which every client treats as \
             a failure just the same.",
    )
    .source("Natter: seed 001's 500 row, with status 405"),
];
