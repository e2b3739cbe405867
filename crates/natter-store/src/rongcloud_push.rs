//! RongCloud pushes (`/push.json`, `/push/user.json`): the push requests the RongCloud door accepted, kept
//! for the sender that will hand them to APNs and FCM (Natter has none yet), and the audience query that
//! turns a push's tag and package-name conditions into the app's users.

use crate::StoreResult;
use natter_core::User;

/// Which endpoint accepted a push.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RongCloudPushKind {
    /// `/push.json`: to every user, to tags, to a package name or to listed users, with an optional
    /// in-app message.
    Audience,
    /// `/push/user.json`: a notification to listed users only (不落地通知).
    Users,
}

impl RongCloudPushKind {
    /// The stored value.
    pub const fn as_str(self) -> &'static str {
        match self {
            RongCloudPushKind::Audience => "audience",
            RongCloudPushKind::Users => "users",
        }
    }

    /// Reads a stored value.
    pub fn parse(value: &str) -> Option<RongCloudPushKind> {
        match value {
            "audience" => Some(RongCloudPushKind::Audience),
            "users" => Some(RongCloudPushKind::Users),
            _ => None,
        }
    }
}

/// One accepted push.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RongCloudPush {
    /// The id the reply gave the caller (`{"code":200,"id":…}`), unique in its app.
    pub push_id: String,
    pub kind: RongCloudPushKind,
    /// The request as the door validated it, as JSON text: what the push sender will read.
    pub request: String,
    /// How many users the push's audience selected when it was accepted.
    pub recipients: u64,
    /// How many of them got the push's in-app message (one message each; 0 for a push without one).
    pub messages: u64,
    pub created_ms: i64,
}

/// The users a push's conditions select. Empty lists and `None` are no condition; a push with no condition
/// at all selects every user of the app.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PushAudience {
    /// Users that have every one of these tags (`tag`, AND).
    pub all_tags: Vec<String>,
    /// Users that have at least one of these tags (`tag_or`, OR).
    pub any_tags: Vec<String>,
    /// Users with a push binding of this certificate (`packageName`: the console's certificate of one app
    /// package is the binding's `notifier_name`).
    pub notifier_name: Option<String>,
}

/// Accepted pushes and push audiences.
#[async_trait::async_trait]
pub trait RongCloudPushStore: Send + Sync + std::fmt::Debug {
    /// Keeps an accepted push. [`crate::StoreError::Conflict`], and nothing written, if the app has a push
    /// with this id.
    async fn record_rongcloud_push(&self, app_id: i64, push: RongCloudPush) -> StoreResult<()>;

    /// The push with this id.
    async fn rongcloud_push(&self, app_id: i64, push_id: &str) -> StoreResult<Option<RongCloudPush>>;

    /// The app's users `audience` selects with a row id above `after_id`, by ascending row id, at most
    /// `limit` of them: the pages of a push to tags or to a package.
    async fn push_audience(
        &self,
        app_id: i64,
        audience: &PushAudience,
        after_id: Option<i64>,
        limit: u32,
    ) -> StoreResult<Vec<User>>;
}
