//! Rate limits per app and per endpoint group (reference §11), answered with 429 `reach_limit`.
//!
//! Each request is classified by its path into the group whose quota the vendor documents, and counted
//! against a GCRA limiter keyed by (app, group). Quotas are configurable; the defaults are the vendor's.

use crate::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use natter_codes::{ErrorKind, NatterError};
use std::num::NonZeroU32;
use std::time::Duration;

/// The endpoint groups that share a quota.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EndpointGroup {
    /// `POST /token`: 300/s.
    Token,
    /// The user system, push binding, nickname and display style: 100/s shared.
    Users,
    /// Global mute: 100/s.
    Mutes,
    /// User attributes: 100/s.
    Attributes,
    /// Contacts: 100/s.
    Contacts,
    /// Blocklist: 50/s.
    Blocklist,
    /// Push notification settings and language: 100/s.
    Push,
    /// Push templates: 10/s.
    PushTemplates,
    /// Everything else under an app: 100/s.
    Other,
}

/// Requests allowed per period, per app, for each group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateLimits {
    pub enabled: bool,
    /// The period the counts below refer to (one second, as documented; tests use longer ones).
    pub period: Duration,
    pub token: u32,
    pub users: u32,
    pub mutes: u32,
    pub attributes: u32,
    pub contacts: u32,
    pub blocklist: u32,
    pub push: u32,
    pub push_templates: u32,
    pub other: u32,
}

impl Default for RateLimits {
    fn default() -> RateLimits {
        RateLimits {
            enabled: true,
            period: Duration::from_secs(1),
            token: 300,
            users: 100,
            mutes: 100,
            attributes: 100,
            contacts: 100,
            blocklist: 50,
            push: 100,
            push_templates: 10,
            other: 100,
        }
    }
}

impl RateLimits {
    fn per_period(&self, group: EndpointGroup) -> u32 {
        match group {
            EndpointGroup::Token => self.token,
            EndpointGroup::Users => self.users,
            EndpointGroup::Mutes => self.mutes,
            EndpointGroup::Attributes => self.attributes,
            EndpointGroup::Contacts => self.contacts,
            EndpointGroup::Blocklist => self.blocklist,
            EndpointGroup::Push => self.push,
            EndpointGroup::PushTemplates => self.push_templates,
            EndpointGroup::Other => self.other,
        }
    }
}

/// Which group a path (`/{org}/{app}/…`) counts against; `None` for paths outside any app.
pub fn classify(path: &str) -> Option<(&str, EndpointGroup)> {
    // The RongCloud door counts its requests itself, per RongCloud app (`rongcloud::call`).
    if crate::rongcloud::is_rongcloud_path(path) {
        return None;
    }
    let trimmed = path.trim_start_matches('/');
    let mut segments = trimmed.splitn(3, '/');
    let org = segments.next().filter(|org| !org.is_empty())?;
    let app = segments.next().filter(|app| !app.is_empty())?;
    let rest = segments.next().unwrap_or("");
    let app_key = &trimmed[..org.len() + 1 + app.len()];
    let parts: Vec<&str> = rest.split('/').collect();
    let group = match parts.as_slice() {
        ["token", ..] => EndpointGroup::Token,
        ["sdk", "users", _, "token", ..] => EndpointGroup::Token,
        ["mutes", ..] => EndpointGroup::Mutes,
        ["metadata", ..] => EndpointGroup::Attributes,
        ["contacts", ..] | ["users", _, "contacts", ..] | ["user", _, "contacts", ..] => {
            EndpointGroup::Contacts
        }
        ["blocks", ..] | ["users", _, "blocks", ..] | ["sdk", "user", _, "blocks", ..] => {
            EndpointGroup::Blocklist
        }
        // Template management is 10/s; a receiver's choice of template (`users/{u}/notification/template`)
        // counts with the other push settings at 100/s.
        ["notification", "template", ..] => EndpointGroup::PushTemplates,
        ["users", _, "notification", ..] => EndpointGroup::Push,
        ["users", ..] | ["push", ..] => EndpointGroup::Users,
        _ => EndpointGroup::Other,
    };
    Some((app_key, group))
}

/// One limiter per group, keyed by app.
#[derive(Debug)]
pub struct RateLimiters {
    limits: RateLimits,
    limiters: Vec<(EndpointGroup, DefaultKeyedRateLimiter<String>)>,
}

