//! JIDs as the SDK writes them: users are `{app_key, name, domain:"easemob.com", client_resource}`,
//! groups and chat rooms `{name:"<id>", domain:"conference.easemob.com"}` (PROTOCOL.md).

use crate::pb::Jid;

/// The domain of user JIDs.
pub const USER_DOMAIN: &str = "easemob.com";
/// The domain of group and chat-room JIDs.
pub const CONFERENCE_DOMAIN: &str = "conference.easemob.com";

/// A user's JID, with a resource when it names one device.
pub fn user(app_key: &str, name: &str, resource: Option<&str>) -> Jid {
    Jid {
        app_key: Some(app_key.to_owned()),
        name: Some(name.to_owned()),
        domain: Some(USER_DOMAIN.to_owned()),
        client_resource: resource.map(str::to_owned),
    }
}

/// A group's or chat room's JID.
pub fn conference(app_key: &str, id: &str) -> Jid {
    Jid {
        app_key: Some(app_key.to_owned()),
        name: Some(id.to_owned()),
        domain: Some(CONFERENCE_DOMAIN.to_owned()),
        client_resource: None,
    }
}

/// Whether the JID names a group or chat room rather than a user.
pub fn is_conference(jid: &Jid) -> bool {
    jid.domain
        .as_deref()
        .is_some_and(|domain| domain.starts_with("conference."))
}

/// The JID's name, or "" when absent.
pub fn name(jid: &Jid) -> &str {
    jid.name.as_deref().unwrap_or_default()
}
