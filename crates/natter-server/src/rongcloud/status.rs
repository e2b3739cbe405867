//! Status messages (状态消息) at the RongCloud door: `/statusmessage/private/publish.json` and
//! `/statusmessage/group/publish.json`, which rc-server-sdk 3.2.0's `send_status_message` calls (rongcloud
//! 2.0.1 has no status messages; neither SDK calls any other `/statusmessage/` path).
//!
//! A status message ("typing…", "online") reaches the devices connected at that moment and nobody else: it
//! goes through the pipeline's online-only path ([`crate::messaging::online`]), never through the writer,
//! so it is not stored, not queued for offline devices, not counted in anyone's unread list, and absent
//! from roaming and history. A device that connects later never sees it.
//!
//! Decisions:
//! - Validation is that of `/message/{private,group}/publish.json` (the same helpers): `fromUserId` a
//!   registered user (1003) not banned (1005); 1 to 1000 `toUserId`, each existing (1003); 1 to 3
//!   `toGroupId`, each naming a group (1012); `objectName` 1 to 32 characters and `content` a RongCloud
//!   content (1001) of at most 128 KB (1022) whose stored body fits the pipeline's size limit (1022);
//!   a sensitive word without replacement refuses it (1023), one with a replacement is replaced. Every
//!   target is checked before anything is delivered.
//! - Membership is not checked, as for group messages: the app's server speaks for the app ("通过 Server
//!   API 非群成员也可以向群组中发送消息"). The message reaches the group's members.
//! - `verifyBlacklist=1`: a recipient who blacklisted the sender does not get it; a one-to-one call whose
//!   every recipient did so is 2011 (用户被拉黑), as `/message/private/publish.json`; in a group such
//!   members are skipped.
//! - `isIncludeSender=1`: the sender's own online devices get it too (by default they do not, unlike an
//!   ordinary message, which always reaches the sender's other devices).
//! - No quota besides the door's request quota: a status message costs no storage (the message quotas
//!   protect the writer).
//! - The reply is `{"code":200}` (the SDK's documented reply): nothing was stored, so there is no
//!   message id to recall.
//! - The body carries `ext."rc:statusMessage": true`: the Easemob SDKs have no status messages, so the app
//!   can tell one from a message and keep it out of its conversation list and unread count.

use super::call::Call;
use super::groups::existing_group;
use super::ids;
use super::messages::{Options, Words, message_body, payload, registered_sender, without_blockers};
use super::reply::{Reply, Success};
use super::users::existing_users;
use crate::AppState;
use crate::messaging::Target;
use crate::messaging::convert::ext_to_key_values;
use crate::messaging::online::OnlineOnly;
use axum::Router;
use axum::extract::State;
use natter_codes::NatterError;
use natter_core::{App, Group, User, UserName};
use natter_msync::pb::{self, message_body::Type as BodyType};
use serde_json::{Map, json};

/// Recipients of one one-to-one call and groups of one group call (rc-server-sdk's `1~1000` and `1~3`).
const MAX_RECIPIENTS: usize = 1000;
const MAX_GROUPS: usize = 3;
/// The `ext` marker of status messages.
const STATUS_KEY: &str = "rc:statusMessage";

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/statusmessage/private/publish.json",
            super::endpoint(private_status),
        )
        .route("/statusmessage/group/publish.json", super::endpoint(group_status))
}

/// The body of a status message: the converted content, checked for sensitive words, marked as a status.
async fn status_body(
    state: &AppState,
    app: &App,
    kind: BodyType,
    payload: (&str, &str),
) -> Result<pb::MessageBody, NatterError> {
    let mut body = message_body(
        state,
        app,
        &mut Words::default(),
        kind,
        payload,
        &Options::default(),
    )
    .await?;
    let mut marker = Map::new();
    marker.insert(STATUS_KEY.to_owned(), json!(true));
    body.ext.extend(ext_to_key_values(&marker));
    Ok(body)
}