const GROUPS: [EndpointGroup; 9] = [
    EndpointGroup::Token,
    EndpointGroup::Users,
    EndpointGroup::Mutes,
    EndpointGroup::Attributes,
    EndpointGroup::Contacts,
    EndpointGroup::Blocklist,
    EndpointGroup::Push,
    EndpointGroup::PushTemplates,
    EndpointGroup::Other,
];

impl RateLimiters {
    pub fn new(limits: RateLimits) -> RateLimiters {
        let limiters = GROUPS
            .iter()
            .map(|&group| {
                let count = NonZeroU32::new(limits.per_period(group).max(1)).unwrap_or(NonZeroU32::MIN);
                // The burst is the whole period's allowance; it refills evenly over the period.
                let quota = Quota::with_period(limits.period / count.get())
                    .unwrap_or_else(|| Quota::per_second(count))
                    .allow_burst(count);
                (group, RateLimiter::keyed(quota))
            })
            .collect();
        RateLimiters { limits, limiters }
    }

    /// Whether a request of `group` for `app_key` may pass now.
    pub fn check(&self, app_key: &str, group: EndpointGroup) -> bool {
        if !self.limits.enabled {
            return true;
        }
        self.limiters
            .iter()
            .find(|(candidate, _)| *candidate == group)
            .is_none_or(|(_, limiter)| limiter.check_key(&app_key.to_string()).is_ok())
    }
}

/// The middleware: counts the request, or answers 429 `reach_limit` without running the handler.
pub(crate) async fn enforce(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if let Some((app_key, group)) = classify(request.uri().path())
        && !state.rate_limiters.check(app_key, group)
    {
        tracing::info!(app = app_key, ?group, "rate limited");
        return crate::easemob::EasemobError(NatterError::new(ErrorKind::RateLimited)).into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_fall_into_their_documented_groups() {
        let group = |path| classify(path).map(|(_, group)| group);
        assert_eq!(
            classify("/acme/chat/users/u1").map(|(key, _)| key),
            Some("acme/chat")
        );
        assert_eq!(group("/acme/chat/token"), Some(EndpointGroup::Token));
        assert_eq!(group("/acme/chat/users"), Some(EndpointGroup::Users));
        assert_eq!(group("/acme/chat/users/u1/password"), Some(EndpointGroup::Users));
        assert_eq!(
            group("/acme/chat/users/u1/contacts/users/u2"),
            Some(EndpointGroup::Contacts)
        );
        assert_eq!(
            group("/acme/chat/user/u1/contacts"),
            Some(EndpointGroup::Contacts)
        );
        assert_eq!(
            group("/acme/chat/users/u1/blocks/users"),
            Some(EndpointGroup::Blocklist)
        );
        assert_eq!(
            group("/acme/chat/sdk/user/u1/blocks"),
            Some(EndpointGroup::Blocklist)
        );
        assert_eq!(
            group("/acme/chat/metadata/user/u1"),
            Some(EndpointGroup::Attributes)
        );
        assert_eq!(group("/acme/chat/mutes"), Some(EndpointGroup::Mutes));
        assert_eq!(
            group("/acme/chat/notification/template"),
            Some(EndpointGroup::PushTemplates)
        );
        assert_eq!(
            group("/acme/chat/users/u1/notification/chat/u2"),
            Some(EndpointGroup::Push)
        );
        assert_eq!(
            group("/acme/chat/users/u1/notification/template"),
            Some(EndpointGroup::Push)
        );
        assert_eq!(group("/acme/chat/chatgroups"), Some(EndpointGroup::Other));
        assert_eq!(group("/health"), None);
        assert_eq!(
            group("/user/getToken.json"),
            None,
            "the RongCloud door has its own limit"
        );
    }

    #[test]
    fn a_group_stops_at_its_quota_per_app() {
        let limits = RateLimits {
            users: 2,
            period: Duration::from_secs(3600),
            ..RateLimits::default()
        };
        let limiters = RateLimiters::new(limits);
        assert!(limiters.check("a/b", EndpointGroup::Users));
        assert!(limiters.check("a/b", EndpointGroup::Users));
        assert!(
            !limiters.check("a/b", EndpointGroup::Users),
            "the third in the period is refused"
        );
        assert!(
            limiters.check("a/c", EndpointGroup::Users),
            "another app has its own quota"
        );
        assert!(
            limiters.check("a/b", EndpointGroup::Token),
            "another group has its own quota"
        );
        let off = RateLimiters::new(RateLimits {
            enabled: false,
            users: 1,
            ..RateLimits::default()
        });
        assert!(off.check("a/b", EndpointGroup::Users) && off.check("a/b", EndpointGroup::Users));
    }
}
