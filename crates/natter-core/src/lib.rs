//! Natter's domain: identifiers, apps (tenants) and the rules on them. No IO and no async runtime.

pub mod app;

pub use app::{App, AppKey, AppName, NewApp, OrgName};
