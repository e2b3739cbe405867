//! Resolving `/{org}/{app}/…` to a stored app, or the documented 404.

use super::EasemobError;
use crate::AppState;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use natter_codes::{ErrorKind, NatterError};
use natter_core::{App, AppKey, AppName, OrgName};
use std::collections::HashMap;

/// The app a request is addressed to, and what the response envelope echoes of the request.
#[derive(Clone, Debug)]
pub struct AppContext {
    pub app: App,
    /// `http://host/org/app/...`, the envelope's `uri`.
    pub uri: String,
    /// The resource the path names (`/users`), the envelope's `path`.
    pub resource_path: String,
    /// When the request arrived, for the envelope's `duration`.
    pub started: std::time::Instant,
}

impl FromRequestParts<AppState> for AppContext {
    type Rejection = EasemobError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let started = std::time::Instant::now();
        let path = parts.uri.path().trim_start_matches('/').to_string();
        let params: Path<HashMap<String, String>> =
            Path::from_request_parts(parts, state)
                .await
                .map_err(|rejection| {
                    NatterError::new(ErrorKind::RouteNotFound).with_detail(rejection.to_string())
                })?;
        let org = params.get("org").map(String::as_str).unwrap_or_default();
        let app = params.get("app").map(String::as_str).unwrap_or_default();
        let not_found = || {
            EasemobError(
                NatterError::new(ErrorKind::AppNotFound)
                    .with_param(org)
                    .with_param(app)
                    .with_param(path.as_str()),
            )
        };
        // A name that cannot be valid cannot be stored either: same answer as an unknown app.
        let (Ok(org_name), Ok(app_name)) = (OrgName::parse(org), AppName::parse(app)) else {
            return Err(not_found());
        };
        match state
            .store
            .app_by_key(&AppKey {
                org: org_name,
                app: app_name,
            })
            .await?
        {
            Some(app) => {
                let host = parts
                    .headers
                    .get(axum::http::header::HOST)
                    .and_then(|host| host.to_str().ok());
                let uri = format!("http://{}/{path}", host.unwrap_or("localhost"));
                let resource = path.split('/').nth(2).unwrap_or("");
                Ok(AppContext {
                    app,
                    uri,
                    resource_path: format!("/{resource}"),
                    started,
                })
            }
            None => Err(not_found()),
        }
    }
}