/// Hands one status message to the online devices of `target`; returns how many got it.
async fn deliver(
    state: &AppState,
    call: &Call,
    sender: &User,
    target: Target,
    body: &pb::MessageBody,
    except: &[UserName],
) -> Result<usize, NatterError> {
    state
        .messaging
        .deliver_online_only(OnlineOnly {
            app: &call.app,
            sender: &sender.username,
            target,
            body: body.clone(),
            id: state.ids.next(crate::now_ms()),
            include_sender: call.params.flag("isIncludeSender")?.unwrap_or(false),
            except,
        })
        .await
}

/// `POST /statusmessage/private/publish.json` (`fromUserId`, `toUserId` 1 to 1000 times, `objectName`,
/// `content`, `verifyBlacklist`, `isIncludeSender`): one status message per recipient, to its online
/// devices.
async fn private_status(State(state): State<AppState>, call: Call) -> Reply {
    let payload = payload(&call.params)?;
    let sender = registered_sender(&state, &call).await?;
    let mut recipients = existing_users(&state, &call, "toUserId", MAX_RECIPIENTS).await?;
    if call.params.flag("verifyBlacklist")?.unwrap_or(false) {
        recipients = without_blockers(&state, &sender, recipients).await?;
    }
    call.params.flag("isIncludeSender")?;
    let body = status_body(&state, &call.app, BodyType::Chat, payload).await?;
    let mut devices = 0;
    for recipient in &recipients {
        devices += deliver(
            &state,
            &call,
            &sender,
            Target::User(recipient.username.clone()),
            &body,
            &[],
        )
        .await?;
    }
    tracing::info!(app = %call.app.key, sender = %sender.username, recipients = recipients.len(), devices, "status message (RongCloud)");
    Ok(Success::new())
}

/// The members of `group` online now who blacklisted `sender` (`verifyBlacklist=1`): only online members
/// could get the message, so only they are looked up.
async fn online_blockers(
    state: &AppState,
    app: &App,
    group: &Group,
    sender: &User,
) -> Result<Vec<UserName>, NatterError> {
    let members = state
        .store
        .group_members_of(app.id, group.id)
        .await
        .map_err(crate::store_error)?;
    let mut blockers = Vec::new();
    for member in members {
        if member == sender.username || state.sessions.mailboxes(app.id, &member).is_empty() {
            continue;
        }
        let Some(user) = state
            .store
            .user_by_name(app.id, &member)
            .await
            .map_err(crate::store_error)?
        else {
            continue;
        };
        if state
            .store
            .is_blocked(user.id, sender.id)
            .await
            .map_err(crate::store_error)?
        {
            blockers.push(member);
        }
    }
    Ok(blockers)
}

/// `POST /statusmessage/group/publish.json` (`fromUserId`, `toGroupId` 1 to 3 times, `objectName`,
/// `content`, `verifyBlacklist`, `isIncludeSender`): one status message per group, to the online devices
/// of its members.
async fn group_status(State(state): State<AppState>, call: Call) -> Reply {
    let payload = payload(&call.params)?;
    let group_ids = ids::ids(&call.params, "toGroupId", 1, MAX_GROUPS)?;
    let sender = registered_sender(&state, &call).await?;
    let mut groups = Vec::with_capacity(group_ids.len());
    for id in &group_ids {
        groups.push(existing_group(&state, &call.app, id).await?);
    }
    let verify_blacklist = call.params.flag("verifyBlacklist")?.unwrap_or(false);
    call.params.flag("isIncludeSender")?;
    let body = status_body(&state, &call.app, BodyType::Groupchat, payload).await?;
    let mut devices = 0;
    for group in &groups {
        let except = if verify_blacklist {
            online_blockers(&state, &call.app, group, &sender).await?
        } else {
            Vec::new()
        };
        devices += deliver(&state, &call, &sender, Target::Group(group.id), &body, &except).await?;
    }
    tracing::info!(app = %call.app.key, sender = %sender.username, groups = groups.len(), devices, "group status message (RongCloud)");
    Ok(Success::new())
}
