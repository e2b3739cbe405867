//! Natter's domain: identifiers, apps (tenants) and the rules on them. No IO and no async runtime.

pub mod app;
pub mod chatroom;
pub mod group;
pub mod id;
pub mod user;

pub use app::{App, AppKey, AppName, NewApp, OrgName};
pub use group::{Group, GroupId, GroupLimits, GroupMember, GroupRole};
pub use id::IdGenerator;
pub use user::{NewUser, User, UserName, UsernameContext};
