//! Discussion groups (讨论组) at the RongCloud door: `/message/discussion/publish.json`, which rongcloud
//! 2.0.1's `publishDiscussion` calls. It is the only discussion call of either SDK: rongcloud 2.0.1 makes
//! and manages no discussions, and rc-server-sdk 3.2.0 knows none (RongCloud retired discussions in favour
//! of groups).
//!
//! Decision: a discussion is a group of the same app. `toDiscussionId` names a group exactly as
//! `toGroupId` does (its RongCloud id, or its Easemob id), so a discussion is made, joined and left with
//! the `/group/…` calls; an id that names no group is 1012 (群组不存在: seed 000 has no discussion code).
//! The message is then sent by `/message/group/publish.json`'s own handler, so it is validated, stored and
//! delivered to every member just as a group message is, and recalled as one (`conversationType` 3;
//! `/message/recall.json` keeps refusing 2 with 1001, as it did before discussions, since no SDK sends it).
//! One discussion per call (the SDK's parameter is singular; more is 1001). The reply names the message
//! as `messageUIDs: [{"discussionId": …, "messageUID": …}]`.

use super::call::Call;
use super::messages::group_publish;
use super::reply::Reply;
use crate::AppState;
use axum::Router;
use axum::extract::State;
use natter_codes::NatterError;
use serde_json::Value;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route(
        "/message/discussion/publish.json",
        super::endpoint(discussion_publish),
    )
}

/// `POST /message/discussion/publish.json` (`fromUserId`, `toDiscussionId`, `objectName`, `content`,
/// `pushContent`, `pushData`, `isPersisted`, `isCounted`, `isIncludeSender`): a group message to the group
/// the discussion id names.
async fn discussion_publish(state: State<AppState>, call: Call) -> Reply {
    let discussions = call.params.all("toDiscussionId");
    if discussions.is_empty() {
        return Err(NatterError::invalid_parameter("toDiscussionId is required").into());
    }
    if discussions.len() > 1 {
        return Err(NatterError::invalid_parameter("one toDiscussionId per call")
            .with_detail(format!("{} given", discussions.len()))
            .into());
    }
    // `toGroupId` is read from the discussion id alone: a `toGroupId` of the caller's is dropped.
    let call = Call {
        params: call.params.renamed("toDiscussionId", "toGroupId"),
        app: call.app,
        json: None,
    };
    let mut reply = group_publish(state, call).await?;
    if let Some(Value::Array(entries)) = reply.field_mut("messageUIDs") {
        for entry in entries.iter_mut().filter_map(Value::as_object_mut) {
            if let Some(id) = entry.remove("groupId") {
                entry.insert("discussionId".to_owned(), id);
            }
        }
    }
    Ok(reply)
}
