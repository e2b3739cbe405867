//! `natter app create|list`, and the default app made on first start.

use anyhow::{Context, bail};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use natter_core::{App, AppKey, AppName, NewApp, OrgName};
use natter_store::{AppStore, StoreError};
use rand::Rng;
use rand::distr::Alphanumeric;
use serde_json::{Value, json};

/// Credentials in the vendors' shapes: Easemob client ids and secrets start `YXA6`; RongCloud app keys
/// are 13 lowercase letters and digits, secrets 14 letters and digits.
fn new_app(org: &str, app: &str, registration_open: bool, max_users: u64) -> anyhow::Result<NewApp> {
    let key = AppKey {
        org: OrgName::parse(org).context("invalid --org")?,
        app: AppName::parse(app).context("invalid --app")?,
    };
    let mut rng = rand::rng();
    let mut random_b64 = |bytes: usize| {
        let raw: Vec<u8> = (0..bytes).map(|_| rng.random()).collect();
        URL_SAFE_NO_PAD.encode(raw)
    };
    let client_id = format!("YXA6{}", random_b64(16));
    let client_secret = format!("YXA6{}", random_b64(24));
    let rongcloud_app_key: String = rand::rng()
        .sample_iter(&Alphanumeric)
        .map(|c| (c as char).to_ascii_lowercase())
        .take(13)
        .collect();
    let rongcloud_app_secret: String = rand::rng()
        .sample_iter(&Alphanumeric)
        .map(char::from)
        .take(14)
        .collect();
    Ok(NewApp {
        key,
        uuid: uuid::Uuid::new_v4().to_string(),
        client_id,
        client_secret,
        rongcloud_app_key,
        rongcloud_app_secret,
        registration_open,
        max_users,
        created_at_ms: now_ms(),
    })
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Creates an app; an App Key already in use is an error and writes nothing.
pub(crate) async fn create(
    store: &dyn AppStore,
    org: &str,
    app: &str,
    registration_open: bool,
    max_users: u64,
) -> anyhow::Result<App> {
    let new = new_app(org, app, registration_open, max_users)?;
    let key = new.key.clone();
    match store.create_app(new).await {
        Ok(app) => Ok(app),
        Err(StoreError::Conflict(_)) => bail!("an app {key} already exists"),
        Err(error) => Err(error).context("creating the app"),
    }
}

/// The app as `natter app create --json` prints it.
pub(crate) fn to_json(app: &App) -> Value {
    json!({
        "org": app.key.org.as_str(),
        "app": app.key.app.as_str(),
        "app_key": app.key.to_string(),
        "application": app.uuid,
        "client_id": app.client_id,
        "client_secret": app.client_secret,
        "rongcloud_app_key": app.rongcloud_app_key,
        "rongcloud_app_secret": app.rongcloud_app_secret,
        "registration_open": app.registration_open,
        "max_users": app.max_users,
    })
}

/// A human description of an app and how to reach it.
pub(crate) fn describe(app: &App, base_url: &str) -> String {
    let key = &app.key;
    format!(
        "app {key}\n  \
         Easemob / Agora Chat REST: {base_url}/{org}/{name}/   (SDK appKey \"{key}\")\n  \
         client_id:     {client_id}\n  \
         client_secret: {client_secret}\n  \
         RongCloud Server API: App-Key {rc_key}, App Secret {rc_secret}\n  \
         registration: {registration}\n  \
         app token: curl -s -X POST {base_url}/{org}/{name}/token -H 'Content-Type: application/json' \\\n    \
         -d '{{\"grant_type\":\"client_credentials\",\"client_id\":\"{client_id}\",\"client_secret\":\"{client_secret}\"}}'",
        org = key.org,
        name = key.app,
        client_id = app.client_id,
        client_secret = app.client_secret,
        rc_key = app.rongcloud_app_key,
        rc_secret = app.rongcloud_app_secret,
        registration = if app.registration_open {
            "open (no token needed)"
        } else {
            "authorized (app token needed)"
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_have_the_vendor_shapes() {
        let app = new_app("acme", "chat", false, 0).expect("valid names");
        assert!(app.client_id.starts_with("YXA6") && app.client_id.len() > 20);
        assert!(app.client_secret.starts_with("YXA6") && app.client_secret.len() > 30);
        assert_eq!(app.rongcloud_app_key.len(), 13);
        assert!(
            app.rongcloud_app_key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        );
        assert_eq!(app.rongcloud_app_secret.len(), 14);
        assert_ne!(
            new_app("acme", "chat", false, 0).expect("valid").client_secret,
            app.client_secret
        );
    }

    #[test]
    fn bad_names_are_refused() {
        assert!(new_app("", "chat", false, 0).is_err());
        assert!(new_app("acme", "a/b", false, 0).is_err());
    }
}
